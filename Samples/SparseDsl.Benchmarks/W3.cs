// W3: BSR 4x4, n = 1e6 (250,000 block rows), 4 blocks per block row at random block columns (seed 42).
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

/// <summary>The generated BsrSpmvF64/F32.</summary>
[BenchmarkCategory("W3")]
public class W3Bsr
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";
    [Params(1, 2)] public int Threads { get; set; } = 1;

    private BsrMatrix<double> _a64 = null!;
    private double[] _x64 = null!, _y64 = null!;
    private BsrMatrix<float> _a32 = null!;
    private float[] _x32 = null!, _y32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = Threads;
        _f64 = Prec == "f64";
        BsrData d = Data.Bsr;
        double[] yref = Reference.Spmv(d, Data.X, !_f64);
        string tag = $"bsr4.random4 {Prec} {Threads}T";
        if (_f64)
        {
            _a64 = Data.ToBsr<double>(d);
            _x64 = (double[])Data.X.Clone();
            _y64 = new double[_a64.Rows];
            Check.Poison<double>(_y64); Bsr(); Check.Close<double>($"{tag} BsrSpmvF64", _y64, yref, Check.TolF64);
        }
        else
        {
            _a32 = Data.ToBsr<float>(d);
            _x32 = Data.Convert<float>(Data.X);
            _y32 = new float[_a32.Rows];
            Check.Poison<float>(_y32); Bsr(); Check.Close<float>($"{tag} BsrSpmvF32", _y32, yref, Check.TolF32);
        }
    }

    [Benchmark(Description = "SparseDsl BsrSpmv (generated)")]
    public void Bsr()
    {
        if (_f64) Benchmarks.BsrSpmvF64(_a64, _x64, _y64);
        else Benchmarks.BsrSpmvF32(_a32, _x32, _y32);
    }
}

/// <summary>Baselines: a plain C# 4x4 block loop, and (no BSR in MathNet) the plain CSR loop and MathNet on the
/// same 16e6 nonzeros expanded to scalar CSR.</summary>
[BenchmarkCategory("W3")]
public class W3BsrBaselines
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";

    private readonly CsrBaselines _expanded = new();
    private int _nb;
    private int[] _brp = null!, _bci = null!;
    private double[] _v64 = null!, _x64 = null!, _y64 = null!;
    private float[] _v32 = null!, _x32 = null!, _y32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = 1;
        _f64 = Prec == "f64";
        BsrData d = Data.Bsr;
        double[] yref = Reference.Spmv(d, Data.X, !_f64);
        _nb = d.BlockRows;
        _brp = (int[])d.BlockRowPointers.Clone();
        _bci = (int[])d.BlockColumns.Clone();
        if (_f64)
        {
            _v64 = (double[])d.Values.Clone();
            _x64 = (double[])Data.X.Clone();
            _y64 = new double[_nb * 4];
            Check.Poison<double>(_y64); PlainBsrLoop(); Check.Close<double>("bsr4.random4 f64 1T plain BSR loop", _y64, yref, Check.TolF64);
        }
        else
        {
            _v32 = Data.Convert<float>(d.Values);
            _x32 = Data.Convert<float>(Data.X);
            _y32 = new float[_nb * 4];
            Check.Poison<float>(_y32); PlainBsrLoop(); Check.Close<float>("bsr4.random4 f32 1T plain BSR loop", _y32, yref, Check.TolF32);
        }
        _expanded.Setup(Data.Expand(d), Prec, "bsr4.random4 (expanded CSR)", yref);
    }

    [Benchmark(Description = "C# plain BSR4 loop (arrays, unrolled 4x4)")]
    public void PlainBsrLoop()
    {
        if (_f64) Plain(_nb, _brp, _bci, _v64, _x64, _y64);
        else Plain(_nb, _brp, _bci, _v32, _x32, _y32);
    }

    [Benchmark(Description = "C# plain loop (arrays) on expanded CSR")]
    public void PlainCsrExpanded() => _expanded.PlainLoop();

    [Benchmark(Description = "MathNet 5.0.0 SparseMatrix.Multiply on expanded CSR")]
    public void MathNetExpanded() => _expanded.MathNet();

    private static void Plain(int nb, int[] brp, int[] bci, double[] v, double[] x, double[] y)
    {
        for (int i = 0; i < nb; i++)
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int q = brp[i]; q < brp[i + 1]; q++)
            {
                int c = bci[q] * 4, b = q * 16;
                double x0 = x[c], x1 = x[c + 1], x2 = x[c + 2], x3 = x[c + 3];
                s0 += v[b] * x0 + v[b + 1] * x1 + v[b + 2] * x2 + v[b + 3] * x3;
                s1 += v[b + 4] * x0 + v[b + 5] * x1 + v[b + 6] * x2 + v[b + 7] * x3;
                s2 += v[b + 8] * x0 + v[b + 9] * x1 + v[b + 10] * x2 + v[b + 11] * x3;
                s3 += v[b + 12] * x0 + v[b + 13] * x1 + v[b + 14] * x2 + v[b + 15] * x3;
            }
            y[4 * i] = s0; y[4 * i + 1] = s1; y[4 * i + 2] = s2; y[4 * i + 3] = s3;
        }
    }

    private static void Plain(int nb, int[] brp, int[] bci, float[] v, float[] x, float[] y)
    {
        for (int i = 0; i < nb; i++)
        {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int q = brp[i]; q < brp[i + 1]; q++)
            {
                int c = bci[q] * 4, b = q * 16;
                float x0 = x[c], x1 = x[c + 1], x2 = x[c + 2], x3 = x[c + 3];
                s0 += v[b] * x0 + v[b + 1] * x1 + v[b + 2] * x2 + v[b + 3] * x3;
                s1 += v[b + 4] * x0 + v[b + 5] * x1 + v[b + 6] * x2 + v[b + 7] * x3;
                s2 += v[b + 8] * x0 + v[b + 9] * x1 + v[b + 10] * x2 + v[b + 11] * x3;
                s3 += v[b + 12] * x0 + v[b + 13] * x1 + v[b + 14] * x2 + v[b + 15] * x3;
            }
            y[4 * i] = s0; y[4 * i + 1] = s1; y[4 * i + 2] = s2; y[4 * i + 3] = s3;
        }
    }
}
