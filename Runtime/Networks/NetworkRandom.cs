using System;
using System.Runtime.CompilerServices;

namespace SparseDsl;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the networks' only source of randomness (initialisation, shuffling,
/// weight noise), a value type so a part of a step carries its own stream without allocating, and the same
/// sequence on every machine and runtime for a given seed.
/// </summary>
internal struct NetworkRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private float _spare;
    private bool _hasSpare;

    /// <summary>A stream determined by the two keys (e.g. a seed and a step or part number).</summary>
    public NetworkRandom(long seed, long stream = 0)
    {
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL ^ 0x5851F42D4C957F2DUL);
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _spare = 0;
        _hasSpare = false;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = unchecked(x += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, n).</summary>
    public int NextInt(int n) => (int)((NextUInt64() >> 32) * (ulong)n >> 32);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (-1, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float NextSigned() => ((long)(NextUInt64() >> 40) - (1L << 23) + 0.5f) * (1f / (1 << 23));

    /// <summary>A standard normal by Marsaglia's polar method (two per accepted pair; the second is kept for the next call).</summary>
    public float NextNormal()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        float u, v, s;
        do
        {
            u = NextSigned();
            v = NextSigned();
            s = u * u + v * v;
        }
        while (s >= 1f || s == 0f);
        float factor = MathF.Sqrt(-2f * MathF.Log(s) / s);
        _spare = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>A standard normal in double precision (Box–Muller), for initialisation.</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/>.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
