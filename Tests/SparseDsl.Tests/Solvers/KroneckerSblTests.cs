using System;
using System.Linq;
using System.Numerics;
using System.Threading;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// Kronecker SBL: the Kronecker E-step against the dense formulas (formed dictionary, Σ by Gaussian elimination),
/// the two M-steps on Λ that is exactly a Kronecker product, recovery of Kronecker-sparse signals (real and complex,
/// SVD and AM updates, known and learned noise), the stopping reasons and the input checks.
/// </summary>
public class KroneckerSblTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static DenseMatrix<T> RandomFactor<T>(Random random, int rows, int columns, bool complex) where T : unmanaged, INumberBase<T>
    {
        var m = new DenseMatrix<T>(rows, columns);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                m[r, c] = complex ? (T)(object)new Complex(Gaussian(random), Gaussian(random)) : T.CreateTruncating(Gaussian(random));
        return m;
    }

    private static T Conj<T>(T value) where T : unmanaged, INumberBase<T> => value is Complex z ? (T)(object)Complex.Conjugate(z) : value;

    private static double Abs2<T>(T value) where T : unmanaged, INumberBase<T>
        => value is Complex z ? z.Real * z.Real + z.Imaginary * z.Imaginary : double.CreateTruncating(value) * double.CreateTruncating(value);

    private static T[,] Formed<T>(params DenseMatrix<T>[] factors) where T : unmanaged, INumberBase<T>
        => SparseDsl.Tests.Verification.KroneckerReference.Formed(factors);

    /// <summary>M⁻¹·B (B with several columns) by Gaussian elimination with partial pivoting.</summary>
    private static Complex[,] Solve(Complex[,] m, Complex[,] b)
    {
        int n = m.GetLength(0), k = b.GetLength(1);
        var a = (Complex[,])m.Clone();
        var x = (Complex[,])b.Clone();
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int i = c + 1; i < n; i++) if (Complex.Abs(a[i, c]) > Complex.Abs(a[pivot, c])) pivot = i;
            for (int j = 0; j < n; j++) (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
            for (int j = 0; j < k; j++) (x[c, j], x[pivot, j]) = (x[pivot, j], x[c, j]);
            for (int i = c + 1; i < n; i++)
            {
                Complex f = a[i, c] / a[c, c];
                for (int j = c; j < n; j++) a[i, j] -= f * a[c, j];
                for (int j = 0; j < k; j++) x[i, j] -= f * x[c, j];
            }
        }
        for (int c = n - 1; c >= 0; c--)
            for (int j = 0; j < k; j++)
            {
                for (int l = c + 1; l < n; l++) x[c, j] -= a[c, l] * x[l, j];
                x[c, j] /= a[c, c];
            }
        return x;
    }

    [Fact]
    public void KroneckerEStepEqualsTheDenseFormulas()
    {
        var random = new Random(21);
        var factors = new[] { RandomFactor<Complex>(random, 2, 3, true), RandomFactor<Complex>(random, 3, 4, true), RandomFactor<Complex>(random, 2, 2, true) };
        var gammas = new[] { new[] { 0.5, 2.0, 1.0 }, new[] { 1.5, 0.25, 1.0, 3.0 }, new[] { 0.7, 1.3 } };
        const double noise = 0.3;
        int m = 12, n = 24;
        var y = new Complex[m];
        for (int i = 0; i < m; i++) y[i] = new Complex(Gaussian(random), Gaussian(random));

        var state = new KroneckerSblState<Complex>(factors, y, new KroneckerSblOptions { PruneThreshold = 0 });
        state.SetHyperparameters(gammas, noise);
        state.EStep();
        var (mean, diagSigma) = state.Posterior;

        // Dense: Σ_y = σ²I + HΓHᴴ, μ = ΓHᴴΣ_y⁻¹y, Σ = Γ − ΓHᴴΣ_y⁻¹HΓ.
        var h = Formed(factors);
        var gamma = new double[n];
        for (int j = 0; j < n; j++) gamma[j] = gammas[0][j / 8] * gammas[1][j / 2 % 4] * gammas[2][j % 2];
        var sy = new Complex[m, m];
        for (int r = 0; r < m; r++)
            for (int s = 0; s < m; s++)
            {
                Complex sum = r == s ? noise : 0;
                for (int j = 0; j < n; j++) sum += h[r, j] * gamma[j] * Complex.Conjugate(h[s, j]);
                sy[r, s] = sum;
            }
        var rhs = new Complex[m, n + 1];
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < n; j++) rhs[r, j] = h[r, j];
            rhs[r, n] = y[r];
        }
        var solved = Solve(sy, rhs); // [Σ_y⁻¹H | Σ_y⁻¹y]
        for (int j = 0; j < n; j++)
        {
            Complex mu = 0, quad = 0;
            for (int r = 0; r < m; r++)
            {
                mu += Complex.Conjugate(h[r, j]) * solved[r, n];
                quad += Complex.Conjugate(h[r, j]) * solved[r, j];
            }
            mu *= gamma[j];
            double sigma = gamma[j] - gamma[j] * gamma[j] * quad.Real;
            Assert.True(Complex.Abs(mu - mean[j]) < 1e-10, $"μ[{j}]: {mu} vs {mean[j]}");
            Assert.Equal(sigma, diagSigma[j], 1e-10);
        }
    }

    [Fact]
    public void SvdUpdateRecoversTheFactorsOfAKroneckerLambda()
    {
        double[] a = { 1, 3, 0.5 }, b = { 2, 0.1, 1, 4 }, c = { 0.3, 0.6 };
        var sizes = new[] { 3, 4, 2 };
        var lambda = new double[24];
        Kronecker.DiagonalInto<double>(new[] { a, b, c }, lambda);
        var gammas = new[] { new double[3], new double[4], new double[2] };
        default(SvdFactorUpdate).Update(lambda, gammas, sizes, new KroneckerSblOptions(), new double[3 * 24 + 4]);
        var product = new double[24];
        Kronecker.DiagonalInto<double>(gammas, product);
        for (int j = 0; j < 24; j++) Assert.Equal(lambda[j], product[j], 1e-12);
        // γ_1 and γ_2 come out of unit norm, the scale in γ_3.
        Assert.Equal(1.0, Math.Sqrt(gammas[0].Sum(g => g * g)), 1e-12);
        Assert.Equal(a[1] / a[0], gammas[0][1] / gammas[0][0], 1e-12);
    }

    [Fact]
    public void AlternatingUpdateReachesAKroneckerLambdaItsMinimizer()
    {
        // Σ Λ/g + log g is minimized by g = Λ; when Λ is itself a Kronecker product AM must reach it.
        double[] a = { 1, 3, 0.5 }, b = { 2, 0.1, 1, 4 }, c = { 0.3, 0.6 };
        var sizes = new[] { 3, 4, 2 };
        var lambda = new double[24];
        Kronecker.DiagonalInto<double>(new[] { a, b, c }, lambda);
        var gammas = new[] { new double[] { 1, 1, 1 }, new double[] { 1, 1, 1, 1 }, new double[] { 1, 1 } };
        var options = new KroneckerSblOptions { InnerIterations = 500, InnerTolerance = 1e-14 };
        default(AlternatingFactorUpdate).Update(lambda, gammas, sizes, options, new double[3 * 24 + 4]);
        var product = new double[24];
        Kronecker.DiagonalInto<double>(gammas, product);
        for (int j = 0; j < 24; j++) Assert.Equal(lambda[j], product[j], 1e-9);
    }

    /// <summary>A Kronecker-sparse x = x1 ⊗ x2 ⊗ x3 (nonzeros per factor) and y = Hx + noise at the given SNR.</summary>
    private static (DenseMatrix<T>[] Factors, T[] X, T[] Y, double Noise) Problem<T>(int seed, int[] rows, int columns, int nonzeros, double snrDb, bool complex)
        where T : unmanaged, INumberBase<T>
    {
        var random = new Random(seed);
        var factors = rows.Select(r => RandomFactor<T>(random, r, columns, complex)).ToArray();
        var parts = rows.Select(_ =>
        {
            var v = new T[columns];
            foreach (int j in Enumerable.Range(0, columns).OrderBy(_ => random.Next()).Take(nonzeros))
                v[j] = complex ? (T)(object)new Complex(Gaussian(random), Gaussian(random)) : T.CreateTruncating(Gaussian(random) + Math.Sign(Gaussian(random)));
            return v;
        }).ToArray();
        int n = (int)Math.Pow(columns, rows.Length);
        var x = new T[n];
        for (int j = 0; j < n; j++)
        {
            T value = T.One;
            int rest = j;
            for (int i = rows.Length - 1; i >= 0; i--) { value *= parts[i][rest % columns]; rest /= columns; }
            x[j] = value;
        }
        var h = new KroneckerOperator<T>(factors);
        var y = new T[h.Rows];
        h.Apply(x, y);
        double power = y.Sum(v => Abs2(v)) / y.Length;
        double noise = power / Math.Pow(10, snrDb / 10);
        for (int i = 0; i < y.Length; i++)
            y[i] += complex ? (T)(object)new Complex(Gaussian(random) * Math.Sqrt(noise / 2), Gaussian(random) * Math.Sqrt(noise / 2)) : T.CreateTruncating(Gaussian(random) * Math.Sqrt(noise));
        return (factors, x, y, noise);
    }

    private static double Nmse<T>(T[] estimate, T[] truth) where T : unmanaged, INumberBase<T>
        => estimate.Zip(truth, (e, t) => Abs2(e - t)).Sum() / truth.Sum(t => Abs2(t));

    [Theory]
    [InlineData(KroneckerSblUpdate.Svd, false)]
    [InlineData(KroneckerSblUpdate.AlternatingMinimization, false)]
    [InlineData(KroneckerSblUpdate.Svd, true)]
    [InlineData(KroneckerSblUpdate.AlternatingMinimization, true)]
    public void RecoversAKroneckerSparseSignalAtHighSnr(KroneckerSblUpdate update, bool complex)
    {
        var rows = new[] { 6, 7, 8 };
        if (complex) Check<Complex>(); else Check<double>();

        void Check<T>() where T : unmanaged, INumberBase<T>
        {
            var (factors, x, y, noise) = Problem<T>(31, rows, 10, 2, 40, complex);
            var result = Sbl(factors, y, new KroneckerSblOptions { Update = update, NoiseVariance = noise });
            Assert.True(Nmse(result.Mean, x) < 1e-3, $"NMSE {Nmse(result.Mean, x):G3} after {result.Iterations} iterations ({result.StopReason})");
            var support = Enumerable.Range(0, x.Length).Where(j => Abs2(x[j]) > 0).ToArray();
            Assert.Equal(support, result.Support);
            Assert.Equal(result.Iterations, result.Trace.Length);
        }
    }

    [Fact]
    public void LearnsTheNoiseVarianceWhenItIsNotGiven()
    {
        var (factors, x, y, noise) = Problem<double>(32, new[] { 8, 9, 10 }, 10, 2, 20, complex: false);
        var result = Sbl(factors, y, new KroneckerSblOptions { Update = KroneckerSblUpdate.Svd });
        Assert.True(Nmse(result.Mean, x) < 0.05, $"NMSE {Nmse(result.Mean, x):G3}");
        Assert.InRange(result.NoiseVariance, noise / 3, noise * 3);
    }

    [Fact]
    public void ReportsWhyItStoppedAndIsDeterministic()
    {
        var (factors, _, y, noise) = Problem<double>(33, new[] { 6, 7, 8 }, 10, 2, 30, complex: false);
        var capped = Sbl(factors, y, new KroneckerSblOptions { MaxIterations = 2, NoiseVariance = noise });
        Assert.Equal((StopReason.MaxIterations, 2, 2), (capped.StopReason, capped.Iterations, capped.Trace.Length));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var none = KroneckerSbl.Solve(factors, y, null, null, cancelled.Token);
        Assert.Equal((StopReason.Cancelled, 0), (none.StopReason, none.Iterations));
        Assert.All(none.Mean, v => Assert.Equal(0.0, v));

        var reports = new System.Collections.Generic.List<SolverProgress>();
        var first = KroneckerSbl.Solve(factors, y, new KroneckerSblOptions { NoiseVariance = noise }, new SynchronousProgress(reports), TestContext.Current.CancellationToken);
        var second = Sbl(factors, y, new KroneckerSblOptions { NoiseVariance = noise });
        Assert.Equal(StopReason.Converged, first.StopReason);
        Assert.Equal(first.Mean, second.Mean);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Iterations, reports.Count);
        Assert.True(first.Trace[^1] < 1e-4);
    }

    private static KroneckerSblResult<T> Sbl<T>(DenseMatrix<T>[] factors, ReadOnlySpan<T> y, KroneckerSblOptions? options = null) where T : unmanaged, INumberBase<T>
        => KroneckerSbl.Solve(factors, y, options, null, TestContext.Current.CancellationToken);

    private sealed class SynchronousProgress(System.Collections.Generic.List<SolverProgress> reports) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => reports.Add(value);
    }

    [Fact]
    public void RejectsBadInputWithTheReason()
    {
        var (factors, _, y, _) = Problem<double>(34, new[] { 3, 4 }, 5, 1, 30, complex: false);
        Assert.Contains("y has length 11", Assert.Throws<ShapeMismatchException>(() => Sbl(factors, y.AsSpan(0, 11))).Message);
        var bad = (double[])y.Clone();
        bad[3] = double.NaN;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Sbl(factors, bad)).Message);
        Assert.Contains("at least two factors", Assert.Throws<ArgumentException>(() => Sbl(factors.Take(1).ToArray(), y.AsSpan(0, 3))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sbl(factors, y, new KroneckerSblOptions { NoiseVariance = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sbl(factors, y, new KroneckerSblOptions { PruneThreshold = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sbl(factors, y, new KroneckerSblOptions { MaxIterations = 0 }));
        Assert.Contains("zero", Assert.Throws<ArgumentException>(() => Sbl(factors, new double[12])).Message);
    }
}
