using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>Compressed sparse column storage with 32-bit indices (row indices strictly increasing per column). The
/// constructor copies the arrays; the structure is read-only after validation, <see cref="Values"/> stays writable.</summary>
public sealed class CscMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
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

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>Every stored entry, column by column (explicit zeros included).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int[] pointers = _columnPointers, rows = _rowIndices;
        T[] values = _values;
        for (int c = 0; c < Columns; c++)
            for (int k = pointers[c]; k < pointers[c + 1]; k++)
                visitor.Visit(rows[k], c, values[k]);
    }

    /// <summary>The same entries in CSR form (explicit zeros kept).</summary>
    public CsrMatrix<T> ToCsr() => StoredEntries.ToCsr(this);

    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);
}
