using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>Compressed sparse column storage with 32-bit indices (row indices strictly increasing per column).</summary>
public sealed class CscMatrix<T> where T : unmanaged, INumber<T>
{
    public CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(columnPointers, nameof(columnPointers));
        NotNull(rowIndices, nameof(rowIndices));
        NotNull(values, nameof(values));
        Length("Values", values.Length, rowIndices.Length, "one value per row index");
        Compressed(columnPointers, "ColumnPointers", columns, "column", rowIndices, "RowIndices", "row indices", rows, "rows");
        Rows = rows; Columns = columns; ColumnPointers = columnPointers; RowIndices = rowIndices; Values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => ColumnPointers[Columns];
    public int[] ColumnPointers { get; }
    public int[] RowIndices { get; }
    public T[] Values { get; }

    public static CscMatrix<T> FromCsr(CsrMatrix<T> csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        return csr.ToCsc();
    }

    /// <summary>CSC of A holds exactly the CSR arrays of A', so this transposes back.</summary>
    public CsrMatrix<T> ToCsr() => new CsrMatrix<T>(Columns, Rows, ColumnPointers, RowIndices, Values).Transpose();

    public DenseMatrix<T> ToDense() => ToCsr().ToDense();
}
