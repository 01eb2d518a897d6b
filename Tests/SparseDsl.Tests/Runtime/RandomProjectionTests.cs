using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>
/// SparseRandomProjection and its pattern generator: the stored and hashed variants against each other (bit for bit),
/// against the matrix formed from the entry function, against an independent re-implementation of the documented
/// generator, and statistically (entry frequencies, E‖Rx‖² = ‖x‖², Johnson–Lindenstrauss).
/// </summary>
public class RandomProjectionTests
{
    private static byte[] Bits<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    private static double[] Gaussian(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return values;
    }

    /// <summary>n × d rows with about <paramref name="fill"/> of the entries nonzero (uniform in [-1, 1)), plus an explicitly
    /// stored +0.0 and −0.0 (which must change no bit of the projection).</summary>
    private static (DenseMatrix<T> Dense, CsrMatrix<T> Csr) RandomRows<T>(Random random, int n, int d, double fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dense = new DenseMatrix<T>(n, d);
        var pointers = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<T>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                bool storedZero = i == 1 && j == 3, storedNegativeZero = i == 2 && j == 1;
                if (!storedZero && !storedNegativeZero && random.NextDouble() >= fill) continue;
                T v = storedZero ? T.Zero : storedNegativeZero ? T.NegativeZero : T.CreateTruncating(random.NextDouble() * 2 - 1);
                dense[i, j] = v;
                columns.Add(j);
                values.Add(v);
            }
            pointers.Add(columns.Count);
        }
        return (dense, new CsrMatrix<T>(n, d, pointers.ToArray(), columns.ToArray(), values.ToArray()));
    }

    public static TheoryData<int, int, double?, ulong> Shapes => new()
    {
        { 37, 500, 0.05, 1UL },
        { 64, 1000, null, 42UL },
        { 5, 20, 1.0, 7UL },
        { 1, 300, 0.3, 3UL },
        { 200, 3, null, ulong.MaxValue },
        { 40_000, 30, 0.0002, 11UL },   // k past the compact store's 32,767 rows: the wide layout
        { 33, 400, 0.15, 12UL },        // many columns with more than two nonzeros: the overflow table
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StoredAndHashedAreBitIdenticalInDouble(int k, int d, double? density, ulong seed) => VariantsAgree<double>(k, d, density, seed);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StoredAndHashedAreBitIdenticalInFloat(int k, int d, double? density, ulong seed) => VariantsAgree<float>(k, d, density, seed);

    private static void VariantsAgree<T>(int k, int d, double? density, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var stored = new SparseRandomProjection<T>(k, d, seed, RandomProjectionStorage.Stored, density);
        var hashed = new SparseRandomProjection<T>(k, d, seed, RandomProjectionStorage.Hashed, density);
        Assert.Equal(stored.NonZeroCount(), hashed.NonZeroCount());
        var random = new Random(k * 31 + d);
        var x = Gaussian(random, d).Select(v => T.CreateTruncating(v)).ToArray();
        var u = Gaussian(random, k).Select(v => T.CreateTruncating(v)).ToArray();
        var (y1, y2) = (new T[k], new T[k]);
        stored.Apply(x, y1);
        hashed.Apply(x, y2);
        Assert.Equal(Bits<T>(y1), Bits<T>(y2));
        var (v1, v2) = (new T[d], new T[d]);
        stored.ApplyTransposed(u, v1);
        hashed.ApplyTransposed(u, v2);
        Assert.Equal(Bits<T>(v1), Bits<T>(v2));
        hashed.ApplyAdjoint(u, v2);
        Assert.Equal(Bits<T>(v1), Bits<T>(v2));

        var (dense, csr) = RandomRows<T>(random, 9, d, 0.1);
        foreach (var layout in new[] { DenseLayout.RowMajor, DenseLayout.ColumnMajor })
        {
            var (p1, p2, p3) = (new DenseMatrix<T>(9, k, layout), new DenseMatrix<T>(9, k, layout), new DenseMatrix<T>(9, k, layout));
            stored.Project(csr, p1);
            hashed.Project(csr, p2);
            hashed.Project(dense, p3);
            Assert.Equal(Bits<T>(p1.Values), Bits<T>(p2.Values));
            Assert.Equal(Bits<T>(p1.Values), Bits<T>(p3.Values));

            var block = new DenseMatrix<T>(d, 3, layout);
            for (int i = 0; i < d; i++) for (int c = 0; c < 3; c++) block[i, c] = T.CreateTruncating(random.NextDouble() - 0.5);
            var (b1, b2) = (new DenseMatrix<T>(k, 3, layout), new DenseMatrix<T>(k, 3, layout));
            stored.ApplyToBlock(block, b1);
            hashed.ApplyToBlock(block, b2);
            Assert.Equal(Bits<T>(b1.Values), Bits<T>(b2.Values));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ApplyEqualsTheMatrixFormedFromTheEntryFunction(int k, int d, double? density, ulong seed)
    {
        var hashed = new SparseRandomProjection<double>(k, d, seed, RandomProjectionStorage.Hashed, density);
        var stored = new SparseRandomProjection<double>(k, d, seed, RandomProjectionStorage.Stored, density);
        var formed = new double[k, d];
        for (int i = 0; i < k; i++) for (int j = 0; j < d; j++) formed[i, j] = hashed.Entry(i, j);

        // The stored cache, column by column (R·e_j is column j exactly: one term per row), equals the entry function.
        var e = new double[d];
        var column = new double[k];
        for (int j = 0; j < d; j++)
        {
            e[j] = 1;
            stored.Apply(e, column);
            e[j] = 0;
            for (int i = 0; i < k; i++) Assert.Equal(formed[i, j], column[i]);
        }

        var random = new Random(d);
        var x = Gaussian(random, d);
        var u = Gaussian(random, k);
        foreach (var op in new[] { stored, hashed })
        {
            var y = new double[k];
            op.Apply(x, y);
            for (int i = 0; i < k; i++)
            {
                double sum = 0, magnitude = 0;
                for (int j = 0; j < d; j++) { sum += formed[i, j] * x[j]; magnitude += Math.Abs(formed[i, j] * x[j]); }
                Assert.True(Math.Abs(y[i] - sum) <= 1e-13 * magnitude + 1e-300, $"row {i}: {y[i]} vs {sum}");
            }
            var v = new double[d];
            op.ApplyTransposed(u, v);
            for (int j = 0; j < d; j++)
            {
                double sum = 0, magnitude = 0;
                for (int i = 0; i < k; i++) { sum += formed[i, j] * u[i]; magnitude += Math.Abs(formed[i, j] * u[i]); }
                Assert.True(Math.Abs(v[j] - sum) <= 1e-13 * magnitude + 1e-300, $"column {j}: {v[j]} vs {sum}");
            }
        }
    }

    [Fact]
    public void MixMatchesSplitMix64ReferenceOutputs()
    {
        // SplitMix64 seeded with 0: its published first outputs.
        Assert.Equal(0xE220A8397B1DCDAFUL, RandomProjectionPattern.Mix(1 * RandomProjectionPattern.Gamma));
        Assert.Equal(0x6E789E6AA1B965F4UL, RandomProjectionPattern.Mix(unchecked(2 * RandomProjectionPattern.Gamma)));
        Assert.Equal(0x06C45D188009454FUL, RandomProjectionPattern.Mix(unchecked(3 * RandomProjectionPattern.Gamma)));
    }

    /// <summary>The documented generator, re-implemented literally: a linear scan over the thresholds (no binary
    /// search), with its own threshold table and key derivation.</summary>
    private static List<(int Row, bool Negative)> DocumentedColumn(int k, double p, ulong seed, int j)
    {
        static ulong Mix(ulong z)
        {
            z ^= z >> 30; z *= 0xBF58476D1CE4E5B9UL;
            z ^= z >> 27; z *= 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return z;
        }
        const ulong gamma = 0x9E3779B97F4A7C15UL;
        var t = new ulong[k + 1];
        t[0] = 1UL << 63;
        double q = 1;
        for (int g = 1; g <= k; g++) { q *= 1 - p; t[g] = (ulong)(q * Math.Pow(2, 63)); }
        ulong key = Mix(seed + (ulong)(j + 1) * gamma);
        var result = new List<(int, bool)>();
        int r = 0;
        for (ulong step = 0; r < k; step++)
        {
            ulong w = step == 0 ? key : Mix(key + step * gamma), u = w >> 1;
            int m = k - r;
            if (u < t[m]) break;
            int gap = 0;
            while (gap + 1 < m && u < t[gap + 1]) gap++;
            result.Add((r + gap, (w & 1) == 1));
            r += gap + 1;
        }
        return result;
    }

    [Theory]
    [InlineData(256, 100_000, null, 42UL)]
    [InlineData(17, 50, 0.4, 0UL)]
    [InlineData(8, 10, 1.0, 9UL)]
    public void PatternFollowsTheDocumentedGenerator(int k, int d, double? density, ulong seed)
    {
        var pattern = new RandomProjectionPattern(k, d, seed, density);
        double p = density ?? 1 / Math.Sqrt(d);
        Assert.Equal(p, pattern.Density);
        int nonzeros = 0;
        for (int j = 0; j < Math.Min(d, 3000); j++)
        {
            var expected = DocumentedColumn(k, p, seed, j);
            var walker = pattern.Column(j);
            var actual = new List<(int, bool)>();
            while (walker.Next(out int packed)) actual.Add((packed >> 1, (packed & 1) == 1));
            Assert.Equal(expected, actual);
            nonzeros += actual.Count;
        }
        Assert.True(nonzeros > 0);
    }

    [Theory]
    [InlineData(256, 0.0031622776601683794)]
    [InlineData(1000, 0.5)]
    [InlineData(3, 1.0)]
    [InlineData(1, 0.25)]
    [InlineData(5000, 0.001)]
    [InlineData(200_000, 0.01)] // guide buckets span many threshold steps: the bisection fallback
    public void GuidedGapEqualsTheBisection(int k, double p)
    {
        var pattern = new RandomProjectionPattern(k, 10, 1, p);
        var random = new Random(k);
        var thresholds = pattern.Thresholds;
        var draws = new List<ulong> { 0, (1UL << 63) - 1 };
        for (int g = 0; g <= k; g++)
            foreach (long delta in new long[] { -1, 0, 1 })
                draws.Add(Math.Clamp((ulong)((long)thresholds[g] + delta), 0UL, (1UL << 63) - 1));
        for (int i = 0; i < 100_000; i++) draws.Add((ulong)random.NextInt64() & ((1UL << 63) - 1));
        foreach (ulong u in draws)
        {
            int gap = pattern.Gap(u);
            Assert.Equal(pattern.GapBySearch(u), gap);
            // the definition: the largest g in [0, k] with u < T[g]
            Assert.True(u < thresholds[gap] && (gap == k || u >= thresholds[gap + 1]), $"u = {u}: gap {gap}");
        }
    }

    [Fact]
    public void EntriesTakeThreeValuesWithTheRightFrequencies()
    {
        const int k = 256, d = 4000;
        const double p = 0.02;
        var op = new SparseRandomProjection<double>(k, d, 12345, RandomProjectionStorage.Hashed, p);
        double a = Math.Sqrt(1 / (p * k));
        Assert.Equal(a, op.ScaleValue);
        long plus = 0, minus = 0, zero = 0;
        var perRow = new long[k];
        var perColumn = new int[d];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++)
            {
                double v = op.Entry(i, j);
                if (v == a) plus++;
                else if (v == -a) minus++;
                else if (v == 0) { zero++; continue; }
                else Assert.Fail($"R[{i}, {j}] = {v} is none of 0, +-{a}");
                perRow[i]++;
                perColumn[j]++;
            }
        double total = (double)k * d;
        double[] expected = [total * p / 2, total * p / 2, total * (1 - p)];
        long[] observed = [plus, minus, zero];
        double chi = 0;
        for (int c = 0; c < 3; c++) chi += (observed[c] - expected[c]) * (observed[c] - expected[c]) / expected[c];
        Assert.True(chi < 13.82, $"chi-square over (+, -, 0) = {chi:F2} (2 degrees of freedom, 0.1% point 13.82): {plus}, {minus}, {zero}");

        // Nonzeros spread uniformly over the rows (no bias at the column ends): chi-square with k - 1 = 255 degrees
        // of freedom; its 0.1% point is about 330.
        double rowMean = d * p, rowChi = perRow.Sum(c => (c - rowMean) * (c - rowMean) / rowMean);
        Assert.True(rowChi < 330, $"chi-square over rows = {rowChi:F1}");

        // Per-column counts are Binomial(k, p): mean k·p = 5.12, variance k·p·(1 − p) = 5.02.
        double columnMean = perColumn.Average(), columnVariance = perColumn.Select(c => (c - columnMean) * (c - columnMean)).Sum() / (d - 1);
        Assert.InRange(columnMean, k * p - 5 * Math.Sqrt(k * p / d), k * p + 5 * Math.Sqrt(k * p / d));
        Assert.InRange(columnVariance, k * p * (1 - p) * 0.85, k * p * (1 - p) * 1.15);
    }

    [Fact]
    public void SquaredNormIsPreservedInExpectation()
    {
        // Var(‖Rx‖²/‖x‖²) = (2 + (s − 3)·Σx⁴/‖x‖⁴)/k (Li, Hastie and Church) with s = 1/p; 400 independent seeds.
        const int k = 64, d = 2000, trials = 400;
        const double p = 0.05;
        var x = Gaussian(new Random(5), d);
        double norm2 = x.Sum(v => v * v), fourth = x.Sum(v => v * v * v * v);
        double variance = (2 + (1 / p - 3) * fourth / (norm2 * norm2)) / k;
        var ratios = new double[trials];
        var y = new double[k];
        for (int t = 0; t < trials; t++)
        {
            var op = new SparseRandomProjection<double>(k, d, (ulong)t * 7919 + 1, RandomProjectionStorage.Hashed, p);
            op.Apply(x, y);
            ratios[t] = y.Sum(v => v * v) / norm2;
        }
        double mean = ratios.Average(), sampleVariance = ratios.Select(r => (r - mean) * (r - mean)).Sum() / (trials - 1);
        Assert.InRange(mean, 1 - 4 * Math.Sqrt(variance / trials), 1 + 4 * Math.Sqrt(variance / trials));
        Assert.InRange(sampleVariance, variance * 0.75, variance * 1.3);
    }

    /// <summary>
    /// The smallest ε with 2·ln(2P/δ)/(ε²/2 − ε³/3) ≤ k: by the JL tail bounds P(|‖f(u)‖²/‖u‖² − 1| &gt; ε) ≤
    /// 2·exp(−(k/2)(ε²/2 − ε³/3)) per difference vector (Dasgupta and Gupta; Achlioptas for ±1 entries), so with P pairs
    /// all are within ε except with probability at most δ.
    /// </summary>
    private static double JohnsonLindenstraussEpsilon(int k, long pairs, double failure)
    {
        double need = 2 * Math.Log(2 * pairs / failure) / k, lo = 1e-6, hi = 1 - 1e-9;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (mid * mid / 2 - mid * mid * mid / 3 >= need) hi = mid; else lo = mid;
        }
        return hi;
    }

    [Fact]
    public void PairwiseDistancesArePreservedWithinTheJohnsonLindenstraussEpsilon()
    {
        const int n = 200, d = 10_000, k = 1024;
        long pairs = (long)n * (n - 1) / 2;
        double epsilon = JohnsonLindenstraussEpsilon(k, pairs, 1e-3);
        Assert.InRange(epsilon, 0.28, 0.30); // 19,900 pairs, δ = 0.001: ε ≈ 0.29

        var random = new Random(2024);
        var points = new DenseMatrix<double>(n, d, Gaussian(random, n * d));
        var projected = new DenseMatrix<double>(n, k);
        var op = new SparseRandomProjection<double>(k, d, 99); // density 1/√d = 0.01
        op.Project(points, projected);
        double worst = 0;
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
            {
                double before = 0, after = 0;
                for (int j = 0; j < d; j++) { double t = points.Values[a * d + j] - points.Values[b * d + j]; before += t * t; }
                for (int i = 0; i < k; i++) { double t = projected.Values[a * k + i] - projected.Values[b * k + i]; after += t * t; }
                worst = Math.Max(worst, Math.Abs(after / before - 1));
            }
        Assert.True(worst <= epsilon, $"largest relative distortion {worst:F4} exceeds the JL epsilon {epsilon:F4}");
        Assert.True(worst > 0.05, $"largest distortion {worst:F4} is implausibly small for k = {k}"); // sd of one ratio is √(2/k) = 0.044
    }

    [Theory]
    [InlineData(RandomProjectionStorage.Stored)]
    [InlineData(RandomProjectionStorage.Hashed)]
    public void CsrInputEqualsDenseInputAndThreadsDoNotChangeTheResult(RandomProjectionStorage storage)
    {
        const int n = 40, d = 700, k = 48;
        var (dense, csr) = RandomRows<double>(new Random(11), n, d, 0.03);
        var op = new SparseRandomProjection<double>(k, d, 5, storage);
        var fromDense = new DenseMatrix<double>(n, k);
        op.Project(dense, fromDense);
        var row = new double[d];
        var y = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) row[j] = dense[i, j];
            op.Apply(row, y);
            Assert.Equal(Bits<double>(y), Bits<double>(fromDense.Values.AsSpan(i * k, k)));
        }
        foreach (var layout in new[] { DenseLayout.RowMajor, DenseLayout.ColumnMajor })
        {
            var single = new DenseMatrix<double>(n, k, layout);
            var threaded = new DenseMatrix<double>(n, k, layout);
            op.Project(csr, single, new SparseContext(1));
            op.Project(csr, threaded, new SparseContext(4, minimumWorkPerThread: 1));
            Assert.Equal(Bits<double>(single.Values), Bits<double>(threaded.Values));
            for (int i = 0; i < n; i++) for (int c = 0; c < k; c++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(fromDense[i, c]), BitConverter.DoubleToInt64Bits(single[i, c]));
        }
    }

    [Theory]
    [InlineData(RandomProjectionStorage.Stored, 64)]
    [InlineData(RandomProjectionStorage.Hashed, 64)]
    [InlineData(RandomProjectionStorage.Stored, 40_000)]
    public void CallsAllocateNothing(RandomProjectionStorage storage, int k)
    {
        const int d = 300, n = 12;
        var op = new SparseRandomProjection<double>(k, d, 3, storage, 0.05);
        var (dense, csr) = RandomRows<double>(new Random(4), n, d, 0.2);
        var x = new double[d];
        var y = new double[k];
        var output = new DenseMatrix<double>(n, k);
        var block = new DenseMatrix<double>(d, 2, DenseLayout.ColumnMajor);
        var blockOut = new DenseMatrix<double>(k, 2);
        var single = new SparseContext(1);
        void All()
        {
            op.Apply(x, y);
            op.ApplyTransposed(y, x);
            op.ApplyToBlock(block, blockOut);
            op.Project(dense, output);
            op.Project(csr, output, single);
        }
        SparseDsl.Tests.Verification.SteadyState.AllocatesNothing(All, $"{storage}, k = {k}");
    }

    [Fact]
    public void TheSameSeedGivesTheSameOutputAndAnotherSeedAnother()
    {
        var x = Gaussian(new Random(1), 5000);
        double[] Project(ulong seed, RandomProjectionStorage storage)
        {
            var y = new double[128];
            new SparseRandomProjection<double>(128, 5000, seed, storage).Apply(x, y);
            return y;
        }
        Assert.Equal(Bits<double>(Project(77, RandomProjectionStorage.Stored)), Bits<double>(Project(77, RandomProjectionStorage.Stored)));
        Assert.Equal(Bits<double>(Project(77, RandomProjectionStorage.Hashed)), Bits<double>(Project(77, RandomProjectionStorage.Stored)));
        var first = Project(77, RandomProjectionStorage.Hashed);
        var other = Project(78, RandomProjectionStorage.Hashed);
        int differing = first.Zip(other).Count(pair => pair.First != pair.Second);
        Assert.True(differing > 120, $"only {differing} of 128 outputs differ between seeds 77 and 78");
    }

    [Fact]
    public void StoredBytesCountTheCacheAndTheThresholds()
    {
        var stored = new SparseRandomProjection<float>(256, 100_000, 42);
        var hashed = new SparseRandomProjection<float>(256, 100_000, 42, RandomProjectionStorage.Hashed);
        // The pattern's tables: 257 thresholds and a guide of at most 2^14 ints.
        long tables = hashed.Pattern.StoredBytes;
        Assert.InRange(tables, 8L * 257, 8L * 257 + 4L * (1 << 14));
        Assert.Equal(tables, hashed.StoredBytes);
        long nnz = stored.NonZeroCount();
        Assert.Equal(nnz, hashed.NonZeroCount());
        // Compact layout: 4 bytes per column; for the columns with more than two nonzeros a pointer each (+ 1) and
        // their nonzeros from the second on; a bitmap of them (8 bytes per 64 columns) with a rank per 64 (4 bytes).
        int overflowing = 0;
        long overflowEntries = 0;
        for (int j = 0; j < 100_000; j++)
        {
            var walker = hashed.Pattern.Column(j);
            int count = 0;
            while (walker.Next(out _)) count++;
            if (count > 2) { overflowing++; overflowEntries += count - 1; }
        }
        int words = (100_000 + 63) / 64;
        Assert.Equal(tables + 4L * 100_000 + 12L * words + 4L * (overflowing + 1) + 4 * overflowEntries, stored.StoredBytes);
        long columnPointersAndEntries = 4L * 100_001 + 4 * nnz;
        Assert.True(stored.StoredBytes - tables < 0.7 * columnPointersAndEntries,
            $"the compact cache takes {stored.StoredBytes - tables} bytes; column pointers and entries would take {columnPointersAndEntries}");

        var wideStored = new SparseRandomProjection<float>(40_000, 500, 1, RandomProjectionStorage.Stored, 0.0001);
        var wideHashed = new SparseRandomProjection<float>(40_000, 500, 1, RandomProjectionStorage.Hashed, 0.0001);
        long wideNnz = wideStored.NonZeroCount();
        Assert.Equal(wideHashed.NonZeroCount(), wideNnz);
        Assert.Equal(wideHashed.StoredBytes + 4L * 501 + 4 * (wideNnz + 2), wideStored.StoredBytes);
        double expected = 256 * 100_000 / Math.Sqrt(100_000); // k·d·p ≈ 80,954
        Assert.InRange(nnz, expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
    }

    [Fact]
    public void InvalidArgumentsAreRejectedNamingTheProblem()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SparseRandomProjection<double>(0, 10, 1));
        Assert.Contains("output dimension k", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new SparseRandomProjection<double>(4, 0, 1));
        Assert.Contains("input dimension d", e.Message);
        foreach (double bad in new[] { 0.0, -0.1, 1.5, double.NaN, double.PositiveInfinity })
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => new SparseRandomProjection<double>(4, 10, 1, RandomProjectionStorage.Hashed, bad));
            Assert.Contains("density", e.Message);
        }
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new SparseRandomProjection<double>(4, 10, 1, RandomProjectionStorage.Stored, 1e-20));
        Assert.Contains("too small", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseRandomProjection<double>(4, 10, 1, (RandomProjectionStorage)7));

        var op = new SparseRandomProjection<double>(4, 10, 1);
        var s = Assert.Throws<ShapeMismatchException>(() => op.Apply(new double[9], new double[4]));
        Assert.Contains("x has length 9", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => op.Apply(new double[10], new double[5]));
        Assert.Contains("y has length 5", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => op.ApplyTransposed(new double[10], new double[4]));
        Assert.Contains("x has length 10", s.Message);
        var shared = new double[20];
        var overlap = Assert.Throws<ArgumentException>(() => op.Apply(shared.AsSpan(0, 10), shared.AsSpan(8, 4)));
        Assert.Contains("overlaps", overlap.Message);
        s = Assert.Throws<ShapeMismatchException>(() => op.ApplyToBlock(new DenseMatrix<double>(10, 2), new DenseMatrix<double>(4, 3)));
        Assert.Contains("X is 10 x 2 and Y is 4 x 3", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => op.Project(new DenseMatrix<double>(3, 11), new DenseMatrix<double>(3, 4)));
        Assert.Contains("3 x 11", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => op.Project(new DenseMatrix<double>(3, 10).ToCsr(), new DenseMatrix<double>(2, 4)));
        Assert.Contains("the output is 2 x 4", s.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => op.Entry(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => op.Entry(0, 10));
    }
}
