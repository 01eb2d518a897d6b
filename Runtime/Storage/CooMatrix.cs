using System;
using System.Collections.Generic;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>Coordinate triplets (any order; duplicates add up). Indices must be in range and the arrays equally long.
/// The constructor copies the arrays; the indices are read-only after validation, <see cref="Values"/> stays writable.</summary>
public sealed class CooMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly int[] _rowIndices, _columnIndices;
    private readonly T[] _values;

    public CooMatrix(int rows, int columns, int[] rowIndices, int[] columnIndices, T[] values)
        : this(rows, columns, Copy(rowIndices, nameof(rowIndices)), Copy(columnIndices, nameof(columnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CooMatrix(int rows, int columns, int[] rowIndices, int[] columnIndices, T[] values, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(rowIndices, nameof(rowIndices));
        NotNull(columnIndices, nameof(columnIndices));
        NotNull(values, nameof(values));
        Length("RowIndices", rowIndices.Length, values.Length, "one row index per value");
        Length("ColumnIndices", columnIndices.Length, values.Length, "one column index per value");
        for (int k = 0; k < values.Length; k++)
        {
            if ((uint)rowIndices[k] >= (uint)rows)
                throw new SparseFormatException($"RowIndices[{S(k)}] = {S(rowIndices[k])} is out of range: it must be in [0, {S(rows)}) ({S(rows)} rows).");
            if ((uint)columnIndices[k] >= (uint)columns)
                throw new SparseFormatException($"ColumnIndices[{S(k)}] = {S(columnIndices[k])} is out of range: it must be in [0, {S(columns)}) ({S(columns)} columns).");
        }
        Rows = rows; Columns = columns; _rowIndices = rowIndices; _columnIndices = columnIndices; _values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => _values.Length;
    public ReadOnlySpan<int> RowIndices => _rowIndices;
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>Collects (row, column, value) triplets in the given order (validated by the constructor).</summary>
    public static CooMatrix<T> FromTriplets(int rows, int cols, IEnumerable<(int Row, int Column, T Value)> triplets)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        var r = new List<int>();
        var c = new List<int>();
        var v = new List<T>();
        foreach (var t in triplets) { r.Add(t.Row); c.Add(t.Column); v.Add(t.Value); }
        return new CooMatrix<T>(rows, cols, r.ToArray(), c.ToArray(), v.ToArray(), owned: true);
    }

    /// <summary>Sorted CSR with duplicates summed.</summary>
    public CsrMatrix<T> ToCsr() => CsrMatrix<T>.FromCoo(this);

    /// <summary>Dense copy (duplicates summed).</summary>
    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>Every triplet in storage order (duplicates and explicit zeros included).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int[] rows = _rowIndices, columns = _columnIndices;
        T[] values = _values;
        for (int k = 0; k < values.Length; k++)
            visitor.Visit(rows[k], columns[k], values[k]);
    }
}
