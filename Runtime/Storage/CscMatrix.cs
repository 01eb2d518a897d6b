using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>Compressed sparse column storage with 32-bit indices (row indices strictly increasing per column). The
/// constructor copies the arrays; the structure is read-only after validation, <see cref="Values"/> stays writable.</summary>
public sealed class CscMatrix<T> where T : unmanaged, INumber<T>
{
    private readonly int[] _columnPointers, _rowIndices;
    private readonly T[] _values;

    public CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values)
        : this(rows, columns, Copy(columnPointers, nameof(columnPointers)), Copy(rowIndices, nameof(rowIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(columnPointers, nameof(columnPointers));
        NotNull(rowIndices, nameof(rowIndices));
        NotNull(values, nameof(values));
        Length("Values", values.Length, rowIndices.Length, "one value per row index");
        Compressed(columnPointers, "ColumnPointers", columns, "column", rowIndices, "RowIndices", "row indices", rows, "rows");
        Rows = rows; Columns = columns; _columnPointers = columnPointers; _rowIndices = rowIndices; _values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => _columnPointers[Columns];
    public ReadOnlySpan<int> ColumnPointers => _columnPointers;
    public ReadOnlySpan<int> RowIndices => _rowIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    public static CscMatrix<T> FromCsr(CsrMatrix<T> csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        return csr.ToCsc();
    }

    /// <summary>CSC of A holds exactly the CSR arrays of A', so this transposes back.</summary>
    public CsrMatrix<T> ToCsr() => new CsrMatrix<T>(Columns, Rows, _columnPointers, _rowIndices, _values, owned: true).Transpose();

    public DenseMatrix<T> ToDense() => ToCsr().ToDense();
}
