using System;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// The sparsity pattern of a CSC matrix: shape, column pointers and row indices (strictly increasing per column),
/// validated once and immutable, shared by any number of <see cref="CscMatrix{T}"/>. It is the CSR pattern of the
/// transpose and uses the same compressed core as <see cref="CsrPattern"/>. Build one from arrays (copied and
/// validated) or entry by entry with <see cref="CscPatternBuilder"/>.
/// </summary>
public sealed class CscPattern
{
    internal readonly CompressedPattern Core;

    /// <summary>Copies the arrays and validates the copies.</summary>
    public CscPattern(int rows, int columns, int[] columnPointers, int[] rowIndices)
        : this(rows, columns, Copy(columnPointers, nameof(columnPointers)), Copy(rowIndices, nameof(rowIndices)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CscPattern(int rows, int columns, int[] columnPointers, int[] rowIndices, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(columnPointers, nameof(columnPointers));
        NotNull(rowIndices, nameof(rowIndices));
        Core = new CompressedPattern(CompressedLayout.Csc, columns, rows, columnPointers, rowIndices);
    }

    internal CscPattern(CompressedPattern core) => Core = core;

    public int Rows => Core.InnerCount;
    public int Columns => Core.OuterCount;
    public int NonZeroCount => Core.Count;
    public ReadOnlySpan<int> ColumnPointers => Core.Pointers;
    public ReadOnlySpan<int> RowIndices => Core.Indices;

    /// <summary>The position of (row, column) among the stored entries, or -1 when the pattern does not hold it.</summary>
    public int IndexOf(int row, int column) => Core.IndexOf(column, row, nameof(column));
}

/// <summary>
/// Collects the entries of a <see cref="CscPattern"/> in any order and validates them like
/// <see cref="CsrPatternBuilder"/>: an entry outside the shape when it is added, a repeated entry when the pattern is built.
/// </summary>
public sealed class CscPatternBuilder
{
    private readonly CompressedPatternBuilder _entries;

    public CscPatternBuilder(int rows, int columns)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        _entries = new CompressedPatternBuilder(CompressedLayout.Csc, rows, columns);
    }

    public int Rows => _entries.Rows;
    public int Columns => _entries.Columns;

    /// <summary>Entries added so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds entry (row, column); <see cref="SparseFormatException"/> when it lies outside the shape.</summary>
    public CscPatternBuilder Add(int row, int column)
    {
        _entries.Add(row, column);
        return this;
    }

    /// <summary>Adds the entries of one column (any order).</summary>
    public CscPatternBuilder AddColumn(int column, ReadOnlySpan<int> rows)
    {
        foreach (int r in rows) _entries.Add(r, column);
        return this;
    }

    /// <summary>The pattern of the entries added so far (columns sorted by row); <see cref="SparseFormatException"/>
    /// naming the first entry that was added twice.</summary>
    public CscPattern Build() => new(_entries.Build());
}
