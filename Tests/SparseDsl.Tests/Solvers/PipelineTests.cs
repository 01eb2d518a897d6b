using System;
using System.Linq;
using System.Numerics;
using SparseDsl.Generated.Pipelines;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// The pipeline classes generated from Specs/Pipelines.sparse: the spec's settings as DefaultOptions, Solve equal
/// bit for bit to the runtime solver with those settings, recovery on the paper's problem sizes (the IRS-MIMO
/// dictionary, complex; the synthetic study, real with learned noise), and the checks the generated code adds.
/// </summary>
public class PipelineTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static DenseMatrix<T> Factor<T>(Random random, int rows, int columns, Func<Random, T> value) where T : unmanaged, INumberBase<T>
    {
        var m = new DenseMatrix<T>(rows, columns);
        for (int i = 0; i < m.Values.Length; i++) m.Values[i] = value(random);
        return m;
    }

    /// <summary>x = x1 ⊗ x2 ⊗ x3 with <paramref name="nonzeros"/>[i] nonzeros in factor i, y = Hx + complex/real noise at <paramref name="snrDb"/>.</summary>
    private static (T[] X, T[] Y, double Noise) Problem<T>(Random random, ILinearOperator<T> h, int[] columns, int[] nonzeros, double snrDb, Func<Random, double, T> noisy)
        where T : unmanaged, INumberBase<T>
    {
        var parts = columns.Select((n, factor) =>
        {
            var v = new T[n];
            foreach (int j in Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(nonzeros[factor])) v[j] = noisy(random, 1) + T.CreateTruncating(Math.Sign(Gaussian(random)));
            return v;
        }).ToArray();
        var x = new T[h.Columns];
        for (int j = 0; j < x.Length; j++)
        {
            int rest = j;
            T value = T.One;
            for (int i = columns.Length - 1; i >= 0; i--) { value *= parts[i][rest % columns[i]]; rest /= columns[i]; }
            x[j] = value;
        }
        var y = new T[h.Rows];
        h.Apply(x, y);
        double power = y.Sum(v => Abs2(v)) / y.Length;
        double noise = power / Math.Pow(10, snrDb / 10);
        for (int i = 0; i < y.Length; i++) y[i] += noisy(random, noise);
        return (x, y, noise);
    }

    private static double Abs2<T>(T value) where T : unmanaged, INumberBase<T>
        => value is Complex z ? z.Real * z.Real + z.Imaginary * z.Imaginary : double.CreateTruncating(value) * double.CreateTruncating(value);

    private static double Nmse<T>(T[] estimate, T[] truth) where T : unmanaged, INumberBase<T>
        => estimate.Zip(truth, (e, t) => Abs2(e - t)).Sum() / truth.Sum(t => Abs2(t));

    [Fact]
    public void DefaultOptionsAreTheSpecsSettings()
    {
        Assert.Equal(new KroneckerSblOptions { Update = KroneckerSblUpdate.Svd, MaxIterations = 150, Tolerance = 1e-4, PruneThreshold = 1e-3 },
            Pipelines.ChannelEstimate.DefaultOptions);
        Assert.Equal(new KroneckerSblOptions { Update = KroneckerSblUpdate.Svd, MaxIterations = 200 },
            Pipelines.Recover.DefaultOptions);
        Assert.Equal((288, 5832), (Pipelines.ChannelEstimate.H.RowCount, Pipelines.ChannelEstimate.H.ColumnCount));
    }

    [Fact]
    public void ChannelEstimateRecoversAKroneckerSparseChannelLikeTheRuntimeSolver()
    {
        var random = new Random(41);
        Complex Entry(Random r) => new Complex(Gaussian(r), Gaussian(r)) / Math.Sqrt(2);
        var factors = new[] { Factor(random, 3, 18, Entry), Factor(random, 6, 18, Entry), Factor(random, 16, 18, Entry) };
        var h = new Pipelines.ChannelEstimate.H(factors[0], factors[1], factors[2]);
        // y = (A1x1) ⊗ (A2x2) ⊗ (A3x3): factor i must identify its own x_i, so at most M_i/2 nonzeros each (3, 6, 16 rows).
        var (x, y, noise) = Problem<Complex>(random, h, new[] { 18, 18, 18 }, new[] { 1, 2, 3 }, 25,
            (r, variance) => new Complex(Gaussian(r), Gaussian(r)) * Math.Sqrt(variance / 2));

        var result = Pipelines.ChannelEstimate.Solve(h, y, noise, cancellationToken: TestContext.Current.CancellationToken);
        var direct = KroneckerSbl.Solve(factors, y, Pipelines.ChannelEstimate.DefaultOptions with { NoiseVariance = noise }, null, TestContext.Current.CancellationToken);
        Assert.Equal(direct.Mean, result.Mean);
        Assert.Equal(direct.Trace, result.Trace);
        Assert.True(Nmse(result.Mean, x) < 0.05, $"NMSE {Nmse(result.Mean, x):G3} ({result.StopReason} after {result.Iterations})");
        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.Equal(3, result.FactorGammas.Length);
        Assert.Equal(18, result.FactorGammas[2].Length);
    }

    [Fact]
    public void RecoverLearnsTheNoiseOnTheSyntheticStudy()
    {
        var random = new Random(42);
        var factors = new[] { Factor(random, 8, 15, Gaussian), Factor(random, 12, 15, Gaussian), Factor(random, 15, 15, Gaussian) };
        var d = new Pipelines.Recover.D(factors[0], factors[1], factors[2]);
        var (x, y, noise) = Problem<double>(random, d, new[] { 15, 15, 15 }, new[] { 3, 3, 3 }, 25, (r, variance) => Gaussian(r) * Math.Sqrt(variance));
        var result = Pipelines.Recover.Solve(d, y, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(Nmse(result.Mean, x) < 0.05, $"NMSE {Nmse(result.Mean, x):G3} ({result.StopReason} after {result.Iterations})");
        Assert.True(result.NoiseVariance > noise / 4 && result.NoiseVariance < noise * 4, $"noise {result.NoiseVariance:G3} vs {noise:G3}, NMSE {Nmse(result.Mean, x):G3}, {result.Iterations} {result.StopReason}");

        // The kernel over the same operator: y = D·x.
        var measured = new double[d.Rows];
        Pipelines.Measure(new Pipelines.Synthetic(factors[0], factors[1], factors[2]), x, measured);
        var expected = new double[d.Rows];
        d.Apply(x, expected);
        Assert.Equal(expected, measured);
    }

    [Fact]
    public void GeneratedChecksNameTheProblem()
    {
        var random = new Random(43);
        Complex Entry(Random r) => new(Gaussian(r), Gaussian(r));
        var h = new Pipelines.ChannelEstimate.H(Factor(random, 3, 18, Entry), Factor(random, 6, 18, Entry), Factor(random, 16, 18, Entry));
        var y = new Complex[288];
        y[0] = 1;
        Assert.Contains("known noise variance", Assert.Throws<ArgumentOutOfRangeException>(() => Pipelines.ChannelEstimate.Solve(h, y, -1, cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pipelines.ChannelEstimate.Solve(h, y, double.NaN, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("y has length 287", Assert.Throws<ShapeMismatchException>(() => Pipelines.ChannelEstimate.Solve(h, y.AsSpan(0, 287), 0.1, cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("the factor A2 is 6 x 17",
            Assert.Throws<ShapeMismatchException>(() => new Pipelines.ChannelEstimate.H(Factor(random, 3, 18, Entry), Factor(random, 6, 17, Entry), Factor(random, 16, 18, Entry))).Message);
        Assert.Throws<ArgumentNullException>(() => Pipelines.ChannelEstimate.Solve(null!, y, 0.1, cancellationToken: TestContext.Current.CancellationToken));
    }
}
