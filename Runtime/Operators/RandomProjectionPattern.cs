using System;
using System.Runtime.CompilerServices;

namespace SparseDsl;

/// <summary>
/// The nonzero pattern of a very sparse random projection R (k × d, <see cref="Rows"/> × <see cref="Columns"/>) as a
/// pure function of (seed, k, d, density): which rows of each column j are nonzero and the sign of each. Both
/// variants of <see cref="SparseRandomProjection{T}"/> read it from here, so they hold the same matrix.
/// <para>The generator is a contract, like a file format: the same (seed, k, d, density) gives the same matrix on
/// every machine (only integer arithmetic and exactly rounded IEEE double multiplication are involved), and a change
/// to it is a new version. Version 1:</para>
/// <list type="number">
/// <item>Mix(z) is the SplitMix64 finalizer: z ^= z &gt;&gt; 30; z *= 0xBF58476D1CE4E5B9; z ^= z &gt;&gt; 27;
/// z *= 0x94D049BB133111EB; z ^= z &gt;&gt; 31 (64-bit unsigned, wrapping), and γ = 0x9E3779B97F4A7C15.</item>
/// <item>Thresholds: q₀ = 1, q_g = q_{g−1} · (1 − p) in IEEE double (p the density as a double, 1 − p rounded
/// once), T[g] = ⌊q_g · 2^63⌋ for g = 1 … k, and T[0] = 2^63. T is non-increasing and T[g]/2^63 ≈ (1 − p)^g.</item>
/// <item>Column j (0-based) has the key K_j = Mix(seed + (j + 1)·γ) (SplitMix64's j-th output) and the word stream
/// w_0 = K_j, w_t = Mix(K_j + t·γ) for t ≥ 1 (SplitMix64 seeded with K_j, after K_j itself).</item>
/// <item>Walking column j: the next candidate row is r (initially 0). While r &lt; k, take the next word w,
/// u = w &gt;&gt; 1 (63 bits) and m = k − r. If u &lt; T[m] the column ends. Otherwise the gap G is the largest
/// g in [0, m) with u &lt; T[g] (so P(G ≥ g) = T[g]/2^63 ≈ (1 − p)^g: geometric gaps, i.e. each entry nonzero
/// independently with probability p); row r + G is nonzero, negative when w &amp; 1 = 1, and r becomes r + G + 1.</item>
/// </list>
/// Every column is thus an independent Bernoulli(p) row set with independent fair signs; a column costs one Mix per
/// nonzero plus one to end (about 1 + k·p words, the first of them the key), and an entry (i, j) is found by walking
/// column j.
/// </summary>
public sealed class RandomProjectionPattern
{
    /// <summary>The SplitMix64 increment γ (the golden ratio in 64-bit fixed point).</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The largest k: a row and its sign share one int in the stored variant (row·2 + sign).</summary>
    public const int MaxRows = 1 << 30;

    private readonly ulong[] _thresholds;
    private readonly int[] _guide;      // _guide[b] = Gap(b << _guideShift): a start for the downward search in Gap
    private readonly int _guideShift;

    /// <summary>The pattern for k = <paramref name="rows"/>, d = <paramref name="columns"/>, density p =
    /// <paramref name="density"/> (null: 1/√d) and <paramref name="seed"/>.</summary>
    public RandomProjectionPattern(int rows, int columns, ulong seed, double? density = null)
    {
        if (rows < 1 || rows > MaxRows)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"the output dimension k must be in [1, {MaxRows}] (got {rows}).");
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"the input dimension d must be at least 1 (got {columns}).");
        double p = density ?? AutoDensity(columns);
        if (!(p > 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(density), p, $"the density must be in (0, 1] (got {p}).");
        if (1.0 - p == 1.0)
            throw new ArgumentOutOfRangeException(nameof(density), p, $"the density {p} is too small: 1 - density rounds to 1 in double, so every column would be empty.");
        Rows = rows;
        Columns = columns;
        Seed = seed;
        Density = p;
        _thresholds = new ulong[rows + 1];
        _thresholds[0] = 1UL << 63;
        double q = 1.0, keep = 1.0 - p;
        for (int g = 1; g <= rows; g++)
        {
            q *= keep;
            _thresholds[g] = (ulong)(q * 9223372036854775808.0); // q < 1: below 2^63, truncated
        }
        // Guide buckets narrower than the steps of T (about 2^63·p·(1 − p)^g wide) by 4x at g = k - 1, so the
        // search in Gap rarely moves; at most 2^14 buckets.
        double narrowest = p * Math.Pow(1 - p, rows - 1);
        int bits = narrowest > 0 ? (int)Math.Ceiling(Math.Log2(4 / narrowest)) : 14;
        bits = Math.Clamp(bits, 1, 14);
        _guideShift = 63 - bits;
        _guide = new int[1 << bits];
        for (int b = 0; b < _guide.Length; b++) _guide[b] = GapBySearch((ulong)b << _guideShift);
    }

    /// <summary>The density 'auto' of Li, Hastie and Church: 1/√d.</summary>
    public static double AutoDensity(int columns)
    {
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"the input dimension d must be at least 1 (got {columns}).");
        return 1.0 / Math.Sqrt(columns);
    }

    /// <summary>k, the output dimension.</summary>
    public int Rows { get; }

    /// <summary>d, the input dimension.</summary>
    public int Columns { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>p, the probability that an entry is nonzero (1/s in Li, Hastie and Church).</summary>
    public double Density { get; }

    /// <summary>The thresholds T[0 … k] of the gap draw (see the class remarks); 8·(k + 1) bytes.</summary>
    public ReadOnlySpan<ulong> Thresholds => _thresholds;

    /// <summary>Bytes the pattern itself holds (the threshold table).</summary>
    public long StoredBytes => (long)_thresholds.Length * sizeof(ulong) + (long)_guide.Length * sizeof(int);

    /// <summary>
    /// The gap of a draw u (63 bits) before any truncation to the rows left: the largest g in [0, k] with
    /// u &lt; T[g] (T[0] = 2^63 exceeds every u). A column with m rows left ends when Gap(u) ≥ m, else its next
    /// nonzero is Gap(u) rows on. From the guide bucket's value (the gap at the bucket's lower end, an upper bound)
    /// searched downward.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Gap(ulong u) => Gap(u, _thresholds, _guide, _guideShift);

    /// <summary><see cref="Gap(ulong)"/> over tables a kernel holds in locals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Gap(ulong u, ulong[] thresholds, int[] guide, int guideShift)
    {
        int g = guide[(int)(u >> guideShift)];
        g -= u >= thresholds[g] ? 1 : 0; // the usual single step down, without a branch
        return u < thresholds[g] ? g : Bisect(u, thresholds, g);
    }

    /// <summary>The largest g' &lt; g with u &lt; T[g'], given u ≥ T[g] (a guide bucket spanning several steps of T,
    /// which the 2^14-bucket cap allows for large k·p).</summary>
    private static int Bisect(ulong u, ulong[] thresholds, int hi)
    {
        int lo = 0; // u < T[lo] (T[0] = 2^63), u >= T[hi]
        while (hi - lo > 1)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (u < thresholds[mid]) lo = mid; else hi = mid;
        }
        return lo;
    }

    internal ulong[] ThresholdTable => _thresholds;

    internal int[] GuideTable => _guide;

    internal int GuideShift => _guideShift;

    /// <summary>Gap by bisection over T (builds the guide; the reference for <see cref="Gap(ulong)"/>).</summary>
    internal int GapBySearch(ulong u)
    {
        ulong[] t = _thresholds;
        if (u < t[Rows]) return Rows;
        int lo = 0, hi = Rows; // u < t[lo], u >= t[hi]
        while (hi - lo > 1)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (u < t[mid]) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>The SplitMix64 finalizer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>K_j, the key of column <paramref name="column"/>'s word stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ColumnKey(int column) => Mix(Seed + (ulong)(uint)(column + 1) * Gamma);

    /// <summary>A walker over column <paramref name="column"/>'s nonzeros, in increasing row order.</summary>
    public ColumnWalker Column(int column)
    {
        if ((uint)column >= (uint)Columns)
            throw new ArgumentOutOfRangeException(nameof(column), column, $"column must be in [0, {Columns}).");
        var walker = new ColumnWalker(this);
        walker.Start(column);
        return walker;
    }

    /// <summary>R[i, j] / scale: +1, −1 or 0, by walking column j.</summary>
    public int Sign(int row, int column)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Rows}).");
        var walker = Column(column);
        while (walker.Next(out int packed))
        {
            int r = packed >> 1;
            if (r == row) return (packed & 1) == 0 ? 1 : -1;
            if (r > row) break;
        }
        return 0;
    }

    /// <summary>
    /// Generates a column's nonzeros on the fly (nothing stored): <see cref="Start"/> a column, then
    /// <see cref="Next"/> yields row·2 + (1 if negative) until it returns false.
    /// </summary>
    public struct ColumnWalker : IColumnWalker
    {
        private readonly RandomProjectionPattern _pattern;
        private readonly ulong _seed;
        private readonly int _rows;
        private ulong _state;
        private int _next;
        private bool _atKey;   // the next word is the key itself (w_0)

        internal ColumnWalker(RandomProjectionPattern pattern)
        {
            _pattern = pattern;
            _seed = pattern.Seed;
            _rows = pattern.Rows;
            _state = 0;
            _next = _rows;
            _atKey = false;
        }

        /// <summary>Restarts at the first nonzero of <paramref name="column"/> (not range-checked here).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Start(int column)
        {
            _state = Mix(_seed + (ulong)(uint)(column + 1) * Gamma);
            _next = 0;
            _atKey = true;
        }

        /// <summary>Continues a column after its word w_t = Mix(<paramref name="state"/>) (t ≥ 1, state = K_j + t·γ),
        /// with <paramref name="next"/> the next candidate row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Resume(ulong state, int next)
        {
            _state = state;
            _next = next;
            _atKey = false;
        }

        /// <summary>The next nonzero as row·2 + (1 if negative); false when the column has no more.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Next(out int packed)
        {
            int remaining = _rows - _next;
            if (remaining > 0)
            {
                ulong word;
                if (_atKey)
                {
                    word = _state;
                    _atKey = false;
                }
                else
                {
                    _state += Gamma;
                    word = Mix(_state);
                }
                int gap = _pattern.Gap(word >> 1);
                if (gap < remaining)
                {
                    int row = _next + gap;
                    _next = row + 1;
                    packed = (row << 1) | (int)(word & 1);
                    return true;
                }
                _next = _rows;
            }
            packed = 0;
            return false;
        }
    }
}

/// <summary>A column source of a sparse random projection: the generated (<see cref="RandomProjectionPattern.ColumnWalker"/>)
/// or the stored one; the kernels are specialised per walker type.</summary>
internal interface IColumnWalker
{
    /// <summary>Restarts at the first nonzero of <paramref name="column"/>.</summary>
    void Start(int column);

    /// <summary>The next nonzero as row·2 + (1 if negative), rows increasing; false at the column's end.</summary>
    bool Next(out int packed);
}
