using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>How one compressed layout names its parts in messages, and whether its outer index is the row (CSR,
/// BSR) or the column (CSC: the CSR pattern of the transpose).</summary>
internal sealed record CompressedLayout(
    string PointerName, string OuterWord, string IndexName, string IndexPhrase, string InnerPlural,
    string EntryWord, string RowWord, string ColumnWord, bool OuterIsRow)
{
    public static readonly CompressedLayout Csr = new("RowPointers", "row", "ColumnIndices", "column indices", "columns", "entry", "row", "column", OuterIsRow: true);
    public static readonly CompressedLayout Csc = new("ColumnPointers", "column", "RowIndices", "row indices", "rows", "entry", "row", "column", OuterIsRow: false);
    public static readonly CompressedLayout Bsr = new("BlockRowPointers", "block row", "BlockColumnIndices", "block column indices", "block columns", "block", "block row", "block column", OuterIsRow: true);
}

/// <summary>
/// The one compressed-pattern core behind <see cref="CsrPattern"/>, <see cref="CscPattern"/> and
/// <see cref="BsrPattern"/>: outer pointers and strictly increasing inner indices per outer slot, validated once at
/// construction (<see cref="StructureCheck.Compressed{TIndex}"/>), with the cached work partition, the lookup of an
/// entry, the walk of its entries and the move of values onto another pattern.
/// </summary>
internal sealed class CompressedPattern
{
    internal readonly CompressedLayout Layout;
    internal readonly int OuterCount, InnerCount;
    internal readonly int[] Pointers, Indices;
    private int[]? _partition;

    /// <summary>Takes the arrays (callers copy a user's arrays first) and validates them.</summary>
    internal CompressedPattern(CompressedLayout layout, int outerCount, int innerCount, int[] pointers, int[] indices)
    {
        Compressed(pointers, layout.PointerName, outerCount, layout.OuterWord, indices, layout.IndexName, layout.IndexPhrase, innerCount, layout.InnerPlural);
        Layout = layout;
        OuterCount = outerCount;
        InnerCount = innerCount;
        Pointers = pointers;
        Indices = indices;
    }

    internal int Count => Pointers[OuterCount];

    /// <summary>Parts of the cached partition (the last <see cref="GetPartition"/> asked for), 0 before any: what tests observe.</summary>
    internal int CachedPartitionParts => Volatile.Read(ref _partition) is { } cached ? cached.Length - 1 : 0;

    /// <summary>parts + 1 outer boundaries balancing entries plus one per outer slot; the last answer is cached.</summary>
    internal ReadOnlySpan<int> GetPartition(int parts)
    {
        int[]? cached = Volatile.Read(ref _partition);
        if (cached is not null && cached.Length == parts + 1)
            return cached;
        int[] fresh = WorkPartition.ByPrefix(Pointers, parts);
        Volatile.Write(ref _partition, fresh);
        return fresh;
    }

    /// <summary>The position of (outer, inner) among the entries, or -1 when the pattern does not hold it.</summary>
    internal int IndexOf(int outer, int inner, string outerName)
    {
        if ((uint)outer >= (uint)OuterCount)
            throw new ArgumentOutOfRangeException(outerName, outer, $"{outerName} must be in [0, {S(OuterCount)}).");
        int start = Pointers[outer];
        int found = Array.BinarySearch(Indices, start, Pointers[outer + 1] - start, inner);
        return found < 0 ? -1 : found;
    }

    /// <summary>Every entry with its value, outer slot by outer slot (the storage order of CSR and CSC).</summary>
    internal void ForEach<T, TVisitor>(T[] values, ref TVisitor visitor)
        where T : unmanaged, INumberBase<T> where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int[] pointers = Pointers, indices = Indices;
        bool outerIsRow = Layout.OuterIsRow;
        for (int o = 0; o < OuterCount; o++)
            for (int k = pointers[o]; k < pointers[o + 1]; k++)
            {
                if (outerIsRow) visitor.Visit(o, indices[k], values[k]);
                else visitor.Visit(indices[k], o, values[k]);
            }
    }

    /// <summary>The values of <paramref name="target"/> (same outer and inner counts): each entry both patterns hold
    /// keeps its <paramref name="width"/> values (1 for CSR/CSC, one block for BSR), new entries are zero.</summary>
    internal T[] MoveValues<T>(T[] values, CompressedPattern target, int width) where T : unmanaged, INumberBase<T>
    {
        var moved = new T[(long)target.Count * width];
        int[] newPointers = target.Pointers, newIndices = target.Indices;
        for (int o = 0; o < OuterCount; o++)
        {
            // both slots are sorted: merge
            int k = Pointers[o], end = Pointers[o + 1];
            for (int p = newPointers[o]; p < newPointers[o + 1]; p++)
            {
                while (k < end && Indices[k] < newIndices[p]) k++;
                if (k < end && Indices[k] == newIndices[p])
                    Array.Copy(values, (long)k * width, moved, (long)p * width, width);
            }
        }
        return moved;
    }
}

/// <summary>The builder core behind the public pattern builders: entries in any order, each checked against the
/// shape when added; <see cref="Build"/> sorts them into a validated <see cref="CompressedPattern"/> and names the
/// first entry added twice. Entries are (row, column) in the caller's words (block row and block column for BSR).</summary>
internal sealed class CompressedPatternBuilder
{
    private readonly CompressedLayout _layout;
    private readonly List<(int Outer, int Inner)> _entries = new();

    internal CompressedPatternBuilder(CompressedLayout layout, int rows, int columns)
    {
        _layout = layout;
        Rows = rows;
        Columns = columns;
    }

    internal int Rows { get; }
    internal int Columns { get; }
    internal int Count => _entries.Count;

    internal void Add(int row, int column)
    {
        CompressedLayout l = _layout;
        if ((uint)row >= (uint)Rows)
            throw new SparseFormatException($"{l.EntryWord} ({S(row)}, {S(column)}) is out of range: the {l.RowWord} must be in [0, {S(Rows)}) ({S(Rows)} {l.RowWord}s).");
        if ((uint)column >= (uint)Columns)
            throw new SparseFormatException($"{l.EntryWord} ({S(row)}, {S(column)}) is out of range: the {l.ColumnWord} must be in [0, {S(Columns)}) ({S(Columns)} {l.ColumnWord}s).");
        _entries.Add(l.OuterIsRow ? (row, column) : (column, row));
    }

    internal CompressedPattern Build()
    {
        int outerCount = _layout.OuterIsRow ? Rows : Columns, innerCount = _layout.OuterIsRow ? Columns : Rows;
        var pointers = new int[outerCount + 1];
        foreach (var (outer, _) in _entries) pointers[outer + 1]++;
        for (int o = 0; o < outerCount; o++) pointers[o + 1] += pointers[o];
        var next = (int[])pointers.Clone();
        var indices = new int[_entries.Count];
        foreach (var (outer, inner) in _entries) indices[next[outer]++] = inner;
        for (int o = 0; o < outerCount; o++)
        {
            int start = pointers[o], length = pointers[o + 1] - start;
            Array.Sort(indices, start, length);
            for (int k = start + 1; k < start + length; k++)
                if (indices[k] == indices[k - 1])
                {
                    var (row, column) = _layout.OuterIsRow ? (o, indices[k]) : (indices[k], o);
                    throw new SparseFormatException($"{_layout.EntryWord} ({S(row)}, {S(column)}) was added twice: a pattern holds each {_layout.EntryWord} once.");
                }
        }
        return new CompressedPattern(_layout, outerCount, innerCount, pointers, indices);
    }
}
