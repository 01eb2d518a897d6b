using System;
using System.Globalization;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Knobs of the fuzz tests, from the environment: <c>SPARSEDSL_FUZZ_SECONDS</c> (time budget of each fuzz test,
/// default 10; CI's fuzz stage sets 30 for each of the two), <c>SPARSEDSL_FUZZ_SEED</c> (default fixed, so a run is
/// reproducible: case n of a seed is always the same spec) and <c>SPARSEDSL_FUZZ_REPORT</c> (a file the
/// failures are appended to, besides the test message).
/// </summary>
internal static class FuzzSettings
{
    public const int DefaultSeed = 20261202;

    public static double Seconds => ReadDouble("SPARSEDSL_FUZZ_SECONDS", 10);

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SPARSEDSL_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
        ? seed
        : DefaultSeed;

    public static string? ReportPath => Environment.GetEnvironmentVariable("SPARSEDSL_FUZZ_REPORT") is { Length: > 0 } path ? path : null;

    /// <summary>One front-end or emitter call on a small spec must finish well within this (a 2-core machine shared with other jobs).</summary>
    public static TimeSpan PerCaseLimit { get; } = TimeSpan.FromSeconds(ReadDouble("SPARSEDSL_FUZZ_CASE_SECONDS", 3));

    /// <summary>Time spent minimizing one failing case.</summary>
    public static TimeSpan ShrinkLimit { get; } = TimeSpan.FromSeconds(ReadDouble("SPARSEDSL_FUZZ_SHRINK_SECONDS", 10));

    private static double ReadDouble(string name, double fallback)
        => double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            ? value
            : fallback;
}
