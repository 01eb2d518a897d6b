using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseDsl;
using SparseDsl.Plotting;

namespace SparseDsl.GpPde;

/// <summary>
/// The GP-HM paper's PDE benchmarks on the pipelines generated from Benchmarks.sparse (class Benchmarks): each exact
/// solution solved with a fixed kernel (components at the solution's frequencies), by Chebyshev collocation on the
/// same number of points (the classical baseline), and with <c>--learned</c> by the learned-kernel route from the
/// paper's initialization (30 components; about 40 s per case). Relative L2 on a 300-point (300² in 2-D) uniform test
/// grid; CSV with the issue's header and PNG plots.
/// Usage: <c>dotnet run --project Samples/SparseDsl.GpPde -c Release -- [--learned] [--out folder]</c>.
/// </summary>
public static class Program
{
    private const string Header = "experiment,method,pde,dims,grid,components,rel_l2,seconds,iterations,stop_reason";

    private sealed record Case1D(string Name, string Pde, double A, double B, Func<double, double> U, Func<double, double> F, double[] Frequencies, double Cubic = 0);

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool learned = false;
        string output = "gp-pde-results";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--learned": learned = true; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--help" or "-h":
                    Console.WriteLine("usage: SparseDsl.GpPde [--learned (adds the learned-kernel runs, ~40 s each)] [--out folder (gp-pde-results)]");
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown or incomplete option `{args[i]}`; --help lists them");
                    return 2;
            }
        }
        Directory.CreateDirectory(output);
        var rows = new List<string> { Header };
        Console.WriteLine($"{"experiment",-26} {"method",-10} {"grid",9} {"rel L2",10} {"seconds",8} {"iters",6} stop");
        void Row(string experiment, string method, string pde, int dims, string grid, int components, double error, double seconds, int iterations, string stop)
        {
            rows.Add(string.Join(",", experiment, method, pde, dims.ToString(CultureInfo.InvariantCulture), grid, components.ToString(CultureInfo.InvariantCulture),
                error.ToString("G4", CultureInfo.InvariantCulture), seconds.ToString("F3", CultureInfo.InvariantCulture), iterations.ToString(CultureInfo.InvariantCulture), stop));
            Console.WriteLine($"{experiment,-26} {method,-10} {grid,9} {error,10:E2} {seconds,8:F3} {iterations,6} {stop}");
        }

        double TwoPi = 2 * Math.PI;
        var cases = new[]
        {
            new Case1D("poisson1d_sin100x", "poisson", 0, TwoPi, x => Math.Sin(100 * x), x => -1e4 * Math.Sin(100 * x), new[] { 100 / TwoPi }),
            new Case1D("poisson1d_xsin200x", "poisson", 0, 1, x => x * Math.Sin(200 * x), x => 400 * Math.Cos(200 * x) - 4e4 * x * Math.Sin(200 * x), new[] { 0, 200 / TwoPi }),
            new Case1D("poisson1d_sin6xcos100x", "poisson", 0, TwoPi, x => Math.Sin(6 * x) * Math.Cos(100 * x),
                x => 0.5 * (-106.0 * 106 * Math.Sin(106 * x) + 94.0 * 94 * Math.Sin(94 * x)), new[] { 94 / TwoPi, 106 / TwoPi }),
            new Case1D("poisson1d_multiscale", "poisson", 0, 1, x => Math.Sin(x) + 0.1 * Math.Sin(20 * x) + 0.05 * Math.Cos(100 * x),
                x => -Math.Sin(x) - 40 * Math.Sin(20 * x) - 500 * Math.Cos(100 * x), new[] { 1 / TwoPi, 20 / TwoPi, 100 / TwoPi }),
            new Case1D("poisson1d_sin500x", "poisson", 0, 1, x => Math.Sin(500 * x) - 2 * (x - 0.5) * (x - 0.5), x => -2.5e5 * Math.Sin(500 * x) - 4, new[] { 0, 500 / TwoPi }),
            new Case1D("allencahn1d_sin100x", "allen_cahn", 0, 1, x => Math.Sin(100 * x),
                x => { double u = Math.Sin(100 * x); return -1e4 * u + u * u * u - u; }, new[] { 100 / TwoPi }, Cubic: 1),
        };

        foreach (var c in cases)
        {
            var test = Enumerable.Range(0, 300).Select(i => c.A + (c.B - c.A) * i / 299.0).ToArray();
            var kernel = FixedKernel(c.Frequencies, c.B - c.A);
            var clock = Stopwatch.StartNew();
            GpPdeResult result = c.Cubic != 0
                ? Benchmarks.AllenCahnUnit.Solve(c.F, c.U, new[] { kernel })
                : Math.Abs(c.B - TwoPi) < 1e-12
                    ? Benchmarks.Poisson2Pi.Solve(c.F, c.U, Benchmarks.Poisson2Pi.DefaultOptions with { Training = GpPdeTraining.Fixed, Kernels = new[] { kernel } })
                    : Benchmarks.PoissonUnit.Solve(c.F, c.U, Benchmarks.PoissonUnit.DefaultOptions with { Training = GpPdeTraining.Fixed, Kernels = new[] { kernel } });
            double seconds = clock.Elapsed.TotalSeconds;
            var predicted = test.Select(x => result.Predictor.Evaluate(new[] { x })).ToArray();
            double error = RelativeL2(test.Select(c.U).ToArray(), predicted);
            Row(c.Name, "fixed", c.Pde, 1, "400", c.Frequencies.Length, error, seconds, result.Iterations, result.StopReason.ToString());

            var terms = c.Cubic != 0 ? new[] { (1.0, 0, 2), (-1.0, 0, 0) } : new[] { (1.0, 0, 2) };
            clock.Restart();
            var chebyshev = ChebyshevCollocation.Solve1D(399, c.A, c.B, terms, c.F, c.U(c.A), c.U(c.B), new ChebyshevOptions { CubicCoefficient = c.Cubic });
            seconds = clock.Elapsed.TotalSeconds;
            Row(c.Name, "chebyshev", c.Pde, 1, "400", 0, RelativeL2(test.Select(c.U).ToArray(), test.Select(chebyshev.Evaluate).ToArray()), seconds, 1, "Converged");

            if (c.Name == "poisson1d_sin100x")
            {
                var exact = test.Select(c.U).ToArray();
                Plots.Lines(Path.Combine(output, "gp-pde-sin100x-solution.png"), "1-D Poisson u = sin(100x): the fixed-kernel GP solution", "x", "u",
                    ("exact", test, exact), ("GP (fixed kernel)", test, predicted));
                Plots.Lines(Path.Combine(output, "gp-pde-sin100x-error.png"), "1-D Poisson u = sin(100x): pointwise error", "x", "|u - u_exact|",
                    new PlotOptions { LogY = true },
                    ("GP (fixed kernel)", test, test.Select((x, i) => Math.Max(Math.Abs(predicted[i] - exact[i]), 1e-17)).ToArray()),
                    ("Chebyshev", test, test.Select((x, i) => Math.Max(Math.Abs(chebyshev.Evaluate(x) - exact[i]), 1e-17)).ToArray()));
            }

            if (learned && c.Cubic == 0 && c.Name is "poisson1d_sin100x" or "poisson1d_sin6xcos100x" or "poisson1d_multiscale")
            {
                var progress = new Progress(c.Name);
                clock.Restart();
                var fit = Math.Abs(c.B - TwoPi) < 1e-12 ? Benchmarks.Poisson2Pi.Solve(c.F, c.U, progress: progress) : Benchmarks.PoissonUnit.Solve(c.F, c.U, progress: progress);
                seconds = clock.Elapsed.TotalSeconds;
                progress.Done();
                double learnedError = RelativeL2(test.Select(c.U).ToArray(), test.Select(x => fit.Predictor.Evaluate(new[] { x })).ToArray());
                var spectrum = fit.Kernels[0];
                Row(c.Name, "learned", c.Pde, 1, "400", spectrum.Count, learnedError, seconds, fit.Iterations, fit.StopReason.ToString());
                var weights = spectrum.LogWeights.ToArray().Select(Math.Exp).ToArray();
                Plots.Scatter(Path.Combine(output, $"gp-pde-{c.Name}-spectrum.png"), $"{c.Name}: learned spectrum ({spectrum.Count} components left) and the true frequencies",
                    "frequency μ (cycles per unit length)", "weight w", new PlotOptions { LogY = true },
                    ("learned components", spectrum.Frequencies.ToArray(), weights),
                    ("true frequencies", c.Frequencies, c.Frequencies.Select(_ => weights.Max()).ToArray()));
            }
        }

        // 2-D Poisson on [0, 2π]², fixed kernels, and Chebyshev with the same points per dimension.
        var cases2D = new (string Name, int Points, Func<double, double, double> U, Func<double, double, double> F, double[] Frequencies)[]
        {
            ("poisson2d_sin6xcos20x", 200, (x, y) => Math.Sin(6 * x) * Math.Cos(20 * x) + Math.Sin(6 * y) * Math.Cos(20 * y),
                (x, y) => SecondDerivative(x) + SecondDerivative(y), new[] { 0, 14 / TwoPi, 26 / TwoPi }),
            ("poisson2d_sin100xsin100y", 300, (x, y) => Math.Sin(100 * x) * Math.Sin(100 * y), (x, y) => -2e4 * Math.Sin(100 * x) * Math.Sin(100 * y), new[] { 100 / TwoPi }),
        };
        foreach (var c in cases2D)
        {
            var kernel = FixedKernel(c.Frequencies, TwoPi);
            var clock = Stopwatch.StartNew();
            var result = c.Points == 200
                ? Benchmarks.Poisson2D.Solve(c.F, c.U, new[] { kernel, kernel })
                : Benchmarks.Poisson2DFine.Solve(c.F, c.U, new[] { kernel, kernel });
            double seconds = clock.Elapsed.TotalSeconds;
            var axis = Enumerable.Range(0, 300).Select(i => TwoPi * i / 299.0).ToArray();
            var predicted = result.Predictor.Evaluate(new[] { axis, axis });
            var exact = axis.SelectMany(x => axis.Select(y => c.U(x, y))).ToArray();
            string grid = $"{c.Points}x{c.Points}";
            Row(c.Name, "fixed", "poisson", 2, grid, c.Frequencies.Length, RelativeL2(exact, predicted), seconds, result.Iterations, result.StopReason.ToString());
            clock.Restart();
            var chebyshev = ChebyshevCollocation.Solve2D(c.Points - 1, c.Points - 1, 0, TwoPi, 0, TwoPi, new[] { (1.0, 0, 2), (1.0, 1, 2) }, c.F, c.U);
            seconds = clock.Elapsed.TotalSeconds;
            var values = new double[300 * 300];
            chebyshev.EvaluateGrid(axis, axis, values);
            Row(c.Name, "chebyshev", "poisson", 2, grid, 0, RelativeL2(exact, values), seconds, 1, "Converged");
        }

        string csv = Path.Combine(output, "gp-pde.csv");
        File.WriteAllLines(csv, rows);
        Console.WriteLine($"wrote {csv} and the plots in {output}/");
        return 0;

        static double SecondDerivative(double t) => 0.5 * (-26.0 * 26 * Math.Sin(26 * t) + 14.0 * 14 * Math.Sin(14 * t));
    }

    /// <summary>A Student-t spectral mixture with unit weights at the given frequencies, every envelope of length scale ℓ.</summary>
    /// <summary>
    /// A Student-t spectral mixture with unit weights at the solution's frequencies, chosen a priori from the domain
    /// length L alone: an oscillating component (μ·L ≥ 1 cycle) gets an envelope as long as the domain, the smooth part
    /// (μ·L &lt; 1: constants, polynomials, the slow sin x) a short one, L/10.
    /// </summary>
    private static SpectralMixtureKernel FixedKernel(double[] frequencies, double domainLength)
        => new(SpectralComponent.StudentT, new double[frequencies.Length],
            frequencies.Select(mu => Math.Log(mu * domainLength >= 1 ? domainLength : domainLength / 10)).ToArray(), frequencies);

    private static double RelativeL2(double[] exact, double[] approximate)
    {
        double error = 0, norm = 0;
        for (int i = 0; i < exact.Length; i++)
        {
            double d = approximate[i] - exact[i];
            error += d * d;
            norm += exact[i] * exact[i];
        }
        return Math.Sqrt(error / norm);
    }

    /// <summary>A one-line progress bar on stderr for a learned run.</summary>
    private sealed class Progress(string name) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value)
        {
            int filled = 30 * value.Iteration / value.MaxIterations;
            Console.Error.Write($"\r  {name} [{new string('#', filled),-30}] {value.Iteration}/{value.MaxIterations} loss change {value.Change:E2}");
        }

        public void Done() => Console.Error.Write("\r" + new string(' ', 100) + "\r");
    }
}
