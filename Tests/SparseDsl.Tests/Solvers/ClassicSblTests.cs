using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// Classic SBL (dense EM) as the baseline: its first posterior mean equals the Kronecker E-step's at the same
/// hyperparameters (two independent implementations: the dense M × M or N × N Cholesky against Kronecker algebra),
/// in both of its forms; and it recovers a sparse signal.
/// </summary>
public class ClassicSblTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static DenseMatrix<T> Random<T>(Random random, int rows, int columns, Func<Random, T> value) where T : unmanaged, INumberBase<T>
    {
        var m = new DenseMatrix<T>(rows, columns);
        for (int i = 0; i < m.Values.Length; i++) m.Values[i] = value(random);
        return m;
    }

    private static DenseMatrix<T> Formed<T>(DenseMatrix<T>[] factors) where T : unmanaged, INumberBase<T>
        => SparseDsl.Tests.Verification.KroneckerReference.FormedMatrix(factors);

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 3, 4 })]   // N > M: the M × M form
    [InlineData(new[] { 4, 5 }, new[] { 2, 3 })]   // N < M: the N × N form
    public void FirstPosteriorMeanEqualsTheKroneckerEStep(int[] rows, int[] columns)
    {
        var random = new Random(51);
        Complex Entry(Random r) => new(Gaussian(r), Gaussian(r));
        var factors = rows.Select((r, i) => Random(random, r, columns[i], Entry)).ToArray();
        var y = Enumerable.Range(0, rows.Aggregate(1, (a, b) => a * b)).Select(_ => Entry(random)).ToArray();
        var token = TestContext.Current.CancellationToken;
        var classic = ClassicSbl.Solve(Formed(factors), y, new ClassicSblOptions { MaxIterations = 1, NoiseVariance = 0.2 }, null, token);
        var kronecker = KroneckerSbl.Solve(factors, y, new KroneckerSblOptions { MaxIterations = 1, NoiseVariance = 0.2 }, null, token);
        Assert.Equal(kronecker.Mean.Length, classic.Mean.Length);
        for (int j = 0; j < classic.Mean.Length; j++)
            Assert.True(Complex.Abs(classic.Mean[j] - kronecker.Mean[j]) < 1e-10, $"μ[{j}]: {classic.Mean[j]} vs {kronecker.Mean[j]}");
    }

    [Fact]
    public void RecoversASparseSignal()
    {
        var random = new Random(52);
        var h = Random(random, 40, 100, Gaussian);
        var x = new double[100];
        foreach (int j in new[] { 3, 17, 42, 77, 90 }) x[j] = 1 + Gaussian(random) * 0.3;
        var y = new double[40];
        for (int i = 0; i < 40; i++) { for (int j = 0; j < 100; j++) y[i] += h[i, j] * x[j]; y[i] += 0.01 * Gaussian(random); }
        var result = ClassicSbl.Solve(h, y, new ClassicSblOptions { NoiseVariance = 1e-4 }, null, TestContext.Current.CancellationToken);
        double error = x.Zip(result.Mean, (a, b) => (a - b) * (a - b)).Sum() / x.Sum(v => v * v);
        Assert.True(error < 1e-3, $"NMSE {error:G3}, {result.StopReason} after {result.Iterations}");
        Assert.Equal(new[] { 3, 17, 42, 77, 90 }, result.Support);
        Assert.Throws<ShapeMismatchException>(() => ClassicSbl.Solve(h, y.AsSpan(0, 39), null, null, TestContext.Current.CancellationToken));
    }
}
