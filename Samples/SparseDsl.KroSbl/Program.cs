using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseDsl;

namespace SparseDsl.KroSbl;

/// <summary>
/// The paper's synthetic study (3 factors of 15 columns, M1 = 8, K = 3 nonzeros per factor) against SNR for
/// SVD-KroSBL and AM-KroSBL, both generated from Studies.sparse (class Studies), and with --classic classic SBL (EM on the formed dictionary): NMSE, support recovery rate and seconds per trial,
/// averaged over trials, printed as a table and written as CSV with the issue's header. <c>--experiment irs</c> runs the
/// IRS-MIMO channel-estimation study and <c>--experiment sweeps</c> the M1 and K sweeps at 20 dB (<see cref="Experiments"/>).
/// Usage: <c>dotnet run --project Samples/SparseDsl.KroSbl -c Release -- [--experiment synthetic|irs|sweeps] [--trials N] [--classic-trials N] [--seed S] [--out file.csv]</c>.
/// </summary>
public static class Program
{
    private const int Columns = 15, Nonzeros = 3;
    private static readonly int[] Rows = { 8, 12, 15 };
    private static readonly int[] SnrDb = { 5, 10, 15, 20, 25, 30 };

    public static int Main(string[] args)
    {
        int trials = 10, seed = 1, classicTrials = 2, scenarioEvery = 0;
        bool classic = false;
        string experiment = "synthetic";
        string? output = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--trials" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int t) && t >= 1: trials = t; break;
                case "--seed" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int s): seed = s; break;
                case "--out" when Next() is string path: output = path; break;
                case "--classic": classic = true; break;
                case "--scenario-every" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int e): scenarioEvery = e; break;
                case "--classic-trials" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int c): classicTrials = c; break;
                case "--experiment" when Next() is "synthetic" or "irs" or "sweeps": experiment = args[i]; break;
                case "--help" or "-h":
                    Console.WriteLine("usage: SparseDsl.KroSbl [--experiment synthetic|irs|sweeps (synthetic)] [--trials N (10)] [--seed S (1)] [--out file.csv (krosbl-<experiment>.csv)]");
                    Console.WriteLine("  synthetic, sweeps: [--classic (adds classic SBL on the formed 1440 x 3375 dictionary: slow)]");
                    Console.WriteLine("  irs: [--classic-trials N (2; classic SBL on the formed 288 x 5832 dictionary runs on the first N trials only, 0 skips it)] [--scenario-every N (0: one draw of pilots and IRS patterns for the run, as the reference)]");
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown or incomplete option `{args[i]}`; --help lists them");
                    return 2;
            }
        }

        output ??= $"krosbl-{experiment}.csv";
        if (experiment == "irs") return Experiments.Irs(trials, classicTrials, seed, output, scenarioEvery);
        if (experiment == "sweeps") return Experiments.Sweeps(trials, classic, seed, output);
        Console.WriteLine($"Kronecker SBL, synthetic study: factors {string.Join(" x ", Rows.Select(r => $"{r}x{Columns}"))}, K = {Nonzeros} per factor, {trials} trial(s) per SNR");
        var lines = new List<string> { "experiment,method,snr_db,m1,k,beta,trials,nmse,srr,seconds_per_trial" };
        Console.WriteLine($"{"method",-12} {"SNR dB",6} {"NMSE",10} {"SRR",6} {"s/trial",8} {"iters",6}");
        int total = SnrDb.Length * trials, done = 0;
        foreach (int snr in SnrDb)
        {
            var sums = new Dictionary<string, (double Nmse, double Srr, double Seconds, double Iterations)>
            {
                ["svd_krosbl"] = default, ["am_krosbl"] = default,
            };
            if (classic) sums["classic_sbl"] = default;
            for (int trial = 0; trial < trials; trial++)
            {
                var random = new Random(seed * 1_000_003 + snr * 1009 + trial);
                var factors = Rows.Select(r => Gaussian(random, r, Columns)).ToArray();
                var (x, y) = Problem(random, factors, snr, Nonzeros);
                foreach (var method in sums.Keys.ToList())
                {
                    var clock = Stopwatch.StartNew();
                    (double[] mean, int iterations) = method switch
                    {
                        "svd_krosbl" => Run(Studies.SvdKroSbl.Solve(new Studies.SvdKroSbl.H(factors[0], factors[1], factors[2]), y)),
                        "am_krosbl" => Run(Studies.AmKroSbl.Solve(new Studies.AmKroSbl.H(factors[0], factors[1], factors[2]), y)),
                        _ => RunClassic(ClassicSbl.Solve(new KroneckerOperator<double>(factors).ToDense(), y)),
                    };
                    double seconds = clock.Elapsed.TotalSeconds;
                    var s = sums[method];
                    sums[method] = (s.Nmse + Nmse(mean, x), s.Srr + Srr(mean, x), s.Seconds + seconds, s.Iterations + iterations);
                }
                done++;
                Console.Error.Write($"\r  [{new string('#', 30 * done / total),-30}] {done}/{total} trials");
            }
            Console.Error.Write("\r" + new string(' ', 60) + "\r");
            foreach (var (method, s) in sums)
            {
                Console.WriteLine($"{method,-12} {snr,6} {s.Nmse / trials,10:G3} {s.Srr / trials,6:F3} {s.Seconds / trials,8:F4} {s.Iterations / trials,6:F1}");
                lines.Add(string.Join(",", "synthetic_snr", method, snr.ToString(CultureInfo.InvariantCulture), Rows[0].ToString(CultureInfo.InvariantCulture),
                    Nonzeros.ToString(CultureInfo.InvariantCulture), "", trials.ToString(CultureInfo.InvariantCulture),
                    (s.Nmse / trials).ToString("G6", CultureInfo.InvariantCulture), (s.Srr / trials).ToString("G6", CultureInfo.InvariantCulture),
                    (s.Seconds / trials).ToString("G6", CultureInfo.InvariantCulture)));
            }
        }
        File.WriteAllLines(output, lines);
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static (double[], int) Run(KroneckerSblResult<double> result) => (result.Mean, result.Iterations);

    private static (double[], int) RunClassic(ClassicSblResult<double> result) => (result.Mean, result.Iterations);

    internal static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static DenseMatrix<double> Gaussian(Random random, int rows, int columns)
    {
        var m = new DenseMatrix<double>(rows, columns);
        for (int i = 0; i < m.Values.Length; i++) m.Values[i] = Normal(random);
        return m;
    }

    /// <summary>x = x1 ⊗ x2 ⊗ x3 (K random positions per factor, N(0, 1) values) and y = Hx + n with σ² = (‖Hx‖²/M)/10^(SNR/10), as the paper.</summary>
    internal static (double[] X, double[] Y) Problem(Random random, DenseMatrix<double>[] factors, int snrDb, int nonzeros)
    {
        var parts = factors.Select(f =>
        {
            var v = new double[f.Columns];
            foreach (int j in Enumerable.Range(0, f.Columns).OrderBy(_ => random.Next()).Take(nonzeros)) v[j] = Normal(random);
            return v;
        }).ToArray();
        var h = new KroneckerOperator<double>(factors);
        var x = new double[h.Columns];
        for (int j = 0; j < x.Length; j++)
        {
            int rest = j;
            double value = 1;
            for (int i = parts.Length - 1; i >= 0; i--) { value *= parts[i][rest % Columns]; rest /= Columns; }
            x[j] = value;
        }
        var y = new double[h.Rows];
        h.Apply(x, y);
        double noise = y.Sum(v => v * v) / y.Length / Math.Pow(10, snrDb / 10.0);
        for (int i = 0; i < y.Length; i++) y[i] += Normal(random) * Math.Sqrt(noise);
        return (x, y);
    }

    internal static double Nmse(double[] estimate, double[] truth)
        => estimate.Zip(truth, (e, t) => (e - t) * (e - t)).Sum() / truth.Sum(t => t * t);

    /// <summary>|Ŝ ∩ S| / |Ŝ ∪ S| with Ŝ = {j : |x̂_j| &gt; 1e-3·max |x̂|}, as the paper.</summary>
    internal static double Srr(double[] estimate, double[] truth)
    {
        double max = estimate.Max(Math.Abs);
        var found = Enumerable.Range(0, estimate.Length).Where(j => Math.Abs(estimate[j]) > 1e-3 * max).ToHashSet();
        var support = Enumerable.Range(0, truth.Length).Where(j => truth[j] != 0).ToHashSet();
        int union = found.Union(support).Count();
        return union == 0 ? 1 : (double)found.Intersect(support).Count() / union;
    }
}
