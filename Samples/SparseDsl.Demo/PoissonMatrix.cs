namespace SparseDsl.Demo;

/// <summary>Assembles the 5-point Laplacian on an n x n grid as CSR (the same operator the stencil applies).</summary>
public static class PoissonMatrix
{
    public static CsrMatrix<double> Assemble(int n)
    {
        int size = n * n;
        var rowPointers = new int[size + 1];
        var columns = new int[5 * size];
        var values = new double[5 * size];
        int nnz = 0;
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int row = i + n * j;
                // Columns in increasing order: south, west, centre, east, north.
                if (j > 0) { columns[nnz] = row - n; values[nnz++] = -1; }
                if (i > 0) { columns[nnz] = row - 1; values[nnz++] = -1; }
                columns[nnz] = row; values[nnz++] = 4;
                if (i + 1 < n) { columns[nnz] = row + 1; values[nnz++] = -1; }
                if (j + 1 < n) { columns[nnz] = row + n; values[nnz++] = -1; }
                rowPointers[row + 1] = nnz;
            }
        }
        System.Array.Resize(ref columns, nnz);
        System.Array.Resize(ref values, nnz);
        return new CsrMatrix<double>(size, size, rowPointers, columns, values);
    }
}
