using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseDsl;

/// <summary>
/// The stored variant's cache of a <see cref="RandomProjectionPattern"/>: every column's nonzeros (row·2 + 1 if
/// negative), in one of two layouts.
/// <list type="bullet">
/// <item>Compact (k ≤ <see cref="CompactMaxRows"/>): one uint per column holding two 16-bit slots (the first two
/// nonzeros; 0xFFFF = none). Very sparse columns rarely have more than two nonzeros (k·p ≈ 0.8 for k = 256 and
/// p = 1/√(10^5)); a column that does has 0xFFFE in its second slot, and its nonzeros from the second on sit in an
/// overflow table found through a bitmap of such columns with a rank per 64 columns. A column costs one 4-byte read.</item>
/// <item>Wide (larger k): column pointers (d + 1 ints) and one int per nonzero, plus two ints of padding so that a
/// column's first two slots can always be read.</item>
/// </list>
/// </summary>
internal sealed class RandomProjectionStore
{
    /// <summary>The largest k of the compact layout: row·2 + 1 must stay below the two reserved slot codes.</summary>
    public const int CompactMaxRows = 32_767;

    /// <summary>Slot code: no nonzero.</summary>
    public const int Absent = 0xFFFF;

    /// <summary>Second-slot code: the column's nonzeros from the second on are in the overflow table.</summary>
    public const int More = 0xFFFE;

    public readonly bool Compact;
    public readonly uint[] Slots = Array.Empty<uint>();                 // compact
    public readonly ulong[] OverflowBits = Array.Empty<ulong>();        // compact: bit j = column j overflows
    public readonly int[] OverflowRank = Array.Empty<int>();            // compact: overflowing columns before each 64
    public readonly int[] OverflowPointers = Array.Empty<int>();        // compact: per overflowing column, into OverflowEntries
    public readonly int[] OverflowEntries = Array.Empty<int>();         // compact: their nonzeros from the second on
    public readonly int[] Pointers = Array.Empty<int>();                // wide
    public readonly int[] Entries = Array.Empty<int>();                 // wide (+ 2 padding)

    public RandomProjectionStore(RandomProjectionPattern pattern)
    {
        int d = pattern.Columns;
        var walker = new RandomProjectionPattern.ColumnWalker(pattern);
        Compact = pattern.Rows <= CompactMaxRows;
        if (!Compact)
        {
            Pointers = new int[d + 1];
            var entries = new Growing(pattern.Density * pattern.Rows * (double)d);
            for (int j = 0; j < d; j++)
            {
                walker.Start(j);
                while (walker.Next(out int packed)) entries.Add(packed);
                Pointers[j + 1] = entries.Count;
            }
            entries.Add(0);
            entries.Add(0);
            Entries = entries.ToArray();
            NonZeroCount = Pointers[d];
            return;
        }
        Slots = new uint[d];
        int words = (d + 63) / 64;
        OverflowBits = new ulong[words];
        OverflowRank = new int[words];
        var overflowPointers = new Growing(64);
        overflowPointers.Add(0);
        var overflow = new Growing(64);
        long nonzeros = 0;
        for (int j = 0; j < d; j++)
        {
            walker.Start(j);
            int first = Absent, second = Absent, count = 0;
            while (walker.Next(out int packed))
            {
                count++;
                if (count == 1) first = packed;
                else if (count == 2) second = packed;
                else
                {
                    if (count == 3) overflow.Add(second);
                    overflow.Add(packed);
                }
            }
            nonzeros += count;
            if (count > 2)
            {
                second = More;
                OverflowBits[j >> 6] |= 1UL << (j & 63);
                overflowPointers.Add(overflow.Count);
            }
            Slots[j] = (uint)first | ((uint)second << 16);
        }
        for (int w = 1; w < words; w++) OverflowRank[w] = OverflowRank[w - 1] + BitOperations.PopCount(OverflowBits[w - 1]);
        OverflowPointers = overflowPointers.ToArray();
        OverflowEntries = overflow.ToArray();
        NonZeroCount = nonzeros;
    }

    /// <summary>The number of nonzeros of R.</summary>
    public long NonZeroCount { get; }

    /// <summary>Bytes of the cache's arrays.</summary>
    public long StoredBytes =>
        4L * Slots.Length + 8L * OverflowBits.Length + 4L * OverflowRank.Length + 4L * OverflowPointers.Length
        + 4L * OverflowEntries.Length + 4L * Pointers.Length + 4L * Entries.Length;

    /// <summary>Where an overflowing column's nonzeros from the second on lie in <see cref="OverflowEntries"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Start, int End) OverflowRange(int column)
    {
        int word = column >> 6;
        int index = OverflowRank[word] + BitOperations.PopCount(OverflowBits[word] & ((1UL << (column & 63)) - 1));
        return (OverflowPointers[index], OverflowPointers[index + 1]);
    }

    /// <summary>Walks a column of the cache in row order (either layout).</summary>
    public struct Walker(RandomProjectionStore store) : IColumnWalker
    {
        private int _first, _second;     // compact: the slots still to yield (Absent when none)
        private int _position, _end;     // the overflow (compact) or the column's range (wide)

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Start(int column)
        {
            if (!store.Compact)
            {
                _first = _second = Absent;
                _position = store.Pointers[column];
                _end = store.Pointers[column + 1];
                return;
            }
            uint slots = store.Slots[column];
            _first = (int)(slots & 0xFFFF);
            _second = (int)(slots >> 16);
            _position = _end = 0;
            if (_second == More)
            {
                _second = Absent;
                (_position, _end) = store.OverflowRange(column);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Next(out int packed)
        {
            if (_first != Absent)
            {
                packed = _first;
                _first = _second;
                _second = Absent;
                return true;
            }
            if (_position < _end)
            {
                packed = store.Compact ? store.OverflowEntries[_position++] : store.Entries[_position++];
                return true;
            }
            packed = 0;
            return false;
        }
    }

    /// <summary>An int list that grows by doubling, up to the longest array.</summary>
    private struct Growing(double expected)
    {
        private int[] _items = new int[(int)Math.Clamp(expected * 1.05 + 64, 64, Array.MaxLength)];

        public int Count { get; private set; }

        public void Add(int value)
        {
            if (Count == _items.Length)
            {
                if (Count == Array.MaxLength)
                    throw new ArgumentOutOfRangeException("pattern", $"the stored projection needs more than {Array.MaxLength} entries; use the hashed variant.");
                Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, 2L * Count));
            }
            _items[Count++] = value;
        }

        public readonly int[] ToArray() => _items.AsSpan(0, Count).ToArray();
    }
}
