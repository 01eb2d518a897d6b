using System;
using System.Threading;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// The sparsity pattern of a CSR matrix: shape, row pointers and column indices, validated once (monotone row
/// pointers from 0 to the entry count, in-range and strictly increasing column indices per row) and immutable, so
/// any number of <see cref="CsrMatrix{T}"/> can share it (<see cref="CsrMatrix{T}(CsrPattern, T[])"/>,
/// <see cref="CsrMatrix{T}.WithValues"/>) and the kernels index it without bounds checks. The work partition of a
/// thread count is cached here, so matrices sharing a pattern share it too. Build one from arrays (copied and
/// validated) or entry by entry with <see cref="CsrPatternBuilder"/>.
/// </summary>
public sealed class CsrPattern
{
    internal readonly int[] RowPointerArray, ColumnIndexArray;
    private int[]? _rowPartition;

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
        Compressed(rowPointers, "RowPointers", rows, "row", columnIndices, "ColumnIndices", "column indices", columns, "columns");
        Rows = rows;
        Columns = columns;
        RowPointerArray = rowPointers;
        ColumnIndexArray = columnIndices;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => RowPointerArray[Rows];
    public ReadOnlySpan<int> RowPointers => RowPointerArray;
    public ReadOnlySpan<int> ColumnIndices => ColumnIndexArray;

    /// <summary>parts + 1 row boundaries balancing stored entries plus one per row. The last answer is cached, so
    /// asking again with the same <paramref name="parts"/> allocates nothing.</summary>
    public ReadOnlySpan<int> GetRowPartition(int parts)
    {
        int[]? cached = Volatile.Read(ref _rowPartition);
        if (cached is not null && cached.Length == parts + 1)
            return cached;
        int[] fresh = WorkPartition.ByPrefix(RowPointerArray, parts);
        Volatile.Write(ref _rowPartition, fresh);
        return fresh;
    }

    /// <summary>The position of (row, column) among the stored entries, or -1 when the pattern does not hold it.</summary>
    public int IndexOf(int row, int column)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {S(Rows)}).");
        int start = RowPointerArray[row];
        int found = Array.BinarySearch(ColumnIndexArray, start, RowPointerArray[row + 1] - start, column);
        return found < 0 ? -1 : found;
    }
}

/// <summary>
/// Collects the entries of a <see cref="CsrPattern"/> in any order and validates them: an entry outside the shape is
/// rejected when it is added, a repeated entry when the pattern is built; each message names the entry.
/// </summary>
public sealed class CsrPatternBuilder
{
    private readonly System.Collections.Generic.List<(int Row, int Column)> _entries = new();

    public CsrPatternBuilder(int rows, int columns)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Entries added so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds entry (row, column); <see cref="SparseFormatException"/> when it lies outside the shape.</summary>
    public CsrPatternBuilder Add(int row, int column)
    {
        if ((uint)row >= (uint)Rows)
            throw new SparseFormatException($"entry ({S(row)}, {S(column)}) is out of range: the row must be in [0, {S(Rows)}) ({S(Rows)} rows).");
        if ((uint)column >= (uint)Columns)
            throw new SparseFormatException($"entry ({S(row)}, {S(column)}) is out of range: the column must be in [0, {S(Columns)}) ({S(Columns)} columns).");
        _entries.Add((row, column));
        return this;
    }

    /// <summary>Adds the entries of one row (any order).</summary>
    public CsrPatternBuilder AddRow(int row, ReadOnlySpan<int> columns)
    {
        foreach (int c in columns) Add(row, c);
        return this;
    }

    /// <summary>The pattern of the entries added so far (rows sorted by column); <see cref="SparseFormatException"/>
    /// naming the first entry that was added twice.</summary>
    public CsrPattern Build()
    {
        var pointers = new int[Rows + 1];
        foreach (var (row, _) in _entries) pointers[row + 1]++;
        for (int r = 0; r < Rows; r++) pointers[r + 1] += pointers[r];
        var next = (int[])pointers.Clone();
        var columns = new int[_entries.Count];
        foreach (var (row, column) in _entries) columns[next[row]++] = column;
        for (int r = 0; r < Rows; r++)
        {
            int start = pointers[r], length = pointers[r + 1] - start;
            Array.Sort(columns, start, length);
            for (int k = start + 1; k < start + length; k++)
                if (columns[k] == columns[k - 1])
                    throw new SparseFormatException($"entry ({S(r)}, {S(columns[k])}) was added twice: a pattern holds each entry once.");
        }
        return new CsrPattern(Rows, Columns, pointers, columns, owned: true);
    }
}
