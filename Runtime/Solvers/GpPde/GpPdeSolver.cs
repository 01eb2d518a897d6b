using System;
using System.Diagnostics;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// Gaussian-process solver for L u + c·u³ = f with Dirichlet data on a product grid (the GP-HM model: a
/// spectral-mixture kernel per dimension, U ~ N(0, ⊗K_k) at the grid, derivatives through ∂U = (… ⊗ K_k⁽ᵒ⁾K_k⁻¹ ⊗ …)·U).
/// With the kernel fixed and the noise precisions taken to infinity the MAP of U is the collocation system
/// (<see cref="GpPdeCollocation"/>): boundary rows U = g, interior rows L U + c·U³ = f. Note the paper's loss puts
/// the residual on every grid point, the boundary included, and weighs it against the boundary term with finite
/// learned precisions; in the limit used here the boundary points carry the boundary condition only.
/// </summary>
public static class GpPdeSolver
{
    /// <summary>Solves with f and g given as functions of a point (f is also evaluated between grid points for the held-out residual).</summary>
    /// <exception cref="ArgumentException">A malformed grid, equation or kernel list, or f/g not finite where read; the message names it.</exception>
    public static GpPdeResult Solve(GpPdeDimension[] dimensions, GpPdeEquation equation, Func<double[], double> source, Func<double[], double> boundary,
        GpPdeOptions? options = null, IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(boundary);
        var problem = GpPdeProblem.Create(dimensions, equation);
        var f = new double[problem.Size];
        var g = new double[problem.Size];
        for (int i = 0; i < problem.Size; i++)
        {
            var point = problem.Point(i);
            if (problem.IsBoundary[i]) g[i] = boundary(point);
            else f[i] = source(point);
        }
        return Run(problem, f, g, source, options, progress, cancellationToken);
    }

    /// <summary>Solves with f and g given on the grid (first dimension slowest): f is read at the interior points, g at the boundary points.</summary>
    public static GpPdeResult Solve(GpPdeDimension[] dimensions, GpPdeEquation equation, ReadOnlySpan<double> source, ReadOnlySpan<double> boundary,
        GpPdeOptions? options = null, IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var problem = GpPdeProblem.Create(dimensions, equation);
        if (source.Length != problem.Size) throw new ShapeMismatchException($"the source has {source.Length} values but the grid has {problem.Size} points", nameof(source));
        if (boundary.Length != problem.Size) throw new ShapeMismatchException($"the boundary data has {boundary.Length} values but the grid has {problem.Size} points", nameof(boundary));
        var f = new double[problem.Size];
        var g = new double[problem.Size];
        for (int i = 0; i < problem.Size; i++)
            if (problem.IsBoundary[i]) g[i] = boundary[i];
            else f[i] = source[i];
        return Run(problem, f, g, null, options, progress, cancellationToken);
    }

    private static GpPdeResult Run(GpPdeProblem problem, double[] f, double[] g, Func<double[], double>? source, GpPdeOptions? options,
        IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        options ??= new GpPdeOptions();
        options.Validate();
        for (int i = 0; i < problem.Size; i++)
        {
            if (problem.IsBoundary[i] && !double.IsFinite(g[i])) throw new ArgumentException($"the boundary value at grid point {i} ({Format(problem.Point(i))}) is {g[i]}", "boundary");
            if (!problem.IsBoundary[i] && !double.IsFinite(f[i])) throw new ArgumentException($"the source at grid point {i} ({Format(problem.Point(i))}) is {f[i]}", "source");
        }
        var kernels = InitialKernels(problem, options);
        var clock = Stopwatch.StartNew();
        if (options.Training == GpPdeTraining.Fixed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var factors = Factors(problem, kernels, options.Jitter, inverse: false);
            var collocation = new GpPdeCollocation(problem, factors);
            var (u, iterations, trace, converged) = collocation.Solve(f, g, options.NewtonIterations, options.NewtonTolerance);
            var reason = converged ? StopReason.Converged : Array.TrueForAll(u, double.IsFinite) ? StopReason.MaxIterations : StopReason.NumericalFailure;
            for (int i = 0; i < trace.Length; i++) progress?.Report(new SolverProgress(i + 1, options.NewtonIterations, trace[i]));
            var predictor = new GpPdePredictor(problem.Dimensions, kernels, factors, u);
            return new GpPdeResult(u, predictor, kernels, iterations, trace, Array.Empty<double>(), reason, clock.Elapsed);
        }
        if (problem.Rank != 1)
            throw new NotSupportedException($"Training = {options.Training} is implemented for 1-D grids; this grid has {problem.Rank} dimensions (use Training = Fixed)");
        return GpPdeTrainer.Train(problem, f, g, source, kernels, options, progress, cancellationToken, clock);
    }

    internal static GpPdeFactor[] Factors(GpPdeProblem problem, SpectralMixtureKernel[] kernels, double jitter, bool inverse)
    {
        var factors = new GpPdeFactor[problem.Rank];
        for (int k = 0; k < problem.Rank; k++)
            factors[k] = new GpPdeFactor(kernels[k], problem.Dimensions[k], jitter, inverse, problem.Uses(k, 1), problem.Uses(k, 2));
        return factors;
    }

    /// <summary>The given kernels (checked), or the paper's initialization per dimension: Q components, log w = log 1/Q, ℓ = InitialLengthScale, μ = linspace(0, 1, Q)·scale.</summary>
    internal static SpectralMixtureKernel[] InitialKernels(GpPdeProblem problem, GpPdeOptions options)
    {
        if (options.Kernels is { } given)
        {
            if (given.Length != problem.Rank) throw new ArgumentException($"{given.Length} kernels for a {problem.Rank}-dimensional grid: one per dimension", nameof(options));
            for (int k = 0; k < given.Length; k++) if (given[k] is null) throw new ArgumentException($"the kernel of dimension {k} is null", nameof(options));
            return (SpectralMixtureKernel[])given.Clone();
        }
        if (options.Training == GpPdeTraining.Fixed) throw new ArgumentException("Training = Fixed needs the kernels (GpPdeOptions.Kernels)", nameof(options));
        var kernels = new SpectralMixtureKernel[problem.Rank];
        int q = options.Components;
        for (int k = 0; k < problem.Rank; k++)
        {
            var d = problem.Dimensions[k];
            double scale = options.FrequencyScale ?? (d.Points - 1) / (2 * (d.Upper - d.Lower));
            var logWeights = new double[q];
            var logScales = new double[q];
            var frequencies = new double[q];
            for (int i = 0; i < q; i++)
            {
                logWeights[i] = Math.Log(1.0 / q);
                logScales[i] = Math.Log(options.InitialLengthScale);
                frequencies[i] = q == 1 ? 0 : scale * i / (q - 1);
            }
            kernels[k] = new SpectralMixtureKernel(options.Spectrum, logWeights, logScales, frequencies);
        }
        return kernels;
    }

    private static string Format(double[] point) => string.Join(", ", Array.ConvertAll(point, v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
}
