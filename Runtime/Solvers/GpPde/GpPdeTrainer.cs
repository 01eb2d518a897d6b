using System;
using System.Diagnostics;
using System.Threading;

namespace SparseDsl;

/// <summary>The learned and joint-Adam routes (1-D).</summary>
internal static class GpPdeTrainer
{
    public static GpPdeResult Train(GpPdeProblem problem, double[] f, double[] g, Func<double[], double>? source, SpectralMixtureKernel[] kernels,
        GpPdeOptions options, IProgress<SolverProgress>? progress, CancellationToken cancellationToken, Stopwatch clock)
        => throw new NotSupportedException("not yet");

    /// <summary>log|⊗K_k| = Σ_k (N/n_k)·log|K_k|.</summary>
    public static double LogDeterminant(GpPdeFactor[] factors)
    {
        double size = 1, sum = 0;
        foreach (var f in factors) size *= f.N;
        foreach (var f in factors) sum += size / f.N * f.LogDeterminant;
        return sum;
    }
}
