using System;

namespace SparseDsl;

/// <summary>Splits a kernel's outer loop into parts of equal work.</summary>
public static class WorkPartition
{
    /// <summary>
    /// Boundaries (parts + 1 entries) over the rows of a prefix-sum array (CSR row pointers), balancing
    /// nonzeros plus one per row, so long rows are split across threads and empty rows are not free.
    /// </summary>
    public static int[] ByPrefix(ReadOnlySpan<int> prefix, int parts)
    {
        if (parts < 1) throw new ArgumentOutOfRangeException(nameof(parts), parts, "At least one part is needed.");
        if (prefix.Length == 0) throw new ArgumentException("The prefix array needs at least one entry.", nameof(prefix));
        int rows = prefix.Length - 1;
        var bounds = new int[parts + 1];
        long total = (long)prefix[rows] - prefix[0] + rows;
        int row = 0;
        for (int p = 1; p < parts; p++)
        {
            long target = total * p / parts;
            while (row < rows && (long)prefix[row] - prefix[0] + row < target) row++;
            bounds[p] = row;
        }
        bounds[parts] = rows;
        return bounds;
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="count"/> iterations split into <paramref name="parts"/> near-equal ranges.</summary>
    public static void Uniform(int count, int parts, int part, out int start, out int end)
    {
        start = (int)((long)count * part / parts);
        end = (int)((long)count * (part + 1) / parts);
    }
}

/// <summary>Caches the last partition computed for a matrix (published as an immutable pair, so it is thread-safe).</summary>
internal sealed class PartitionCache
{
    private sealed record Entry(int Parts, int[] Bounds);

    private Entry? _last;

    public ReadOnlySpan<int> Get(ReadOnlySpan<int> prefix, int parts)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Parts == parts) return last.Bounds;
        var entry = new Entry(parts, WorkPartition.ByPrefix(prefix, parts));
        Volatile.Write(ref _last, entry);
        return entry.Bounds;
    }

    private static class Volatile
    {
        public static Entry? Read(ref Entry? location) => System.Threading.Volatile.Read(ref location);

        public static void Write(ref Entry? location, Entry value) => System.Threading.Volatile.Write(ref location, value);
    }
}
