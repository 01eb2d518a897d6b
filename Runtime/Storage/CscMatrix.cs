using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Compressed sparse column storage with 32-bit indices: a <see cref="CscPattern"/> (shape, column pointers, row
/// indices strictly increasing per column; validated once and immutable, possibly shared with other matrices) and
/// this matrix's own values. <see cref="Values"/> stays writable; <see cref="WithValues"/> and
/// <see cref="WithPattern"/> make matrices that share or replace the pattern.
/// </summary>
public sealed class CscMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly CscPattern _pattern;
    private readonly int[] _columnPointers, _rowIndices;   // the pattern's arrays
    private readonly T[] _values;

    /// <summary>Copies the three arrays and validates the copies.</summary>
    public CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values)
        : this(rows, columns, Copy(columnPointers, nameof(columnPointers)), Copy(rowIndices, nameof(rowIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Values on a validated pattern: copies <paramref name="values"/> and checks only its length; the
    /// pattern is shared, not copied.</summary>
    public CscMatrix(CscPattern pattern, T[] values) : this(pattern, Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values, bool owned)
        : this(NewPattern(rows, columns, columnPointers, rowIndices, values), values, owned)
    {
    }

    internal CscMatrix(CscPattern pattern, T[] values, bool owned)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        NotNull(values, nameof(values));
        Length("Values", values.Length, pattern.NonZeroCount, "one value per stored entry of the pattern");
        _pattern = pattern;
        _columnPointers = pattern.Core.Pointers;
        _rowIndices = pattern.Core.Indices;
        _values = values;
    }

    private static CscPattern NewPattern(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values)
    {
        CompressedArguments(rows, columns, columnPointers, nameof(columnPointers), rowIndices, nameof(rowIndices), values, "row index");
        return new CscPattern(rows, columns, columnPointers, rowIndices, owned: true);
    }

    /// <summary>The validated, immutable sparsity pattern (shared by every matrix made from it).</summary>
    public CscPattern Pattern => _pattern;
    public int Rows => _pattern.Rows;
    public int Columns => _pattern.Columns;
    public int NonZeroCount => _columnPointers[Columns];
    public ReadOnlySpan<int> ColumnPointers => _columnPointers;
    public ReadOnlySpan<int> RowIndices => _rowIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>A matrix on the same pattern (shared, not copied) with a copy of <paramref name="values"/>.</summary>
    public CscMatrix<T> WithValues(T[] values) => new(_pattern, values);

    /// <summary>A matrix on <paramref name="pattern"/> (same shape): entries both patterns hold keep their value, new
    /// entries are zero, entries the new pattern drops are gone.</summary>
    public CscMatrix<T> WithPattern(CscPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Rows != Rows || pattern.Columns != Columns)
            throw new ShapeMismatchException($"the new pattern is {S(pattern.Rows)}x{S(pattern.Columns)} but the matrix is {S(Rows)}x{S(Columns)}.", nameof(pattern));
        T[] values = ReferenceEquals(pattern, _pattern) ? (T[])_values.Clone() : _pattern.Core.MoveValues(_values, pattern.Core, 1);
        return new CscMatrix<T>(pattern, values, owned: true);
    }

    public static CscMatrix<T> FromCsr(CsrMatrix<T> csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        return csr.ToCsc();
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>Every stored entry, column by column with increasing rows (explicit zeros included).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
        => _pattern.Core.ForEach(_values, ref visitor);

    /// <summary>The same entries in CSR form (explicit zeros kept).</summary>
    public CsrMatrix<T> ToCsr() => StoredEntries.ToCsr(this);

    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);
}
