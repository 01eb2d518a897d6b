using System;
using System.Diagnostics;
using System.Globalization;
using SparseDsl;
using SparseDsl.Samples;

namespace SparseDsl.Demo;

/// <summary>
/// Solves -Δu = f on the unit square (u = 0 on the boundary) with the manufactured solution
/// u = e^x·sin(πx)·sin(πy) (not an eigenvector of the discrete operator, so CG has real work to do), by conjugate gradients on two forms of the 5-point operator generated from
/// Specs/Poisson.sparse: the matrix-free stencil and the assembled CSR matrix.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (!DemoOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(DemoOptions.Usage);
            return 2;
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(DemoOptions.Usage);
            return 0;
        }

        SparseExecution.MaxThreads = options.Threads;
        int n = options.GridSize;
        var grid = new GridShape(n, n);
        double h = 1.0 / (n + 1);
        Console.WriteLine($"Poisson 2-D: {n} x {n} interior points ({grid.PointCount:N0} unknowns), h = {h:G4}, " +
                          $"tolerance {options.Tolerance:G2}, {options.Threads} thread(s), SIMD {SimdDescription()}");

        // L u = h^2 f with L the [4, -1, -1, -1, -1] stencil.
        var rhs = new double[grid.PointCount];
        var exact = new double[grid.PointCount];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                double x = (i + 1) * h, y = (j + 1) * h;
                double sx = Math.Sin(Math.PI * x), sy = Math.Sin(Math.PI * y), ex = Math.Exp(x);
                exact[i + n * j] = ex * sx * sy;
                // -Δu = e^x sin(πy) [(2π² - 1) sin(πx) - 2π cos(πx)]
                rhs[i + n * j] = h * h * ex * sy * ((2 * Math.PI * Math.PI - 1) * sx - 2 * Math.PI * Math.Cos(Math.PI * x));
            }
        }

        var csr = PoissonMatrix.Assemble(n);
        var forms = new (string Name, ConjugateGradient.Operator Apply, double Flops, double Bytes)[]
        {
            ("matrix-free stencil", (x, y) => Poisson.ApplyStencil(grid, x, y),
                9.0 * grid.PointCount, 16.0 * grid.PointCount),
            ("assembled CSR", (x, y) => Poisson.ApplyCsr(csr, x, y),
                2.0 * csr.NonZeroCount, 12.0 * csr.NonZeroCount + 4.0 * (csr.Rows + 1) + 16.0 * csr.Rows),
        };

        var seconds = new double[forms.Length];
        for (int f = 0; f < forms.Length; f++)
        {
            var (name, apply, flops, bytes) = forms[f];
            Console.WriteLine();
            Console.WriteLine($"== {name}");
            var solution = new double[grid.PointCount];
            var clock = Stopwatch.StartNew();
            var result = ConjugateGradient.Solve(apply, rhs, solution, options.Tolerance, options.MaxIterations,
                (iteration, relativeResidual) => Console.WriteLine($"   iteration {iteration,5}: relative residual {relativeResidual:E3}"));
            clock.Stop();

            double maxError = 0;
            for (int i = 0; i < solution.Length; i++) maxError = Math.Max(maxError, Math.Abs(solution[i] - exact[i]));
            Console.WriteLine($"   {(result.Converged ? "converged" : "NOT converged")} in {result.Iterations} iterations, " +
                              $"relative residual {result.RelativeResidual:E3}, {clock.Elapsed.TotalSeconds:F2} s");
            Console.WriteLine($"   max error vs the exact solution: {maxError:E3} (discretisation error ~ h^2 = {h * h:E3})");

            seconds[f] = TimeOperator(apply, grid.PointCount);
            Console.WriteLine($"   operator: {seconds[f] * 1e3:F3} ms per application, {flops / seconds[f] / 1e9:F2} GFLOP/s, " +
                              $"{bytes / seconds[f] / 1e9:F2} GB/s (minimal traffic model)");
            if (!result.Converged) return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"matrix-free stencil vs assembled CSR: {seconds[1] / seconds[0]:F2}x faster");
        return 0;
    }

    /// <summary>Median time of one operator application (seconds).</summary>
    private static double TimeOperator(ConjugateGradient.Operator apply, int size)
    {
        var x = new double[size];
        var y = new double[size];
        for (int i = 0; i < size; i++) x[i] = 1.0 / (1 + i % 7);
        apply(x, y);
        var samples = new double[21];
        for (int s = 0; s < samples.Length; s++)
        {
            long start = Stopwatch.GetTimestamp();
            apply(x, y);
            samples[s] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    private static string SimdDescription()
        => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "512-bit"
         : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "256-bit"
         : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "128-bit"
         : "off (scalar)";
}

/// <summary>Command-line options with their defaults.</summary>
public sealed record DemoOptions(int GridSize = 512, double Tolerance = 1e-8, int Threads = 1, int MaxIterations = 20_000, bool ShowHelp = false)
{
    public const string Usage =
        "usage: SparseDsl.Demo [--n N] [--tol T] [--threads P] [--max-iter K]\n" +
        "  --n N         interior grid points per side (default 512)\n" +
        "  --tol T       relative residual to stop at (default 1e-8)\n" +
        "  --threads P   threads per kernel call (default 1)\n" +
        "  --max-iter K  iteration limit (default 20000)";

    public static bool TryParse(string[] args, out DemoOptions options, out string error)
    {
        options = new DemoOptions();
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                options = options with { ShowHelp = true };
                continue;
            }
            if (i + 1 >= args.Length)
            {
                error = $"error: {name} needs a value";
                return false;
            }
            string value = args[++i];
            var invariant = CultureInfo.InvariantCulture;
            switch (name)
            {
                case "--n" when int.TryParse(value, NumberStyles.None, invariant, out int n) && n >= 1 && n <= 20_000:
                    options = options with { GridSize = n };
                    break;
                case "--tol" when double.TryParse(value, NumberStyles.Float, invariant, out double tol) && tol > 0 && tol < 1:
                    options = options with { Tolerance = tol };
                    break;
                case "--threads" when int.TryParse(value, NumberStyles.None, invariant, out int p) && p >= 1 && p <= 1024:
                    options = options with { Threads = p };
                    break;
                case "--max-iter" when int.TryParse(value, NumberStyles.None, invariant, out int k) && k >= 1:
                    options = options with { MaxIterations = k };
                    break;
                case "--n" or "--tol" or "--threads" or "--max-iter":
                    error = $"error: {value} is not a valid value for {name}";
                    return false;
                default:
                    error = $"error: unknown option {name}";
                    return false;
            }
        }
        return true;
    }
}
