using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// Tipping's RVM fixed point (<see cref="ClassicSblRule.FixedPoint"/>) beside Wipf and Rao's EM: one iteration of
/// either rule against the posterior formed densely here (Σ = (Γ⁻¹ + HᴴH/σ²)⁻¹ by Gauss–Jordan elimination, real and
/// complex, both of the solver's forms), and exact recovery of a sparse vector from a well-posed noiseless problem.
/// </summary>
public class RvmSblTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Complex Entry(Random random, bool complex) => complex ? new Complex(Gaussian(random), Gaussian(random)) : new Complex(Gaussian(random), 0);

    /// <summary>The inverse of a Hermitian positive definite matrix by Gauss–Jordan elimination with partial pivoting.</summary>
    private static Complex[,] Inverse(Complex[,] m)
    {
        int n = m.GetLength(0);
        var a = (Complex[,])m.Clone();
        var x = new Complex[n, n];
        for (int i = 0; i < n; i++) x[i, i] = 1;
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int i = c + 1; i < n; i++) if (Complex.Abs(a[i, c]) > Complex.Abs(a[pivot, c])) pivot = i;
            for (int j = 0; j < n; j++) { (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]); (x[c, j], x[pivot, j]) = (x[pivot, j], x[c, j]); }
            Complex inv = 1 / a[c, c];
            for (int j = 0; j < n; j++) { a[c, j] *= inv; x[c, j] *= inv; }
            for (int i = 0; i < n; i++)
            {
                if (i == c) continue;
                Complex f = a[i, c];
                for (int j = 0; j < n; j++) { a[i, j] -= f * a[c, j]; x[i, j] -= f * x[c, j]; }
            }
        }
        return x;
    }

    /// <summary>One iteration from γ = 1 and σ², formed densely: the new γ and the new σ² of the given rule.</summary>
    private static (double[] Gamma, double Noise) DenseIteration(Complex[,] h, Complex[] y, double noise, ClassicSblRule rule)
    {
        int m = h.GetLength(0), n = h.GetLength(1);
        var precision = new Complex[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                Complex sum = 0;
                for (int r = 0; r < m; r++) sum += Complex.Conjugate(h[r, a]) * h[r, b];
                precision[a, b] = sum / noise + (a == b ? 1 : 0);
            }
        var sigma = Inverse(precision);
        var hy = new Complex[n];
        for (int a = 0; a < n; a++) for (int r = 0; r < m; r++) hy[a] += Complex.Conjugate(h[r, a]) * y[r];
        var mu = new Complex[n];
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) mu[a] += sigma[a, b] * hy[b] / noise;
        var gamma = new double[n];
        double sumG = 0;
        for (int a = 0; a < n; a++)
        {
            double s = sigma[a, a].Real, g = 1 - s, mu2 = Complex.Abs(mu[a]) * Complex.Abs(mu[a]);
            sumG += g;
            gamma[a] = rule == ClassicSblRule.FixedPoint ? mu2 / g : s + mu2;
        }
        double residual = 0;
        for (int r = 0; r < m; r++)
        {
            Complex e = y[r];
            for (int a = 0; a < n; a++) e -= h[r, a] * mu[a];
            residual += Complex.Abs(e) * Complex.Abs(e);
        }
        double updated = rule == ClassicSblRule.FixedPoint ? residual / (m - sumG) : (residual + noise * sumG) / m;
        return (gamma, updated);
    }

    [Theory]
    [InlineData(ClassicSblRule.FixedPoint, false, 6, 10)]   // N > M: the solver's M × M form
    [InlineData(ClassicSblRule.FixedPoint, true, 6, 10)]
    [InlineData(ClassicSblRule.FixedPoint, true, 12, 5)]    // N < M: the N × N form
    [InlineData(ClassicSblRule.ExpectationMaximization, true, 6, 10)]
    [InlineData(ClassicSblRule.ExpectationMaximization, false, 12, 5)]
    public void OneIterationEqualsTheDenseFormulas(ClassicSblRule rule, bool complex, int rows, int columns)
    {
        var random = new Random(61 + rows);
        var h = new Complex[rows, columns];
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) h[r, c] = Entry(random, complex);
        var y = Enumerable.Range(0, rows).Select(_ => Entry(random, complex)).ToArray();
        // The solver starts from γ = 1 and σ² = 0.1·var(y).
        double mean2 = Complex.Abs(y.Aggregate(Complex.Zero, (a, b) => a + b)) / rows;
        double noise = 0.1 * (y.Sum(v => Complex.Abs(v) * Complex.Abs(v)) / rows - mean2 * mean2);
        var (gamma, updated) = DenseIteration(h, y, noise, rule);
        var options = new ClassicSblOptions { Rule = rule, MaxIterations = 1, PruneThreshold = 0 };
        var token = TestContext.Current.CancellationToken;

        (double[] Gamma, double Noise) solved;
        if (complex)
        {
            var dictionary = new DenseMatrix<Complex>(rows, columns);
            for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) dictionary[r, c] = h[r, c];
            var result = ClassicSbl.Solve(dictionary, y, options, null, token);
            solved = (result.Gamma, result.NoiseVariance);
        }
        else
        {
            var dictionary = new DenseMatrix<double>(rows, columns);
            for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) dictionary[r, c] = h[r, c].Real;
            var result = ClassicSbl.Solve(dictionary, y.Select(v => v.Real).ToArray(), options, null, token);
            solved = (result.Gamma, result.NoiseVariance);
        }
        for (int j = 0; j < columns; j++) Assert.True(Math.Abs(solved.Gamma[j] - gamma[j]) <= 1e-9 * (1 + gamma[j]), $"γ[{j}]: {solved.Gamma[j]} vs {gamma[j]}");
        Assert.Equal(updated, solved.Noise, 1e-9 * updated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecoversASparseVectorFromANoiselessProblem(bool complex)
    {
        var random = new Random(62);
        const int rows = 30, columns = 80;
        var support = new[] { 4, 19, 33, 58, 71 };
        var h = new DenseMatrix<Complex>(rows, columns);
        for (int i = 0; i < h.Values.Length; i++) h.Values[i] = Entry(random, complex);
        var x = new Complex[columns];
        foreach (int j in support) x[j] = Entry(random, complex) + Math.Sign(Gaussian(random));
        var y = new Complex[rows];
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) y[r] += h[r, c] * x[c];
        double power = y.Sum(v => Complex.Abs(v) * Complex.Abs(v)) / rows;
        var options = new ClassicSblOptions { Rule = ClassicSblRule.FixedPoint, NoiseVariance = 1e-8 * power, MaxIterations = 500, Tolerance = 1e-8 };
        var token = TestContext.Current.CancellationToken;

        Complex[] mean;
        int[] found;
        StopReason reason;
        if (complex)
        {
            var result = ClassicSbl.Solve(h, y, options, null, token);
            (mean, found, reason) = (result.Mean, result.Support, result.StopReason);
        }
        else
        {
            var real = new DenseMatrix<double>(rows, columns);
            for (int i = 0; i < real.Values.Length; i++) real.Values[i] = h.Values[i].Real;
            var result = ClassicSbl.Solve(real, y.Select(v => v.Real).ToArray(), options, null, token);
            (mean, found, reason) = (result.Mean.Select(v => new Complex(v, 0)).ToArray(), result.Support, result.StopReason);
        }
        double error = x.Zip(mean, (a, b) => Complex.Abs(a - b) * Complex.Abs(a - b)).Sum() / x.Sum(v => Complex.Abs(v) * Complex.Abs(v));
        Assert.True(error < 1e-6, $"NMSE {error:G3} ({reason})");
        Assert.Equal(support, found);
        Assert.Equal(StopReason.Converged, reason);
    }

    [Fact]
    public void LearnsTheNoiseAndRejectsAnUnknownRule()
    {
        var random = new Random(63);
        var h = new DenseMatrix<double>(60, 100);
        for (int i = 0; i < h.Values.Length; i++) h.Values[i] = Gaussian(random);
        var x = new double[100];
        foreach (int j in new[] { 7, 30, 64 }) x[j] = 2 + Gaussian(random);
        var y = new double[60];
        const double noise = 0.04;
        for (int r = 0; r < 60; r++) { for (int c = 0; c < 100; c++) y[r] += h[r, c] * x[c]; y[r] += Math.Sqrt(noise) * Gaussian(random); }
        var token = TestContext.Current.CancellationToken;
        var result = ClassicSbl.Solve(h, y, new ClassicSblOptions { Rule = ClassicSblRule.FixedPoint, MaxIterations = 300 }, null, token);
        Assert.InRange(result.NoiseVariance, noise / 2, noise * 2);
        Assert.Equal(new[] { 7, 30, 64 }, result.Support);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassicSbl.Solve(h, y, new ClassicSblOptions { Rule = (ClassicSblRule)7 }, null, token));
    }
}
