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
        var counter = new Counter<T>(new int[outer + 1], byColumn, dropZeros);
        matrix.ForEachStored(ref counter);
        int[] pointers = counter.Counts;
        for (int i = 0; i < outer; i++) pointers[i + 1] += pointers[i];
        int count = pointers[outer];
        var placer = new Placer<T>((int[])pointers.Clone(), new int[count], new T[count], byColumn, dropZeros);
        matrix.ForEachStored(ref placer);
        int[] indices = placer.Indices;
        T[] values = placer.Values;
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

    private struct Counter<T>(int[] counts, bool byColumn, bool dropZeros) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public readonly int[] Counts = counts;

        public readonly void Visit(int row, int column, T value)
        {
            if (dropZeros && T.IsZero(value)) return;
            Counts[(byColumn ? column : row) + 1]++;
        }
    }

    private struct Placer<T>(int[] next, int[] indices, T[] values, bool byColumn, bool dropZeros) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public readonly int[] Indices = indices;
        public readonly T[] Values = values;

        public readonly void Visit(int row, int column, T value)
        {
            if (dropZeros && T.IsZero(value)) return;
            int p = next[byColumn ? column : row]++;
            Indices[p] = byColumn ? row : column;
            Values[p] = value;
        }
    }

    private readonly struct DenseWriter<T>(T[] values, int columns) : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        public void Visit(int row, int column, T value) => values[(long)row * columns + column] += value;
    }
}
