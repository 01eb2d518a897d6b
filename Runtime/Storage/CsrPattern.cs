using System;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// The sparsity pattern of a CSR matrix: shape, row pointers and column indices, validated once (monotone row
/// pointers from 0 to the entry count, in-range and strictly increasing column indices per row) and immutable, so
/// any number of <see cref="CsrMatrix{T}"/> can share it (<see cref="CsrMatrix{T}(CsrPattern, T[])"/>,
/// <see cref="CsrMatrix{T}.WithValues"/>) and the kernels index it without bounds checks. The work partition of a
/// thread count is cached here, so matrices sharing a pattern share it too. Build one from arrays (copied and
/// validated) or entry by entry with <see cref="CsrPatternBuilder"/>. (The compressed core is shared with
/// <see cref="CscPattern"/> and <see cref="BsrPattern"/>.)
/// </summary>
public sealed class CsrPattern
{
    internal readonly CompressedPattern Core;

    /// <summary>Copies the arrays and validates the copies.</summary>
    public CsrPattern(int rows, int columns, int[] rowPointers, int[] columnIndices)
        : this(rows, columns, Copy(rowPointers, nameof(rowPointers)), Copy(columnIndices, nameof(columnIndices)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CsrPattern(int rows, int columns, int[] rowPointers, int[] columnIndices, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(rowPointers, nameof(rowPointers));
        NotNull(columnIndices, nameof(columnIndices));
        Core = new CompressedPattern(CompressedLayout.Csr, rows, columns, rowPointers, columnIndices);
    }

    internal CsrPattern(CompressedPattern core) => Core = core;

    public int Rows => Core.OuterCount;
    public int Columns => Core.InnerCount;
    public int NonZeroCount => Core.Count;
    public ReadOnlySpan<int> RowPointers => Core.Pointers;
    public ReadOnlySpan<int> ColumnIndices => Core.Indices;

    /// <summary>parts + 1 row boundaries balancing stored entries plus one per row. The last answer is cached, so
    /// asking again with the same <paramref name="parts"/> allocates nothing.</summary>
    public ReadOnlySpan<int> GetRowPartition(int parts) => Core.GetPartition(parts);

    /// <summary>The position of (row, column) among the stored entries, or -1 when the pattern does not hold it.</summary>
    public int IndexOf(int row, int column) => Core.IndexOf(row, column, nameof(row));
}

/// <summary>
/// Collects the entries of a <see cref="CsrPattern"/> in any order and validates them: an entry outside the shape is
/// rejected when it is added, a repeated entry when the pattern is built; each message names the entry.
/// </summary>
public sealed class CsrPatternBuilder
{
    private readonly CompressedPatternBuilder _entries;

    public CsrPatternBuilder(int rows, int columns)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        _entries = new CompressedPatternBuilder(CompressedLayout.Csr, rows, columns);
    }

    public int Rows => _entries.Rows;
    public int Columns => _entries.Columns;

    /// <summary>Entries added so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds entry (row, column); <see cref="SparseFormatException"/> when it lies outside the shape.</summary>
    public CsrPatternBuilder Add(int row, int column)
    {
        _entries.Add(row, column);
        return this;
    }

    /// <summary>Adds the entries of one row (any order).</summary>
    public CsrPatternBuilder AddRow(int row, ReadOnlySpan<int> columns)
    {
        foreach (int c in columns) _entries.Add(row, c);
        return this;
    }

    /// <summary>The pattern of the entries added so far (rows sorted by column); <see cref="SparseFormatException"/>
    /// naming the first entry that was added twice.</summary>
    public CsrPattern Build() => new(_entries.Build());
}
