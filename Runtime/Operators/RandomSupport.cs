using System;

namespace SparseDsl;

/// <summary>
/// A random sparsity pattern fixed by a seed, the same on every machine: entry (i, j) of an m × n matrix is in the
/// support when Mix(seed, j·m + i) &lt; density·2^64, with Mix the SplitMix64 finalizer of (seed + (j·m + i + 1)·γ)
/// (γ = 0x9E3779B97F4A7C15). Version 1 of a contract: changing it changes every seeded support.
/// </summary>
public static class RandomSupport
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The support as a CSC pattern with zero values (the values are the caller's to fill).</summary>
    public static CscMatrix<T> Csc<T>(int rows, int columns, double density, ulong seed) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (!(density > 0 && density <= 1)) throw new ArgumentOutOfRangeException(nameof(density), density, "the density lies in (0, 1]");
        // density·2^64 as an integer threshold (1 keeps everything).
        ulong threshold = density >= 1 ? ulong.MaxValue : (ulong)(density * 18446744073709551616.0);
        var pointers = new int[columns + 1];
        var indices = new System.Collections.Generic.List<int>();
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
                if (density >= 1 || Mix(seed + ((ulong)j * (ulong)rows + (ulong)i + 1) * Golden) < threshold) indices.Add(i);
            pointers[j + 1] = indices.Count;
        }
        return new CscMatrix<T>(rows, columns, pointers, indices.ToArray(), new T[indices.Count]);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
