// GP-PDE solver (issue 10): 1-D Poisson u = sin(100x) on [0, 2π] with N = 400 — the fixed-kernel collocation solve
// (one Matérn component at the true frequency) and one learned iteration (collocation solve + adjoint gradient +
// Adam step) from the paper's initialization (Q = 30, μ = linspace(0, 1, Q)·20).
using System;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

[BenchmarkCategory("GpPde")]
public class GpPdePoisson1D
{
    private const int N = 400;
    private GpPdeDimension[] _dims = null!;
    private GpPdeEquation _equation = null!;
    private double[] _f = null!, _g = null!, _exact = null!;
    private GpPdeOptions _fixed = null!, _learned = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dims = new[] { new GpPdeDimension("x", 0, 2 * Math.PI, N) };
        _equation = new GpPdeEquation(new[] { new GpPdeTerm(1, 0, 2) });
        _exact = new double[N];
        _f = new double[N];
        for (int i = 0; i < N; i++) { double x = _dims[0].Point(i); _exact[i] = Math.Sin(100 * x); _f[i] = -1e4 * _exact[i]; }
        _g = _exact;
        var kernel = new SpectralMixtureKernel(SpectralComponent.StudentT, new[] { 0.0 }, new[] { Math.Log(3) }, new[] { 100 / (2 * Math.PI) });
        _fixed = new GpPdeOptions { Training = GpPdeTraining.Fixed, Kernels = new[] { kernel } };
        _learned = new GpPdeOptions { Training = GpPdeTraining.Learned, FrequencyScale = 20, MaxIterations = 1, HeldOutPatience = 0 };
        // Checks: the fixed solve against the exact solution on a 300-point test grid; the learned iteration's loss is finite and its U close to u.
        var fixedResult = SolveFixed();
        var test = new double[300];
        for (int i = 0; i < 300; i++) test[i] = 2 * Math.PI * i / 299;
        var predicted = fixedResult.Predictor.Evaluate(new[] { test });
        double num = 0, den = 0;
        for (int i = 0; i < 300; i++) { double e = Math.Sin(100 * test[i]); num += (predicted[i] - e) * (predicted[i] - e); den += e * e; }
        if (!(Math.Sqrt(num / den) <= 1e-6)) throw new InvalidOperationException($"GpPde fixed check failed: relative L2 {Math.Sqrt(num / den):E3}");
        var learned = LearnedIteration();
        if (learned.Iterations != 1 || !double.IsFinite(learned.Trace[0])) throw new InvalidOperationException("GpPde learned check failed: no finite first iteration");
        num = 0; den = 0;
        for (int i = 0; i < N; i++) { num += (learned.Solution[i] - _exact[i]) * (learned.Solution[i] - _exact[i]); den += _exact[i] * _exact[i]; }
        if (!(Math.Sqrt(num / den) <= 0.1)) throw new InvalidOperationException($"GpPde learned check failed: relative L2 {Math.Sqrt(num / den):E3} at the initial kernel");
    }

    [Benchmark(Description = "GpPde fixed-kernel 1-D solve, N = 400")]
    public GpPdeResult SolveFixed() => GpPdeSolver.Solve(_dims, _equation, _f, _g, _fixed);

    [Benchmark(Description = "GpPde one learned iteration, N = 400, Q = 30")]
    public GpPdeResult LearnedIteration() => GpPdeSolver.Solve(_dims, _equation, _f, _g, _learned);
}
