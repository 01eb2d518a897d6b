// Reordering for locality (issue 7): the generated CsrSpmvF64 on a matrix as it comes vs. after reverse
// Cuthill–McKee (B = P A Pᵀ, x permuted once beforehand: the SpMV alone is timed), and what the reordering costs.
// Matrices: W1 (n = 1e6, 16 random columns per row, seed 42: no band to find) and Band16, a symmetric random band
// of half-width 16 (n = 1e6, each pair (i, i+d), d = 1..16, kept with probability 1/2, about 17 nonzeros per row,
// seed 44) scrambled by a random symmetric permutation (seed 45): RCM should recover a band from it.
using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

/// <summary>One matrix of the reordering benchmarks, its RCM reordering and the naive reference y = A x.</summary>
internal sealed class ReorderingCase
{
    public const int BandHalfWidth = 16;
    public required string Name;
    public required CsrMatrix<double> AsIs;        // the matrix as the benchmark gets it (W1; the scrambled band)
    public required Permutation Rcm;               // ReverseCuthillMcKee.Order(AsIs)
    public required CsrMatrix<double> Reordered;   // P AsIs Pᵀ
    public required double[] Reference;            // y = AsIs x for x = Data.X, from an independent naive loop
    public required string Statistics;             // band statistics before and after, for the log

    private static readonly Lazy<ReorderingCase> s_w1 = new(MakeW1);
    private static readonly Lazy<ReorderingCase> s_band = new(MakeBand);

    public static ReorderingCase Get(string name) => name switch
    {
        "W1" => s_w1.Value,
        "Band16" => s_band.Value,
        _ => throw new ArgumentException($"unknown reordering matrix {name}", nameof(name)),
    };

    private static ReorderingCase Make(string name, CsrMatrix<double> asIs, double[] reference, string extra)
    {
        var p = ReverseCuthillMcKee.Order(asIs);
        var b = Reordering.PermuteSymmetric(asIs, p);
        string stats = $"{extra}as is: {Reordering.Statistics(asIs)}; after RCM: {Reordering.Statistics(b)}";
        return new ReorderingCase { Name = name, AsIs = asIs, Rcm = p, Reordered = b, Reference = reference, Statistics = stats };
    }

    private static ReorderingCase MakeW1()
    {
        CsrData d = Data.RandomCsr;
        return Make("W1", Data.ToCsr<double>(d), global::SparseDsl.Benchmarks.Reference.Spmv(d, Data.X, false), "");
    }

    private static ReorderingCase MakeBand()
    {
        CsrData natural = Band(Data.CsrRows, BandHalfWidth, 44);
        // scramble: S = P0 N P0ᵀ, S[i, j] = N[p0[i], p0[j]]
        int n = natural.N;
        var p0 = new int[n];
        for (int i = 0; i < n; i++) p0[i] = i;
        var r = new SplitMix64(45);
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)r.Below((uint)(i + 1));
            (p0[i], p0[j]) = (p0[j], p0[i]);
        }
        var scramble = new Permutation(p0);
        CsrMatrix<double> scrambled = Reordering.PermuteSymmetric(Data.ToCsr<double>(natural), scramble);
        // reference from the natural band, not from the scrambled matrix: y_S = P0 N (P0ᵀ x)
        double[] xn = scramble.ApplyInverse<double>(Data.X);
        double[] yn = global::SparseDsl.Benchmarks.Reference.Spmv(natural, xn, false);
        double[] ys = scramble.Apply<double>(yn);
        string extra = string.Format(CultureInfo.InvariantCulture, "natural band: bandwidth {0}; ", BandBandwidth(natural));
        return Make("Band16", scrambled, ys, extra);
    }

    private static int BandBandwidth(CsrData a)
    {
        int bw = 0;
        for (int i = 0; i < a.N; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) bw = Math.Max(bw, Math.Abs(i - a.Columns[k]));
        return bw;
    }

    /// <summary>The symmetric random band: row i holds the diagonal (value in [3, 5)) and each kept pair's two
    /// entries (one value in [-1, 1) for both: the matrix is symmetric), columns in order.</summary>
    private static CsrData Band(int n, int half, ulong seed)
    {
        var r = new SplitMix64(seed);
        var keep = new uint[n];        // bit d-1 of keep[i]: the pair (i, i + d) is stored
        var pairValue = new double[(long)n * half];
        var diag = new double[n];
        long nnz = n;
        for (int i = 0; i < n; i++)
        {
            diag[i] = 4 + r.Sym();
            for (int d = 1; d <= half && i + d < n; d++)
            {
                ulong draw = r.Next();
                if ((draw & 1) == 0) continue;
                keep[i] |= 1u << (d - 1);
                pairValue[(long)i * half + d - 1] = r.Sym();
                nnz += 2;
            }
        }
        var rp = new int[n + 1];
        var ci = new int[nnz];
        var v = new double[nnz];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            rp[i] = k;
            for (int d = half; d >= 1; d--)   // below the diagonal: pairs (i - d, i)
                if (i - d >= 0 && (keep[i - d] & (1u << (d - 1))) != 0)
                {
                    ci[k] = i - d;
                    v[k++] = pairValue[(long)(i - d) * half + d - 1];
                }
            ci[k] = i;
            v[k++] = diag[i];
            for (int d = 1; d <= half; d++)
                if ((keep[i] & (1u << (d - 1))) != 0)
                {
                    ci[k] = i + d;
                    v[k++] = pairValue[(long)i * half + d - 1];
                }
        }
        rp[n] = k;
        return new CsrData { N = n, RowPointers = rp, Columns = ci, Values = v };
    }
}

/// <summary>The generated CsrSpmvF64 on the matrix as is and on its RCM reordering B (with x already permuted:
/// only the SpMV is timed; <see cref="ReorderingCost"/> has the permutation costs).</summary>
[BenchmarkCategory("Reordering")]
public class ReorderingSpmv
{
    [Params("W1", "Band16")] public string Matrix { get; set; } = "W1";
    [Params(1, 2)] public int Threads { get; set; } = 1;

    private CsrMatrix<double> _a = null!, _b = null!;
    private double[] _x = null!, _y = null!, _px = null!, _py = null!;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = Threads;
        ReorderingCase c = ReorderingCase.Get(Matrix);
        Console.WriteLine($"REORDER\t{Matrix}\t{c.Statistics}");
        _a = c.AsIs;
        _b = c.Reordered;
        _x = (double[])Data.X.Clone();
        _y = new double[_x.Length];
        _px = c.Rcm.Apply<double>(_x);
        _py = new double[_x.Length];
        string tag = $"reorder.{Matrix} f64 {Threads}T";
        Check.Poison<double>(_y); AsIs(); Check.Close<double>($"{tag} CsrSpmvF64 as is", _y, c.Reference, Check.TolF64);
        Check.Poison<double>(_py); Rcm();
        double[] y = c.Rcm.ApplyInverse<double>(_py);
        Check.Close<double>($"{tag} CsrSpmvF64 after RCM (un-permuted)", y, c.Reference, Check.TolF64);
        // the packaged form gives the same y
        var op = new ReorderedOperator<double>(c.AsIs, c.Rcm);
        var yo = new double[_x.Length];
        Check.Poison<double>(yo);
        op.Multiply(Benchmarks.CsrSpmvF64, _x, yo);
        Check.Close<double>($"{tag} ReorderedOperator", yo, c.Reference, Check.TolF64);
    }

    [Benchmark(Baseline = true, Description = "SparseDsl CsrSpmvF64 (generated), matrix as is")]
    public void AsIs() => Benchmarks.CsrSpmvF64(_a, _x, _y);

    [Benchmark(Description = "SparseDsl CsrSpmvF64 (generated), after RCM (x pre-permuted)")]
    public void Rcm() => Benchmarks.CsrSpmvF64(_b, _px, _py);
}

/// <summary>What reordering costs, single-threaded: the RCM ordering, B = P A Pᵀ, and the two vector
/// permutations one product through <see cref="ReorderedOperator{T}"/> adds.</summary>
[BenchmarkCategory("Reordering")]
public class ReorderingCost
{
    [Params("W1", "Band16")] public string Matrix { get; set; } = "W1";

    private ReorderingCase _c = null!;
    private double[] _x = null!, _px = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = 1;
        _c = ReorderingCase.Get(Matrix);
        _x = (double[])Data.X.Clone();
        _px = new double[_x.Length];
        _y = new double[_x.Length];
        // the timed steps reproduce the cached reordering
        Permutation p = Order();
        if (!p.Map.SequenceEqual(_c.Rcm.Map))
            throw new InvalidOperationException($"CHECK FAILED: reorder.{Matrix}: ReverseCuthillMcKee.Order is not deterministic");
        CsrMatrix<double> b = Permute();
        if (!b.RowPointers.SequenceEqual(_c.Reordered.RowPointers) || !b.ColumnIndices.SequenceEqual(_c.Reordered.ColumnIndices)
            || !b.Values.SequenceEqual(_c.Reordered.Values))
            throw new InvalidOperationException($"CHECK FAILED: reorder.{Matrix}: PermuteSymmetric is not deterministic");
        PermuteVectors();
        Check.Close<double>($"reorder.{Matrix} f64 1T permute x in and out", _y, _x, 0);
    }

    [Benchmark(Description = "ReverseCuthillMcKee.Order")]
    public Permutation Order() => ReverseCuthillMcKee.Order(_c.AsIs);

    [Benchmark(Description = "Reordering.PermuteSymmetric (B = P A P^T)")]
    public CsrMatrix<double> Permute() => Reordering.PermuteSymmetric(_c.AsIs, _c.Rcm);

    [Benchmark(Description = "Permutation.Apply + ApplyInverse (x in, y out)")]
    public void PermuteVectors()
    {
        _c.Rcm.Apply<double>(_x, _px);
        _c.Rcm.ApplyInverse<double>(_px, _y);
    }
}
