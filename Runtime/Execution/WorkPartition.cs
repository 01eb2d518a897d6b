using System;

namespace SparseDsl;

/// <summary>Splits row ranges into parts of similar work.</summary>
public static class WorkPartition
{
    /// <summary>parts + 1 boundaries over prefix.Length - 1 rows (first 0, last the row count, non-decreasing) balancing
    /// prefix[i] + i, i.e. nonzeros plus one per row. <paramref name="prefix"/> is a row-pointer array.</summary>
    public static int[] ByPrefix(ReadOnlySpan<int> prefix, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (prefix.Length < 1) throw new ArgumentException("prefix must hold at least one entry (rows + 1).", nameof(prefix));
        int rows = prefix.Length - 1;
        var bounds = new int[parts + 1];
        long baseCost = prefix[0];
        long total = (long)prefix[rows] - baseCost + rows;
        int lo = 0;
        for (int p = 1; p < parts; p++)
        {
            long target = total * p / parts;
            // smallest i >= lo with cost(i) = prefix[i] - prefix[0] + i >= target (cost is strictly increasing)
            int a = lo, b = rows;
            while (a < b)
            {
                int mid = (int)(((uint)a + (uint)b) >> 1);
                if ((long)prefix[mid] - baseCost + mid >= target) b = mid; else a = mid + 1;
            }
            bounds[p] = a;
            lo = a;
        }
        bounds[parts] = rows;
        return bounds;
    }

    /// <summary>The part-th of <paramref name="parts"/> near-equal ranges of [0, count).</summary>
    public static void Uniform(int count, int parts, int part, out int start, out int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if ((uint)part >= (uint)parts) throw new ArgumentOutOfRangeException(nameof(part), part, "part must be in [0, parts).");
        start = (int)((long)count * part / parts);
        end = (int)((long)count * (part + 1) / parts);
    }
}
