// Householder chain (issue 8): Q·C for k = 64 reflectors of length n = 4096 applied to a 4096 × 256 block, in f64 and
// f32 — the peers' workload householder.4096x256.k64 (LAPACKE dormqr beside a one-reflector-at-a-time loop). Both
// SparseDsl paths run in place (C ← Q·C, as dormqr does): the compact WY form and one reflector at a time.
using System;
using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

[BenchmarkCategory("Householder")]
public class Householder
{
    [Params("householder.4096x256.k64.f64", "householder.4096x256.k64.f32")]
    public string Case { get; set; } = "householder.4096x256.k64.f64";

    private Action _blocked = null!;
    private Action _oneAtATime = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_blocked, _oneAtATime) = Case switch
        {
            "householder.4096x256.k64.f64" => Make<double>(1e-12),
            "householder.4096x256.k64.f32" => Make<float>(1e-5),
            _ => throw new ArgumentException($"unknown case {Case}"),
        };
    }

    /// <summary>
    /// Builds the chain and a random C, applies Q once by the WY form and once one reflector at a time, and checks
    /// that they agree to <paramref name="tolerance"/> relative to the largest entry, and that the column norms of C
    /// are kept (Q is orthogonal).
    /// </summary>
    private static (Action, Action) Make<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 4096, k = 64, m = 256;
        var random = new Random(42);
        var reflectors = new DenseMatrix<T>(k, n);
        for (int i = 0; i < reflectors.Values.Length; i++) reflectors.Values[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        var chain = new HouseholderChain<T>(reflectors);
        var c = new DenseMatrix<T>(n, m);
        for (int i = 0; i < c.Values.Length; i++) c.Values[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        var blocked = new DenseMatrix<T>(n, m);
        var sequential = new DenseMatrix<T>(n, m);
        chain.ApplyToBlock(c, blocked);
        chain.ApplyToBlockOneAtATime(c, sequential);
        double scale = 0, worst = 0;
        for (int i = 0; i < c.Values.Length; i++)
        {
            double expected = double.CreateTruncating(sequential.Values[i]);
            scale = Math.Max(scale, Math.Abs(expected));
            worst = Math.Max(worst, Math.Abs(double.CreateTruncating(blocked.Values[i]) - expected));
        }
        if (!(worst <= tolerance * scale))
            throw new InvalidOperationException($"Householder check failed: WY and one-at-a-time differ by {worst} (largest entry {scale}).");
        foreach (int j in new[] { 0, 77, 255 })
        {
            double before = 0, after = 0;
            for (int r = 0; r < n; r++)
            {
                before += Math.Pow(double.CreateTruncating(c[r, j]), 2);
                after += Math.Pow(double.CreateTruncating(blocked[r, j]), 2);
            }
            if (!(Math.Abs(after - before) <= 100 * tolerance * before))
                throw new InvalidOperationException($"Householder check failed: column {j} has squared norm {after} after Q, {before} before.");
        }
        return (() => chain.ApplyToBlock(blocked, blocked), () => chain.ApplyToBlockOneAtATime(sequential, sequential));
    }

    [Benchmark(Description = "SparseDsl HouseholderChain.ApplyToBlock (compact WY, default panels: 64 for f64, 32 for f32; 1 thread)")]
    public void Blocked() => _blocked();

    [Benchmark(Description = "SparseDsl HouseholderChain.ApplyToBlockOneAtATime (1 thread)")]
    public void OneAtATime() => _oneAtATime();
}
