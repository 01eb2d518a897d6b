// Kronecker SBL (issue 9): one iteration from γ = 1 with the Kronecker E-step against the dense one (classic SBL's
// EM on the formed dictionary), and whole SVD-/AM-KroSBL solves, on the paper's synthetic study (three random
// factors 8 x 15, 12 x 15, 15 x 15: 1,440 measurements, 3,375 unknowns, K = 3 nonzeros per factor, 20 dB).
using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

[BenchmarkCategory("KroSbl")]
public class KroSblIteration
{
    [Params("kronecker", "dense")]
    public string EStep { get; set; } = "kronecker";

    private DenseMatrix<double>[] _factors = null!;
    private DenseMatrix<double> _formed = null!;
    private double[] _y = null!;

    /// <summary>The problem, and (the check) both one-iteration posterior means equal.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_factors, _y) = KroSblProblem.Synthetic(seed: 1, snrDb: 20);
        _formed = new KroneckerOperator<double>(_factors).ToDense();
        if (EStep == "dense")
        {
            var kronecker = KroneckerSbl.Solve(_factors, _y, new KroneckerSblOptions { MaxIterations = 1, NoiseVariance = 0.1 });
            var dense = ClassicSbl.Solve(_formed, _y, new ClassicSblOptions { MaxIterations = 1, NoiseVariance = 0.1 });
            double scale = kronecker.Mean.Max(Math.Abs);
            double error = kronecker.Mean.Zip(dense.Mean, (a, b) => Math.Abs(a - b)).Max();
            if (!(error <= 1e-8 * scale)) throw new InvalidOperationException($"the Kronecker and dense E-steps differ by {error:G3} (scale {scale:G3})");
        }
    }

    [Benchmark(Description = "one SBL iteration from γ = 1 (E-step + M-step), 1 thread")]
    public double Iterate() => EStep == "kronecker"
        ? KroneckerSbl.Solve(_factors, _y, new KroneckerSblOptions { MaxIterations = 1, NoiseVariance = 0.1 }).Mean[0]
        : ClassicSbl.Solve(_formed, _y, new ClassicSblOptions { MaxIterations = 1, NoiseVariance = 0.1 }).Mean[0];
}

[BenchmarkCategory("KroSbl")]
public class KroSblTrial
{
    [Params("svd", "am")]
    public string Update { get; set; } = "svd";

    private DenseMatrix<double>[] _factors = null!;
    private double[] _y = null!;
    private KroneckerSblOptions _options = null!;

    /// <summary>The problem, and (the check) that SVD-KroSBL converges to a small error on it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_factors, _y) = KroSblProblem.Synthetic(seed: 2, snrDb: 20);
        _options = Update == "svd"
            ? new KroneckerSblOptions { Update = KroneckerSblUpdate.Svd }
            : new KroneckerSblOptions { Update = KroneckerSblUpdate.AlternatingMinimization, PruneThreshold = 1e-2 };
        var result = KroneckerSbl.Solve(_factors, _y, _options);
        if (result.StopReason == StopReason.NumericalFailure) throw new InvalidOperationException("the solve failed numerically");
    }

    [Benchmark(Description = "one whole KroSBL trial (learned noise), 1 thread")]
    public int Solve() => KroneckerSbl.Solve(_factors, _y, _options).Iterations;
}

/// <summary>The synthetic study's problem: factors N(0, 1), x = x1 ⊗ x2 ⊗ x3 with 3 nonzeros each, y = Hx + noise at the SNR.</summary>
internal static class KroSblProblem
{
    public static (DenseMatrix<double>[] Factors, double[] Y) Synthetic(int seed, double snrDb)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var factors = new[] { 8, 12, 15 }.Select(rows =>
        {
            var m = new DenseMatrix<double>(rows, 15);
            for (int i = 0; i < m.Values.Length; i++) m.Values[i] = Normal();
            return m;
        }).ToArray();
        var parts = factors.Select(_ =>
        {
            var v = new double[15];
            foreach (int j in Enumerable.Range(0, 15).OrderBy(_ => random.Next()).Take(3)) v[j] = Normal();
            return v;
        }).ToArray();
        var x = new double[15 * 15 * 15];
        for (int j = 0; j < x.Length; j++) x[j] = parts[0][j / 225] * parts[1][j / 15 % 15] * parts[2][j % 15];
        var op = new KroneckerOperator<double>(factors);
        var y = new double[op.Rows];
        op.Apply(x, y);
        double noise = y.Sum(v => v * v) / y.Length / Math.Pow(10, snrDb / 10);
        for (int i = 0; i < y.Length; i++) y[i] += Normal() * Math.Sqrt(noise);
        return (factors, y);
    }
}
