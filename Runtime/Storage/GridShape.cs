using System;
using System.Globalization;

namespace SparseDsl;

/// <summary>The extents of a stencil's grid (1-D: Ny = Nz = 1). Points are numbered x fastest: (x, y, z) -> x + Nx * (y + Ny * z).</summary>
public readonly record struct GridShape(int Nx, int Ny = 1, int Nz = 1)
{
    /// <summary>Nx * Ny * Nz; <see cref="ArgumentException"/> naming the extents when the product exceeds 2^31-1
    /// (a vector over the grid could not be indexed).</summary>
    public int PointCount
    {
        get
        {
            Int128 points = (Int128)Nx * Ny * Nz;
            if (points > int.MaxValue)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"a {Nx} x {Ny} x {Nz} grid has {points} points; the limit is {int.MaxValue} (2^31-1)."));
            return (int)points;
        }
    }
}
