namespace SparseDsl;

/// <summary>The extents of a stencil's grid (1-D: Ny = Nz = 1). Points are numbered x fastest: (x, y, z) -> x + Nx * (y + Ny * z).</summary>
public readonly record struct GridShape(int Nx, int Ny = 1, int Nz = 1)
{
    public int PointCount => checked(Nx * Ny * Nz);
}
