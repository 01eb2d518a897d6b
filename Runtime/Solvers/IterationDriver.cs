using System;
using System.Collections.Generic;
using System.Threading;

namespace SparseDsl;

/// <summary>Why an iterative solver stopped.</summary>
public enum StopReason
{
    /// <summary>The convergence measure fell below the tolerance.</summary>
    Converged,
    /// <summary>The iteration cap was reached first: the result is the last iterate, not a converged one.</summary>
    MaxIterations,
    /// <summary>The cancellation token was signalled; the result is the last complete iterate.</summary>
    Cancelled,
    /// <summary>An iterate became NaN or infinite (or a factorization failed); the result is the last finite iterate.</summary>
    NumericalFailure,
}

/// <summary>What a solver reports after each iteration: the iteration (1-based), the cap, and the convergence measure.</summary>
public readonly record struct SolverProgress(int Iteration, int MaxIterations, double Change);

/// <summary>One iteration of a solver, as a struct the driver is specialized over (no virtual call per iteration).</summary>
public interface IIterationStep
{
    /// <summary>Runs iteration <paramref name="iteration"/> (1-based); returns the convergence measure (NaN or ∞ for a numerical failure).</summary>
    double Step(int iteration);
}

/// <summary>
/// The outer loop every solver pipeline shares: cancellation between iterations, the trace of the convergence
/// measure, progress reports, the stopping rule, and why it stopped. Generic over the step struct, so the JIT
/// compiles one loop per solver with the step inlined where it pays.
/// </summary>
public static class IterationDriver
{
    public static (StopReason Reason, int Iterations) Run<TStep>(ref TStep step, int maxIterations, double tolerance,
        List<double> trace, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
        where TStep : struct, IIterationStep
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be a non-negative number");
        ArgumentNullException.ThrowIfNull(trace);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (cancellationToken.IsCancellationRequested) return (StopReason.Cancelled, iteration - 1);
            double change;
            try
            {
                change = step.Step(iteration);
            }
            catch (NotPositiveDefiniteException)
            {
                return (StopReason.NumericalFailure, iteration - 1);
            }
            trace.Add(change);
            progress?.Report(new SolverProgress(iteration, maxIterations, change));
            if (!double.IsFinite(change)) return (StopReason.NumericalFailure, iteration);
            if (change < tolerance) return (StopReason.Converged, iteration);
        }
        return (StopReason.MaxIterations, maxIterations);
    }
}

/// <summary>The range checks every solver's options share, each naming the option.</summary>
internal static class SolverOptionChecks
{
    public static void Iterations(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, "at least one iteration");
    }

    public static void Tolerance(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, "the tolerance must be positive and finite");
    }

    /// <summary>A threshold relative to a maximum: [0, 1).</summary>
    public static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} lies in [0, 1)");
    }

    public static void KnownVariance(double? value, string name)
    {
        if (value is double s && !(s > 0 && double.IsFinite(s))) throw new ArgumentOutOfRangeException(name, s, "a known noise variance must be positive and finite");
    }
}
