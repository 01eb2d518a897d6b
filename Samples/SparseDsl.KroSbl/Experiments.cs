using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using SparseDsl;

namespace SparseDsl.KroSbl;

/// <summary>
/// The paper's other studies: IRS-MIMO channel estimation against SNR (4–20 dB) for classic SBL, SVD-KroSBL,
/// AM-KroSBL and PC-KroSBL (β = 0.5, 0.8) with the reference code's settings (known noise, its prune thresholds),
/// and the synthetic study's M1 and K sweeps at 20 dB. Rows in the issue's CSV form.
/// </summary>
internal static class Experiments
{
    private static readonly int[] IrsSnrDb = { 4, 8, 12, 16, 20 };
    private const string Header = "experiment,method,snr_db,m1,k,beta,trials,nmse,srr,seconds_per_trial";

    private sealed record IrsMethod(string Name, double? Beta, Func<double, KroneckerSblOptions>? Options);

    /// <summary>The reference code's IRS settings (PC-KroSBL/functions/*.m): tol 1e-4, 150 iterations, absolute prune 1e-4 and per-factor relative thresholds.</summary>
    private static readonly IrsMethod[] IrsMethods =
    {
        new("classic_sbl", null, null),
        new("svd_krosbl", null, noise => new KroneckerSblOptions { NoiseVariance = noise, PruneThreshold = 0, AbsolutePruneThreshold = 1e-4 }),
        new("am_krosbl", null, noise => new KroneckerSblOptions
        {
            Update = KroneckerSblUpdate.AlternatingMinimization, NoiseVariance = noise, AbsolutePruneThreshold = 1e-4,
            FactorPruneThresholds = new[] { 1e-2, 1e-1, 1e-3 }, InnerTolerance = 1e-4,
        }),
        Coupled(0.5),
        Coupled(0.8),
    };

    private static IrsMethod Coupled(double beta) => new("pc_krosbl", beta, noise => new KroneckerSblOptions
    {
        Update = KroneckerSblUpdate.AlternatingMinimization, NoiseVariance = noise, AbsolutePruneThreshold = 1e-4,
        FactorPruneThresholds = new[] { 1e-2, 1e-1, 1e-2 }, InnerTolerance = 1e-4, InnerIterations = 9,
        Coupling = beta, CoupledFactors = new[] { 0, 2 },
    });

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The IRS study. The pilots and IRS patterns are drawn once, as the reference does, unless
    /// <paramref name="scenarioEvery"/> &gt; 0: then every that many trials a fresh scenario (pilots, patterns) is drawn.
    /// The results depend strongly on that one draw.
    /// </summary>
    public static int Irs(int trials, int classicTrials, int seed, string output, int scenarioEvery = 0)
    {
        var scenario = new IrsMimoScenario(new IrsMimoSetup(), new Random(seed));
        Console.WriteLine($"IRS-MIMO channel estimation: {scenario.Measurements} measurements, {scenario.Unknowns} unknowns, {trials} trial(s) per SNR (classic SBL: {Math.Min(trials, classicTrials)})"
            + (scenarioEvery > 0 ? $", new pilots and IRS patterns every {scenarioEvery} trials" : ""));
        var sums = new Dictionary<(string, double?, int), (double Nmse, double Srr, double Seconds, int Trials)>();
        int total = trials * IrsSnrDb.Length, done = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            if (scenarioEvery > 0 && trial > 0 && trial % scenarioEvery == 0) scenario = new IrsMimoScenario(new IrsMimoSetup(), new Random(seed * 7919 + trial));
            var t = scenario.Draw(new Random(seed * 1_000_003 + trial));
            var support = Enumerable.Range(0, t.Coefficients.Length).Where(j => t.Coefficients[j] != Complex.Zero).ToHashSet();
            DenseMatrix<Complex>? dense = null;
            foreach (int snr in IrsSnrDb)
            {
                var (y, noise) = t.Observe(snr, new Random(seed * 1_000_003 + trial * 1009 + snr + 7));
                foreach (var method in IrsMethods)
                {
                    if (method.Options is null && trial >= classicTrials) continue;
                    var clock = Stopwatch.StartNew();
                    Complex[] mean = method.Options is null
                        ? ClassicSbl.Solve(dense ??= new KroneckerOperator<Complex>(t.Factors).ToDense(), y, new ClassicSblOptions { NoiseVariance = noise, PruneThreshold = 1e-4 }).Mean
                        : KroneckerSbl.Solve(t.Factors, y, method.Options(noise)).Mean;
                    double seconds = clock.Elapsed.TotalSeconds;
                    var key = (method.Name, method.Beta, snr);
                    sums.TryGetValue(key, out var s);
                    sums[key] = (s.Nmse + t.ChannelNmse(mean), s.Srr + Srr(mean, support), s.Seconds + seconds, s.Trials + 1);
                }
                done++;
                Console.Error.Write($"\r  [{new string('#', 30 * done / total),-30}] {done}/{total} trial x SNR");
            }
        }
        Console.Error.Write("\r" + new string(' ', 60) + "\r");
        var lines = new List<string> { Header };
        Console.WriteLine($"{"method",-14} {"SNR dB",6} {"NMSE",10} {"SRR",6} {"s/trial",9} {"trials",6}");
        foreach (var method in IrsMethods)
            foreach (int snr in IrsSnrDb)
            {
                if (!sums.TryGetValue((method.Name, method.Beta, snr), out var s)) continue;
                string name = method.Beta is double b ? $"{method.Name} {b:F1}" : method.Name;
                Console.WriteLine($"{name,-14} {snr,6} {s.Nmse / s.Trials,10:G3} {s.Srr / s.Trials,6:F3} {s.Seconds / s.Trials,9:F4} {s.Trials,6}");
                lines.Add(string.Join(",", "irs", method.Name, I(snr), "", "", method.Beta is double beta ? F(beta) : "", I(s.Trials),
                    F(s.Nmse / s.Trials), F(s.Srr / s.Trials), F(s.Seconds / s.Trials)));
            }
        File.WriteAllLines(output, lines);
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    /// <summary>|Ŝ ∩ S| / |Ŝ ∪ S| with Ŝ = {j : |x̂_j| &gt; 1e-3·max |x̂|}, as the paper.</summary>
    private static double Srr(Complex[] estimate, HashSet<int> support)
    {
        double max = estimate.Max(v => v.Magnitude);
        var found = Enumerable.Range(0, estimate.Length).Where(j => max > 0 && estimate[j].Magnitude > 1e-3 * max).ToHashSet();
        int union = found.Union(support).Count();
        return union == 0 ? 1 : (double)found.Intersect(support).Count() / union;
    }

    /// <summary>The synthetic study's sweeps at 20 dB: M1 ∈ {6, …, 14} (K = 3) and K ∈ {2, …, 6} (M1 = 8), with the Studies.sparse settings.</summary>
    public static int Sweeps(int trials, bool classic, int seed, string output)
    {
        const int snr = 20, columns = 15;
        var methods = new List<(string Name, KroneckerSblOptions? Options)>
        {
            ("svd_krosbl", new KroneckerSblOptions { Update = KroneckerSblUpdate.Svd, PruneThreshold = 1e-3 }),
            ("am_krosbl", new KroneckerSblOptions { Update = KroneckerSblUpdate.AlternatingMinimization, PruneThreshold = 1e-2 }),
        };
        if (classic) methods.Add(("classic_sbl", null));
        var points = new List<(string Experiment, int M1, int K)>();
        foreach (int m1 in new[] { 6, 8, 10, 12, 14 }) points.Add(("m1_sweep", m1, 3));
        foreach (int k in new[] { 2, 3, 4, 5, 6 }) points.Add(("k_sweep", 8, k));
        Console.WriteLine($"Kronecker SBL sweeps at {snr} dB: M1 in 6..14 (K = 3), K in 2..6 (M1 = 8); M2 = 12, M3 = 15, {columns} columns per factor, {trials} trial(s) per point");
        var lines = new List<string> { Header };
        Console.WriteLine($"{"sweep",-9} {"method",-12} {"M1",3} {"K",3} {"NMSE",10} {"SRR",6} {"s/trial",8}");
        int total = points.Count * trials, done = 0;
        foreach (var (experiment, m1, k) in points)
        {
            var sums = methods.ToDictionary(m => m.Name, _ => (Nmse: 0.0, Srr: 0.0, Seconds: 0.0));
            for (int trial = 0; trial < trials; trial++)
            {
                var random = new Random(seed * 1_000_003 + m1 * 7919 + k * 104_729 + trial);
                var factors = new[] { m1, 12, 15 }.Select(r => Program.Gaussian(random, r, columns)).ToArray();
                var (x, y) = Program.Problem(random, factors, snr, k);
                foreach (var (name, options) in methods)
                {
                    var clock = Stopwatch.StartNew();
                    double[] mean = options is null
                        ? ClassicSbl.Solve(new KroneckerOperator<double>(factors).ToDense(), y).Mean
                        : KroneckerSbl.Solve(factors, y, options).Mean;
                    double seconds = clock.Elapsed.TotalSeconds;
                    var s = sums[name];
                    sums[name] = (s.Nmse + Program.Nmse(mean, x), s.Srr + Program.Srr(mean, x), s.Seconds + seconds);
                }
                done++;
                Console.Error.Write($"\r  [{new string('#', 30 * done / total),-30}] {done}/{total} trials");
            }
            Console.Error.Write("\r" + new string(' ', 60) + "\r");
            foreach (var (name, s) in sums)
            {
                Console.WriteLine($"{experiment,-9} {name,-12} {m1,3} {k,3} {s.Nmse / trials,10:G3} {s.Srr / trials,6:F3} {s.Seconds / trials,8:F4}");
                lines.Add(string.Join(",", experiment, name, I(snr), I(m1), I(k), "", I(trials), F(s.Nmse / trials), F(s.Srr / trials), F(s.Seconds / trials)));
            }
        }
        File.WriteAllLines(output, lines);
        Console.WriteLine($"wrote {output}");
        return 0;
    }
}
