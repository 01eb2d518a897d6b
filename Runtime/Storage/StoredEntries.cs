using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>The conversions every storage type shares, written once over <see cref="IStoredMatrix{T}.ForEachStored"/>.</summary>
internal static class StoredEntries
{
    /// <summary>Compressed arrays of <paramref name="matrix"/>: outer = rows (or columns when <paramref name="byColumn"/>),
    /// inner indices sorted and strictly increasing, duplicates summed (in walk order), zeros dropped when asked.
    /// Two walks: one counts the entries per outer index, one places them (a stable bucket sort, so a walk in
    /// storage order needs no sort).</summary>
    public static (int[] Pointers, int[] Indices, T[] Values) Compress<T>(IStoredMatrix<T> matrix, bool byColumn, bool dropZeros)
        where T : unmanaged, INumberBase<T>
    {
        int outer = Narrow(byColumn ? matrix.Columns : matrix.Rows, byColumn ? "Columns" : "Rows");
        var (pointers, _, indices, values) = Bucket(matrix, outer, 1, byColumn, dropZeros, keepOuter: false);
        int count = pointers[outer];
        // Sort each outer slot by inner index where the walk did not, then fold duplicates in place.
        int write = 0;
        var folded = new int[outer + 1];
        for (int i = 0; i < outer; i++)
        {
            int start = pointers[i], end = pointers[i + 1];
            for (int k = start + 1; k < end; k++)
                if (indices[k] < indices[k - 1]) { Array.Sort(indices, values, start, end - start); break; }
            for (int k = start; k < end; k++)
            {
                if (write > folded[i] && indices[write - 1] == indices[k])
                    values[write - 1] += values[k];
                else
                {
                    indices[write] = indices[k];
                    values[write] = values[k];
                    write++;
                }
            }
            folded[i + 1] = write;
        }
        if (write != count)
        {
            Array.Resize(ref indices, write);
            Array.Resize(ref values, write);
        }
        return (folded, indices, values);
    }

    /// <summary>The stored entries bucketed by (row or column) / <paramref name="perBucket"/>, in walk order within a
    /// bucket (a stable bucket sort; zeros dropped when asked): two walks, one counts, one places. Outer holds the
    /// row (column) of each entry when <paramref name="keepOuter"/>, Inner the other index.</summary>
    private static (int[] Pointers, int[]? Outer, int[] Inner, T[] Values) Bucket<T>(
        IStoredMatrix<T> matrix, int buckets, int perBucket, bool byColumn, bool dropZeros, bool keepOuter)
        where T : unmanaged, INumberBase<T>
    {
        var counter = new Counter<T>(new int[buckets + 1], perBucket, byColumn, dropZeros);
        matrix.ForEachStored(ref counter);
        int[] pointers = counter.Counts;
        for (int i = 0; i < buckets; i++) pointers[i + 1] += pointers[i];
        int count = pointers[buckets];
        var placer = new Placer<T>((int[])pointers.Clone(), keepOuter ? new int[count] : null, new int[count], new T[count], perBucket, byColumn, dropZeros);
        matrix.ForEachStored(ref placer);
        return (pointers, placer.Outer, placer.Indices, placer.Values);
    }

    /// <summary>The nonzero entries grouped by block row (rows / <paramref name="blockHeight"/>), in walk order within a
    /// block row: what the blocked formats build from, whatever the source's storage order.</summary>
    public static (int[] Pointers, int[] Rows, int[] Columns, T[] Values) NonzerosByBlockRow<T>(IStoredMatrix<T> matrix, int blockRows, int blockHeight)
        where T : unmanaged, INumberBase<T>
    {
        var (pointers, rows, columns, values) = Bucket(matrix, blockRows, blockHeight, byColumn: false, dropZeros: true, keepOuter: true);
        return (pointers, rows!, columns, values);
    }

    /// <summary>The stored entries as triplets in walk order (<paramref name="count"/> of them: the source's entry count).</summary>
    public static (int[] Rows, int[] Columns, T[] Values) ToTriplets<T>(IStoredMatrix<T> matrix, int count) where T : unmanaged, INumberBase<T>
    {
        var writer = new TripletWriter<T>(new int[count], new int[count], new T[count]);
        matrix.ForEachStored(ref writer);
        return (writer.Rows, writer.Columns, writer.Values);
    }

    /// <summary>CSR of the stored entries (duplicates summed; zeros dropped when asked).</summary>
    public static CsrMatrix<T> ToCsr<T>(IStoredMatrix<T> matrix, bool dropZeros = false) where T : unmanaged, INumberBase<T>
    {
        var (pointers, indices, values) = Compress(matrix, byColumn: false, dropZeros);
        return new CsrMatrix<T>((int)matrix.Rows, (int)matrix.Columns, pointers, indices, values, owned: true);
    }

    /// <summary>Row-major dense copy; duplicates add up.</summary>
    public static DenseMatrix<T> ToDense<T>(IStoredMatrix<T> matrix) where T : unmanaged, INumberBase<T>
    {
        var dense = new DenseMatrix<T>(Narrow(matrix.Rows, "Rows"), Narrow(matrix.Columns, "Columns"));
        var writer = new DenseWriter<T>(dense.Values, dense.Columns);
        matrix.ForEachStored(ref writer);
        return dense;
    }

    internal static int Narrow(long value, string what) => value <= int.MaxValue
        ? (int)value
        : throw new OverflowException($"{what} = {S(value)} does not fit a 32-bit index (the limit is {IntLimit}).");

    private struct Counter<T>(int[] counts, int perBucket, bool byColumn, bool dropZeros) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public readonly int[] Counts = counts;

        public readonly void Visit(int row, int column, T value)
        {
            if (dropZeros && T.IsZero(value)) return;
            int key = byColumn ? column : row;
            Counts[(perBucket == 1 ? key : key / perBucket) + 1]++;
        }
    }

    private struct Placer<T>(int[] next, int[]? outer, int[] indices, T[] values, int perBucket, bool byColumn, bool dropZeros) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public readonly int[]? Outer = outer;
        public readonly int[] Indices = indices;
        public readonly T[] Values = values;

        public readonly void Visit(int row, int column, T value)
        {
            if (dropZeros && T.IsZero(value)) return;
            int key = byColumn ? column : row;
            int p = next[perBucket == 1 ? key : key / perBucket]++;
            if (Outer is not null) Outer[p] = key;
            Indices[p] = byColumn ? row : column;
            Values[p] = value;
        }
    }

    private struct TripletWriter<T>(int[] rows, int[] columns, T[] values) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public readonly int[] Rows = rows, Columns = columns;
        public readonly T[] Values = values;
        private int _next;

        public void Visit(int row, int column, T value)
        {
            int k = _next++;
            Rows[k] = row;
            Columns[k] = column;
            Values[k] = value;
        }
    }

    private readonly struct DenseWriter<T>(T[] values, int columns) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public void Visit(int row, int column, T value) => values[(long)row * columns + column] += value;
    }
}
