using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// PC-KroSBL (pattern-coupled AM-KroSBL): the non-negative least-squares fit against brute force over every
/// active set, β = 0 against AM-KroSBL, support recovery on block-sparse (clustered) problems against AM-KroSBL,
/// the per-factor and absolute pruning, and the option checks.
/// </summary>
public class PcKroneckerSblTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The unique minimiser of ‖Cw − d‖ over w ≥ 0 (C of full column rank) by trying every support S: the least-squares fit on S that is positive with a non-positive gradient off S (the KKT point).</summary>
    private static double[] BruteForceNnls(double[,] c, double[] d)
    {
        int m = c.GetLength(0), n = c.GetLength(1);
        for (int mask = 0; mask < 1 << n; mask++)
        {
            var s = Enumerable.Range(0, n).Where(j => (mask >> j & 1) == 1).ToArray();
            // Normal equations on S by Gaussian elimination with partial pivoting.
            int p = s.Length;
            var a = new double[p, p + 1];
            for (int r = 0; r < p; r++)
            {
                for (int q = 0; q < p; q++) for (int i = 0; i < m; i++) a[r, q] += c[i, s[r]] * c[i, s[q]];
                for (int i = 0; i < m; i++) a[r, p] += c[i, s[r]] * d[i];
            }
            for (int col = 0; col < p; col++)
            {
                int pivot = col;
                for (int r = col + 1; r < p; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
                for (int q = 0; q <= p; q++) (a[col, q], a[pivot, q]) = (a[pivot, q], a[col, q]);
                for (int r = 0; r < p; r++)
                {
                    if (r == col) continue;
                    double f = a[r, col] / a[col, col];
                    for (int q = 0; q <= p; q++) a[r, q] -= f * a[col, q];
                }
            }
            var w = new double[n];
            for (int r = 0; r < p; r++) w[s[r]] = a[r, p] / a[r, r];
            if (s.Any(j => w[j] <= 0)) continue;
            var residual = new double[m];
            for (int i = 0; i < m; i++) { residual[i] = d[i]; for (int j = 0; j < n; j++) residual[i] -= c[i, j] * w[j]; }
            bool optimal = true;
            for (int j = 0; j < n && optimal; j++)
            {
                if (s.Contains(j)) continue;
                double gradient = 0;
                for (int i = 0; i < m; i++) gradient += c[i, j] * residual[i];
                optimal = gradient <= 1e-12;
            }
            if (optimal) return w;
        }
        throw new InvalidOperationException("no KKT point: C is rank deficient");
    }

    [Theory]
    [InlineData(0.5, 6, 1)]
    [InlineData(0.8, 8, 2)]
    [InlineData(0.3, 5, 3)]
    [InlineData(-1, 7, 4)]   // β < 0: a random Gaussian C instead of C_β
    public void NonNegativeLeastSquaresFindsTheKktPoint(double beta, int n, int seed)
    {
        var random = new Random(70 + seed);
        var solver = new NonNegativeLeastSquares(10);
        for (int trial = 0; trial < 20; trial++)
        {
            var c = new DenseMatrix<double>(n, n);
            var dense = new double[n, n];
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    dense[a, b] = c[a, b] = beta < 0 ? Gaussian(random) : a == b ? 1 : Math.Abs(a - b) == 1 ? beta : 0;
            var d = Enumerable.Range(0, n).Select(_ => Gaussian(random) + 0.3).ToArray();
            var w = new double[n];
            solver.Solve(c, d, w);
            var expected = BruteForceNnls(dense, d);
            for (int j = 0; j < n; j++) Assert.True(Math.Abs(w[j] - expected[j]) < 1e-9 * (1 + Math.Abs(expected[j])), $"trial {trial}, w[{j}]: {w[j]} vs {expected[j]}");
        }
        Assert.Throws<ShapeMismatchException>(() => solver.Solve(new DenseMatrix<double>(11, 11), new double[11], new double[11]));
        Assert.Throws<ShapeMismatchException>(() => solver.Solve(new DenseMatrix<double>(3, 3), new double[2], new double[3]));
    }

    /// <summary>x = x1 ⊗ x2 ⊗ x3 with a block of <paramref name="block"/> consecutive nonzeros in the first and last factor and one in the middle; complex Gaussian factors; y = Hx + n at the SNR.</summary>
    private static (DenseMatrix<Complex>[] Factors, Complex[] X, Complex[] Y, double Noise) BlockProblem(int seed, int[] rows, int columns, int block, double snrDb)
    {
        var random = new Random(seed);
        var factors = rows.Select(r =>
        {
            var m = new DenseMatrix<Complex>(r, columns);
            for (int i = 0; i < m.Values.Length; i++) m.Values[i] = new Complex(Gaussian(random), Gaussian(random)) / Math.Sqrt(2 * r);
            return m;
        }).ToArray();
        var parts = new Complex[3][];
        for (int i = 0; i < 3; i++)
        {
            parts[i] = new Complex[columns];
            int width = i == 1 ? 1 : block, start = random.Next(columns - width + 1);
            for (int j = start; j < start + width; j++) parts[i][j] = new Complex(Gaussian(random), Gaussian(random)) / Math.Sqrt(2);
        }
        var x = new Complex[columns * columns * columns];
        for (int a = 0; a < columns; a++) for (int b = 0; b < columns; b++) for (int c = 0; c < columns; c++)
            x[(a * columns + b) * columns + c] = parts[0][a] * parts[1][b] * parts[2][c];
        var h = new KroneckerOperator<Complex>(factors);
        var y = new Complex[h.Rows];
        h.Apply(x, y);
        double noise = y.Sum(v => v.Magnitude * v.Magnitude) / y.Length / Math.Pow(10, snrDb / 10);
        for (int i = 0; i < y.Length; i++) y[i] += new Complex(Gaussian(random), Gaussian(random)) * Math.Sqrt(noise / 2);
        return (factors, x, y, noise);
    }

    private static double Nmse(Complex[] estimate, Complex[] truth)
        => estimate.Zip(truth, (e, t) => (e - t).Magnitude * (e - t).Magnitude).Sum() / truth.Sum(t => t.Magnitude * t.Magnitude);

    /// <summary>The fraction of the true support among the |S| largest entries of the estimate.</summary>
    private static double TopHits(Complex[] estimate, Complex[] truth)
    {
        var support = Enumerable.Range(0, truth.Length).Where(j => truth[j] != Complex.Zero).ToHashSet();
        var top = Enumerable.Range(0, estimate.Length).OrderByDescending(j => estimate[j].Magnitude).ThenBy(j => j).Take(support.Count);
        return (double)top.Count(support.Contains) / support.Count;
    }

    private static KroneckerSblOptions Am(double noise) => new()
    {
        Update = KroneckerSblUpdate.AlternatingMinimization,
        NoiseVariance = noise,
        FactorPruneThresholds = new[] { 1e-2, 1e-1, 1e-2 },
        AbsolutePruneThreshold = 1e-4,
        InnerTolerance = 1e-4,
        InnerIterations = 9,
    };

    [Fact]
    public void ZeroCouplingIsAlternatingMinimization()
    {
        var (factors, _, y, noise) = BlockProblem(81, new[] { 5, 4, 6 }, 12, 3, 15);
        var token = TestContext.Current.CancellationToken;
        var am = KroneckerSbl.Solve(factors, y, Am(noise), null, token);
        var pc = KroneckerSbl.Solve(factors, y, Am(noise) with { Coupling = 0, CoupledFactors = new[] { 0, 2 } }, null, token);
        Assert.Equal(am.Iterations, pc.Iterations);
        for (int j = 0; j < am.Mean.Length; j++) Assert.True((am.Mean[j] - pc.Mean[j]).Magnitude <= 1e-12, $"μ[{j}]");
        // β > 0 changes the iterates (so the comparison above is not vacuous).
        var coupled = KroneckerSbl.Solve(factors, y, Am(noise) with { Coupling = 0.5, CoupledFactors = new[] { 0, 2 } }, null, token);
        Assert.NotEqual(am.Trace, coupled.Trace);
    }

    /// <summary>
    /// Support recovery as the share of the true support among the |S| largest entries: the coupled prior leaks
    /// β·w to the neighbours of a block, so a 1e-3·max threshold (the paper's SRR) counts those small entries against
    /// PC-KroSBL; the ranking is the fair measure of whether the clusters were found.
    /// </summary>
    [Theory]
    [InlineData(8, 6, 10, 25)]
    [InlineData(6, 4, 8, 20)]
    public void CouplingRecoversClusteredSupportsAtLeastAsWellAsAm(int r1, int r2, int r3, int snr)
    {
        var token = TestContext.Current.CancellationToken;
        double amHits = 0, pcHits = 0, amNmse = 0, pcNmse = 0;
        const int trials = 8;
        for (int trial = 0; trial < trials; trial++)
        {
            var (factors, x, y, noise) = BlockProblem(90 + trial, new[] { r1, r2, r3 }, 12, 3, snr);
            var am = KroneckerSbl.Solve(factors, y, Am(noise), null, token);
            var pc = KroneckerSbl.Solve(factors, y, Am(noise) with { Coupling = 0.8, CoupledFactors = new[] { 0, 2 } }, null, token);
            amHits += TopHits(am.Mean, x) / trials;
            pcHits += TopHits(pc.Mean, x) / trials;
            amNmse += Nmse(am.Mean, x) / trials;
            pcNmse += Nmse(pc.Mean, x) / trials;
        }
        string summary = $"support hits: PC {pcHits:F3}, AM {amHits:F3}; NMSE: PC {pcNmse:G3}, AM {amNmse:G3}";
        Assert.True(pcHits >= amHits - 0.02, summary);
        Assert.True(pcHits > 0.8 && pcNmse < 0.2, summary);
    }

    [Fact]
    public void PrunesPerFactorAndAbsolutely()
    {
        var (factors, _, y, noise) = BlockProblem(83, new[] { 8, 6, 9 }, 10, 3, 30);
        var token = TestContext.Current.CancellationToken;
        // An absolute threshold above every γ leaves each factor its largest entry only.
        var one = KroneckerSbl.Solve(factors, y, new KroneckerSblOptions { NoiseVariance = noise, AbsolutePruneThreshold = 1e6, MaxIterations = 3 }, null, token);
        Assert.All(one.FactorGammas, g => Assert.Equal(1, g.Count(v => v > 0)));
        // Relative thresholds per factor: 0 on the first keeps all of it.
        var kept = KroneckerSbl.Solve(factors, y, new KroneckerSblOptions { NoiseVariance = noise, FactorPruneThresholds = new[] { 0, 0.5, 0.5 }, MaxIterations = 30 }, null, token);
        Assert.All(kept.FactorGammas[0], v => Assert.True(v > 0));
        Assert.All(kept.FactorGammas.Skip(1), g => Assert.Contains(g, v => v == 0));
    }

    [Fact]
    public void FinalEStepIsTheNextIterationsEStep()
    {
        // The mean of iteration 2's E-step is the E-step on iteration 1's final γ_i, i.e. iteration 1's re-estimate.
        var (factors, _, y, noise) = BlockProblem(85, new[] { 5, 4, 6 }, 10, 3, 20);
        var token = TestContext.Current.CancellationToken;
        var coupled = Am(noise) with { Coupling = 0.5, CoupledFactors = new[] { 0, 2 } };
        var once = KroneckerSbl.Solve(factors, y, coupled with { MaxIterations = 1, FinalEStep = true }, null, token);
        var twice = KroneckerSbl.Solve(factors, y, coupled with { MaxIterations = 2 }, null, token);
        var plain = KroneckerSbl.Solve(factors, y, coupled with { MaxIterations = 1 }, null, token);
        Assert.Equal(twice.Mean, once.Mean);
        Assert.NotEqual(plain.Mean, once.Mean);
    }

    [Fact]
    public void RejectsBadCouplingOptions()
    {
        var (factors, _, y, noise) = BlockProblem(84, new[] { 3, 2, 3 }, 5, 2, 20);
        var token = TestContext.Current.CancellationToken;
        var am = Am(noise);
        Assert.Throws<ArgumentOutOfRangeException>(() => KroneckerSbl.Solve(factors, y, am with { Coupling = 1, CoupledFactors = new[] { 0 } }, null, token));
        Assert.Throws<ArgumentOutOfRangeException>(() => KroneckerSbl.Solve(factors, y, am with { Coupling = -0.1 }, null, token));
        Assert.Contains("alternating", Assert.Throws<ArgumentException>(() => KroneckerSbl.Solve(factors, y, am with { Update = KroneckerSblUpdate.Svd, Coupling = 0.5, CoupledFactors = new[] { 0 } }, null, token)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => KroneckerSbl.Solve(factors, y, am with { Coupling = 0.5, CoupledFactors = new[] { 3 } }, null, token));
        Assert.Contains("2 entries for 3 factors", Assert.Throws<ArgumentException>(() => KroneckerSbl.Solve(factors, y, am with { FactorPruneThresholds = new[] { 0.1, 0.1 } }, null, token)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => KroneckerSbl.Solve(factors, y, am with { AbsolutePruneThreshold = -1 }, null, token));
        Assert.Throws<ArgumentOutOfRangeException>(() => KroneckerSbl.Solve(factors, y, am with { CouplingFloor = double.NaN }, null, token));
    }
}
