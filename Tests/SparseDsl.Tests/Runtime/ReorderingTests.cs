using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static SparseDsl.Tests.Runtime.ReorderingTestData;

namespace SparseDsl.Tests.Runtime;

/// <summary>Permutation, ReverseCuthillMcKee, Reordering and ReorderedOperator against dense and list-based references.</summary>
public class ReorderingTests
{
    // ---------------- Permutation ----------------

    [Fact]
    public void PermutationKeepsItsMapAndInverse()
    {
        var p = new Permutation([2, 0, 3, 1]);
        Assert.Equal(4, p.Length);
        Assert.Equal(new[] { 2, 0, 3, 1 }, p.Map.ToArray());
        Assert.Equal(new[] { 1, 3, 0, 2 }, p.InverseMap.ToArray());
        Assert.Equal(3, p[2]);
        Assert.Equal(new[] { 1, 3, 0, 2 }, p.Inverse().Map.ToArray());
        Assert.Equal(new[] { 30.0, 10.0, 40.0, 20.0 }, p.Apply<double>([10.0, 20.0, 30.0, 40.0]));
        Assert.Equal(new[] { 10.0, 20.0, 30.0, 40.0 }, p.ApplyInverse<double>([30.0, 10.0, 40.0, 20.0]));
        Assert.Equal(new[] { 0, 1, 2 }, Permutation.Identity(3).Map.ToArray());
        Assert.Equal(0, Permutation.Identity(0).Length);
    }

    [Fact]
    public void PermutationCopiesItsInput()
    {
        int[] map = [1, 0];
        var p = new Permutation(map);
        map[0] = 0;
        Assert.Equal(new[] { 1, 0 }, p.Map.ToArray());
    }

    [Fact]
    public void PermutationRejectsANonBijectionNamingTheEntry()
    {
        var outside = Assert.Throws<ArgumentException>(() => new Permutation([0, 5, 1]));
        Assert.Contains("p[1] = 5 is outside 0..2", outside.Message);
        var negative = Assert.Throws<ArgumentException>(() => new Permutation([-1]));
        Assert.Contains("p[0] = -1 is outside 0..0", negative.Message);
        var repeated = Assert.Throws<ArgumentException>(() => new Permutation([1, 2, 1]));
        Assert.Contains("p[0] = p[2] = 1", repeated.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Permutation.Identity(-1));
    }

    [Fact]
    public void PermutationRejectsLengthMismatchesAndOverlap()
    {
        var p = new Permutation([1, 0, 2]);
        var x = Assert.Throws<ShapeMismatchException>(() => p.Apply<double>(new double[2], new double[3]));
        Assert.Contains("x has length 2 but the permutation has 3 elements", x.Message);
        var into = Assert.Throws<ShapeMismatchException>(() => p.ApplyInverse<double>(new double[3], new double[4]));
        Assert.Contains("into has length 4 but the permutation has 3 elements", into.Message);
        var both = new double[3];
        var overlap = Assert.Throws<ArgumentException>(() => p.Apply<double>(both, both));
        Assert.Contains("overlaps", overlap.Message);
        var composed = Assert.Throws<ShapeMismatchException>(() => p.After(Permutation.Identity(2)));
        Assert.Contains("lengths 3 and 2", composed.Message);
    }

    [Fact]
    public void PermutationPropertiesHoldForRandomShuffles()
    {
        var gen = from n in Gen.Choose(0, 40) from s1 in Gen.Choose(0, 1 << 30) from s2 in Gen.Choose(0, 1 << 30) select (n, s1, s2);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var p = new Permutation(Shuffle(c.n, c.s1));
            var q = new Permutation(Shuffle(c.n, c.s2));
            double[] x = Enumerable.Range(0, c.n).Select(i => i * 1.5 - 7).ToArray();
            double[] px = p.Apply<double>(x);
            for (int i = 0; i < c.n; i++) Assert.Equal(x[p[i]], px[i]);
            Assert.Equal(x, p.ApplyInverse<double>(px));
            Assert.Equal(x, p.Inverse().Apply<double>(px));
            Assert.Equal(p.Apply<double>(q.Apply<double>(x)), p.After(q).Apply<double>(x));
            for (int i = 0; i < c.n; i++) Assert.Equal(i, p.InverseMap[p[i]]);
        }));
    }

    // ---------------- PermuteSymmetric ----------------

    [Fact]
    public void PermuteSymmetricMapsEveryEntry()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(SquareWithPermutation().ToArbitrary(), c =>
        {
            var a = c.Matrix.Csr();
            var p = new Permutation(c.Permutation);
            var b = Reordering.PermuteSymmetric(a, p);
            int n = a.Rows;
            double[,] da = c.Matrix.Dense(n, n), db = Dense(b);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal(da[p[i], p[j]], db[i, j]);
            Assert.Equal(a.NonZeroCount, b.NonZeroCount);   // explicit zeros travel too
            for (int i = 0; i < n; i++)
                for (int k = b.RowPointers[i] + 1; k < b.RowPointers[i + 1]; k++)
                    Assert.True(b.ColumnIndices[k - 1] < b.ColumnIndices[k], $"row {i} of B is not sorted");
        }));
    }

    [Fact]
    public void PermuteSymmetricRejectsNonSquareAndMismatchedPermutations()
    {
        var rect = new TripletCase(2, 3, [(0, 2, 1.0)]).Csr();
        var e = Assert.Throws<ShapeMismatchException>(() => Reordering.PermuteSymmetric(rect, Permutation.Identity(2)));
        Assert.Contains("2 x 3", e.Message);
        Assert.Contains("square", e.Message);
        var sq = new TripletCase(3, 3, [(0, 2, 1.0)]).Csr();
        var m = Assert.Throws<ShapeMismatchException>(() => Reordering.PermuteSymmetric(sq, Permutation.Identity(4)));
        Assert.Contains("4 elements but the matrix is 3 x 3", m.Message);
    }

    // ---------------- reordered products ----------------

    private static double[] DenseProduct(double[,] a, double[] x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++) y[i] += a[i, j] * x[j];
        return y;
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        double scale = expected.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, scale),
                $"{what}: y[{i}] = {actual[i]:R}, the dense reference has {expected[i]:R}");
    }

    [Fact]
    public void ReorderedProductWithTheGeneratedKernelEqualsTheDenseProduct()
    {
        var gen = from c in SquareWithPermutation(20) from seed in Gen.Choose(0, 1 << 30) select (c.Matrix, c.Permutation, seed);
        // three threads with no minimum work: the kernel's threaded path runs on B too (and the threading settings
        // are held, as every kernel test holds them, so no concurrent test sees its kernels go parallel)
        Kernels.KernelTestData.WithThreads(3, () => Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var a = c.Matrix.Csr();
            int n = a.Rows;
            var r = new Random(c.seed);
            double[] x = Enumerable.Range(0, n).Select(_ => r.NextDouble() * 2 - 1).ToArray();
            double[] expected = DenseProduct(c.Matrix.Dense(n, n), x);

            // the recipe by hand: permute x, multiply with B, un-permute y
            var p = new Permutation(c.Permutation);
            var b = Reordering.PermuteSymmetric(a, p);
            double[] px = p.Apply<double>(x), py = new double[n], y = new double[n];
            SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64(b, px, py);
            p.ApplyInverse<double>(py, y);
            AssertClose(expected, y, "recipe, random permutation");

            // the operator, with the RCM order and with the random one
            var rcm = ReorderedOperator<double>.ReverseCuthillMcKee(a);
            var yr = Enumerable.Repeat(double.NaN, n).ToArray();
            rcm.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, x, yr);
            AssertClose(expected, yr, "ReorderedOperator, RCM");
            var op = new ReorderedOperator<double>(a, p);
            var yp = new double[n];
            op.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, x, yp);
            AssertClose(expected, yp, "ReorderedOperator, random permutation");
            Assert.Equal(p, op.Permutation);
            Assert.Equal(n, op.Size);
        })));
    }

    [Fact]
    public void ReorderedOperatorChecksItsOperands() => Kernels.KernelTestData.SingleThreaded(ReorderedOperatorChecksItsOperandsSingleThreaded);

    private static void ReorderedOperatorChecksItsOperandsSingleThreaded()
    {
        var a = RandomBand(10, 2, 0.5, 1);
        var op = ReorderedOperator<double>.ReverseCuthillMcKee(a);
        var x = Assert.Throws<ShapeMismatchException>(() => op.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, new double[9], new double[10]));
        Assert.Contains("x has length 9", x.Message);
        var y = Assert.Throws<ShapeMismatchException>(() => op.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, new double[10], new double[11]));
        Assert.Contains("y has length 11", y.Message);
        Assert.Throws<ArgumentNullException>(() => op.Multiply(null!, new double[10], new double[10]));
        // x and y may be the same array: the operator works in its own vectors
        double[] v = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        double[] expected = DenseProduct(Dense(a), v);
        op.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, v, v);
        AssertClose(expected, v, "in place");
        // a nested call on the same instance (the kernel re-entering) is refused, not corrupted
        var nested = Assert.Throws<InvalidOperationException>(() => op.Multiply((b, xx, yy) => op.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, new double[10], new double[10]), new double[10], new double[10]));
        Assert.Contains("one operator per thread", nested.Message);
        op.Multiply(SparseDsl.Benchmarks.Benchmarks.CsrSpmvF64, new double[10], new double[10]);   // usable again
    }

    // ---------------- ReverseCuthillMcKee ----------------

    [Fact]
    public void RcmIsABijectionAndMatchesTheNaiveReference()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(SquareWithPermutation(16).ToArbitrary(), c =>
        {
            var a = c.Matrix.Csr();
            var p = ReverseCuthillMcKee.Order(a);
            Assert.Equal(a.Rows, p.Length);
            Assert.Equal(Enumerable.Range(0, a.Rows), p.Map.ToArray().OrderBy(v => v));
            Assert.Equal(NaiveRcm(a), p.Map.ToArray());
            Assert.Equal(p.Map.ToArray(), ReverseCuthillMcKee.Order(a).Map.ToArray());   // deterministic
        }));
    }

    [Fact]
    public void RcmOfAScrambledBandRecoversANarrowBand()
    {
        foreach (var (n, half, keep, seed) in new[] { (2000, 5, 0.6, 1), (3000, 16, 0.5, 2), (500, 1, 1.0, 3), (1500, 8, 1.0, 4) })
        {
            var band = RandomBand(n, half, keep, seed);
            Assert.True(Reordering.Bandwidth(band) <= half);
            var scrambled = Reordering.PermuteSymmetric(band, new Permutation(Shuffle(n, seed + 100)));
            Assert.True(Reordering.Bandwidth(scrambled) > n / 4, "the shuffle should have spread the band");
            var p = ReverseCuthillMcKee.Order(scrambled);
            if (n <= 2000) Assert.Equal(NaiveRcm(scrambled), p.Map.ToArray());   // the symmetric path (no Aᵀ built)
            var b = Reordering.PermuteSymmetric(scrambled, p);
            BandStatistics before = Reordering.Statistics(scrambled), after = Reordering.Statistics(b);
            // a full band comes back within 2x its half-width, a half-empty one within 3x (the levels of its BFS are wider)
            Assert.True(after.Bandwidth <= (keep == 1.0 ? 2 : 3) * half, $"n = {n}, half-width {half}: RCM bandwidth {after.Bandwidth} (scrambled: {before})");
            Assert.True(after.Profile < before.Profile / 10, $"profile {after.Profile} vs scrambled {before.Profile}");
            Assert.Equal(band.NonZeroCount, b.NonZeroCount);
        }
    }

    [Fact]
    public void RcmOfANonSymmetricPatternUsesAPlusATranspose()
    {
        // only the superdiagonal is stored: the graph of A + Aᵀ is a path, scrambled here
        const int n = 200;
        var p0 = new Permutation(Shuffle(n, 7));
        var upper = new TripletCase(n, n, Enumerable.Range(0, n - 1).Select(i => (i, i + 1, 1.0)).ToArray()).Csr();
        var scrambled = Reordering.PermuteSymmetric(upper, p0);
        var b = Reordering.PermuteSymmetric(scrambled, ReverseCuthillMcKee.Order(scrambled));
        Assert.Equal(1, Reordering.Bandwidth(b));
    }

    [Fact]
    public void RcmNumbersEachComponentContiguously()
    {
        // two scrambled paths, a triangle, isolated nodes (empty rows) and one self loop only
        int[] comp = new int[23];
        var t = new System.Collections.Generic.List<(int, int, double)>();
        int[] order = Shuffle(23, 11);
        void Edge(int u, int v, int id) { t.Add((order[u], order[v], 1.0)); comp[order[u]] = comp[order[v]] = id; }
        for (int i = 0; i < 7; i++) Edge(i, i + 1, 1);
        for (int i = 8; i < 14; i++) Edge(i, i + 1, 2);
        Edge(15, 16, 3); Edge(16, 17, 3); Edge(17, 15, 3);
        for (int i = 18; i < 23; i++) comp[order[i]] = 10 + i;
        t.Add((order[20], order[20], 2.0));
        var a = new TripletCase(23, 23, t.ToArray()).Csr();
        var p = ReverseCuthillMcKee.Order(a);
        Assert.Equal(NaiveRcm(a), p.Map.ToArray());
        var seen = new System.Collections.Generic.HashSet<int>();
        for (int i = 0; i < 23; i++)
        {
            int id = comp[p[i]];
            if (i > 0 && id != comp[p[i - 1]])
                Assert.True(seen.Add(comp[p[i - 1]]), $"component {comp[p[i - 1]]} is split in {string.Join(",", p.Map.ToArray())}");
            Assert.DoesNotContain(id, seen);
        }
        Assert.Equal(2, Reordering.Bandwidth(Reordering.PermuteSymmetric(a, p)));   // the triangle's; the paths get 1
    }

    [Fact]
    public void RcmHandlesTheSmallestMatrices()
    {
        Assert.Equal(0, ReverseCuthillMcKee.Order(new TripletCase(0, 0, []).Csr()).Length);
        Assert.Equal(new[] { 0 }, ReverseCuthillMcKee.Order(new TripletCase(1, 1, []).Csr()).Map.ToArray());
        Assert.Equal(new[] { 0 }, ReverseCuthillMcKee.Order(new TripletCase(1, 1, [(0, 0, 3.0)]).Csr()).Map.ToArray());
        // no entries at all: every node is its own component, numbered by index, then reversed
        Assert.Equal(new[] { 3, 2, 1, 0 }, ReverseCuthillMcKee.Order(new TripletCase(4, 4, []).Csr()).Map.ToArray());
    }

    [Fact]
    public void NonSquareInputIsRejectedWithAMessage()
    {
        var rect = new TripletCase(3, 2, [(2, 1, 1.0)]).Csr();
        var e = Assert.Throws<ShapeMismatchException>(() => ReverseCuthillMcKee.Order(rect));
        Assert.Contains("3 x 2", e.Message);
        Assert.Contains("square", e.Message);
        Assert.Contains("square", Assert.Throws<ShapeMismatchException>(() => Reordering.Statistics(rect)).Message);
        Assert.Contains("square", Assert.Throws<ShapeMismatchException>(() => Reordering.Bandwidth(rect)).Message);
        Assert.Throws<ArgumentNullException>(() => ReverseCuthillMcKee.Order<double>(null!));
    }

    [Fact]
    public void AMillionNodePathRunsOnASmallStack()
    {
        const int n = 1_000_000;
        int bandwidth = SmallStack.Run(() =>
        {
            var scrambled = Reordering.PermuteSymmetric(Path(n), new Permutation(Shuffle(n, 5)));
            var p = ReverseCuthillMcKee.Order(scrambled);
            return Reordering.Bandwidth(Reordering.PermuteSymmetric(scrambled, p));
        });
        Assert.Equal(1, bandwidth);
    }

    // ---------------- statistics ----------------

    [Fact]
    public void StatisticsMatchABruteForceCount()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(SquareWithPermutation().ToArbitrary(), c =>
        {
            var a = c.Matrix.Csr();
            int n = a.Rows;
            int lower = 0, upper = 0;
            double distance = 0;
            var sym = new bool[n, n];
            for (int i = 0; i < n; i++)
                for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                {
                    int j = a.ColumnIndices[k];
                    lower = Math.Max(lower, i - j);
                    upper = Math.Max(upper, j - i);
                    distance += Math.Abs(i - j);
                    sym[i, j] = sym[j, i] = true;
                }
            long profile = 0;
            for (int i = 0; i < n; i++)
            {
                int first = i;
                for (int j = 0; j < i; j++) if (sym[i, j]) { first = j; break; }
                profile += i - first;
            }
            BandStatistics s = Reordering.Statistics(a);
            Assert.Equal(new BandStatistics(n, a.NonZeroCount, lower, upper, profile, a.NonZeroCount == 0 ? 0 : distance / a.NonZeroCount), s);
            Assert.Equal(Math.Max(lower, upper), s.Bandwidth);
            Assert.Equal(s.Bandwidth, Reordering.Bandwidth(a));
            Assert.Contains($"bandwidth = {s.Bandwidth}", s.ToString());
        }));
    }
}
