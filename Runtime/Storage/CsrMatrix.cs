using System;
using System.Numerics;
using System.Threading;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Compressed sparse row storage with 32-bit indices: a <see cref="CsrPattern"/> (shape, row pointers, column
/// indices; validated once and immutable, possibly shared with other matrices) and this matrix's own values. After
/// validation the generated kernels index it without bounds checks. <see cref="Values"/> stays writable: the checked
/// way to update values on a fixed pattern; <see cref="WithValues"/> and <see cref="WithPattern"/> make matrices that
/// share or replace the pattern.
/// </summary>
public sealed class CsrMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly CsrPattern _pattern;
    private readonly int[] _rowPointers, _columnIndices;   // the pattern's arrays
    private readonly T[] _values;

    /// <summary>Copies the three arrays and validates the copies (monotone row pointers starting at 0 and ending at
    /// nnz, in-range, strictly increasing column indices per row, matching lengths).</summary>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, T[] values)
        : this(rows, columns, Copy(rowPointers, nameof(rowPointers)), Copy(columnIndices, nameof(columnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Values on a validated pattern: copies <paramref name="values"/> and checks only its length (one value
    /// per stored entry); the pattern is shared, not copied.</summary>
    public CsrMatrix(CsrPattern pattern, T[] values) : this(pattern, Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, T[] values, bool owned)
        : this(NewPattern(rows, columns, rowPointers, columnIndices, values), values, owned)
    {
    }

    internal CsrMatrix(CsrPattern pattern, T[] values, bool owned)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        NotNull(values, nameof(values));
        Length("Values", values.Length, pattern.NonZeroCount, "one value per stored entry of the pattern");
        _pattern = pattern;
        _rowPointers = pattern.RowPointerArray;
        _columnIndices = pattern.ColumnIndexArray;
        _values = values;
    }

    private static CsrPattern NewPattern(int rows, int columns, int[] rowPointers, int[] columnIndices, T[] values)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(rowPointers, nameof(rowPointers));
        NotNull(columnIndices, nameof(columnIndices));
        NotNull(values, nameof(values));
        Length("Values", values.Length, columnIndices.Length, "one value per column index");
        return new CsrPattern(rows, columns, rowPointers, columnIndices, owned: true);
    }

    /// <summary>The validated, immutable sparsity pattern (shared by every matrix made from it).</summary>
    public CsrPattern Pattern => _pattern;
    public int Rows => _pattern.Rows;
    public int Columns => _pattern.Columns;
    public int NonZeroCount => _rowPointers[Rows];
    public ReadOnlySpan<int> RowPointers => _rowPointers;
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>parts + 1 row boundaries balancing nonzeros plus one per row, cached on the pattern (see
    /// <see cref="CsrPattern.GetRowPartition"/>).</summary>
    public ReadOnlySpan<int> GetRowPartition(int parts) => _pattern.GetRowPartition(parts);

    /// <summary>A matrix on the same pattern (shared, not copied) with a copy of <paramref name="values"/>.</summary>
    public CsrMatrix<T> WithValues(T[] values) => new(_pattern, values);

    /// <summary>A matrix on <paramref name="pattern"/> (same shape): entries both patterns hold keep their value, new
    /// entries are zero, entries the new pattern drops are gone.</summary>
    public CsrMatrix<T> WithPattern(CsrPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Rows != Rows || pattern.Columns != Columns)
            throw new ShapeMismatchException($"the new pattern is {S(pattern.Rows)}x{S(pattern.Columns)} but the matrix is {S(Rows)}x{S(Columns)}.", nameof(pattern));
        if (ReferenceEquals(pattern, _pattern)) return new CsrMatrix<T>(pattern, (T[])_values.Clone(), owned: true);
        var values = new T[pattern.NonZeroCount];
        int[] newPointers = pattern.RowPointerArray, newColumns = pattern.ColumnIndexArray;
        for (int r = 0; r < Rows; r++)
        {
            // both rows are sorted: merge
            int k = _rowPointers[r], end = _rowPointers[r + 1];
            for (int p = newPointers[r]; p < newPointers[r + 1]; p++)
            {
                while (k < end && _columnIndices[k] < newColumns[p]) k++;
                if (k < end && _columnIndices[k] == newColumns[p]) values[p] = _values[k];
            }
        }
        return new CsrMatrix<T>(pattern, values, owned: true);
    }

    /// <summary>Sorts the triplets by (row, column) and sums duplicates (explicit zeros are kept).</summary>
    public static CsrMatrix<T> FromCoo(CooMatrix<T> coo)
    {
        ArgumentNullException.ThrowIfNull(coo);
        return StoredEntries.ToCsr(coo);
    }

    /// <summary>CSR holding the nonzero entries of <paramref name="dense"/> (zeros are dropped).</summary>
    public static CsrMatrix<T> FromDense(DenseMatrix<T> dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        return StoredEntries.ToCsr(dense, dropZeros: true);
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>Every stored entry, row by row (explicit zeros included).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int[] pointers = _rowPointers, columns = _columnIndices;
        T[] values = _values;
        for (int r = 0; r < Rows; r++)
            for (int k = pointers[r]; k < pointers[r + 1]; k++)
                visitor.Visit(r, columns[k], values[k]);
    }

    /// <summary>Row-major dense copy.</summary>
    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);

    /// <summary>Itself (every format has ToCsr).</summary>
    public CsrMatrix<T> ToCsr() => this;

    /// <summary>The same entries in compressed sparse column form (row indices sorted within each column).</summary>
    public CscMatrix<T> ToCsc()
    {
        var t = StoredEntries.Compress(this, byColumn: true, dropZeros: false);
        return new CscMatrix<T>(Rows, Columns, t.Pointers, t.Indices, t.Values, owned: true);
    }

    /// <summary>The transpose as a new CSR matrix (the CSC arrays of this matrix).</summary>
    public CsrMatrix<T> Transpose()
    {
        var t = StoredEntries.Compress(this, byColumn: true, dropZeros: false);
        return new CsrMatrix<T>(Columns, Rows, t.Pointers, t.Indices, t.Values, owned: true);
    }

    /// <summary>Coordinate triplets in row-major order.</summary>
    public CooMatrix<T> ToCoo()
    {
        int nnz = NonZeroCount;
        var rows = new int[nnz];
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++) rows[k] = r;
        return new CooMatrix<T>(Rows, Columns, rows, (int[])_columnIndices.Clone(), (T[])_values.Clone(), owned: true);
    }
}
