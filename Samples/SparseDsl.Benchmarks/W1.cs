// W1: CSR SpMV, n = 1e6 rows, 16 nonzeros per row at uniformly random columns (seed 42), f64 and f32; the same
// matrix in the spec's SELL-C-sigma formats; a plain C# loop and MathNet.Numerics 5 over the same data.
using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace SparseDsl.Benchmarks;

/// <summary>The generated kernels CsrSpmvF64/F32 and SellSpmvF64/F32 (SELL-8-256 f64, SELL-16-256 f32).</summary>
[BenchmarkCategory("W1")]
public class W1RandomCsr
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";
    [Params(1, 2)] public int Threads { get; set; } = 1;

    private CsrMatrix<double> _a64 = null!;
    private SellMatrix<double> _s64 = null!;
    private double[] _x64 = null!, _y64 = null!;
    private CsrMatrix<float> _a32 = null!;
    private SellMatrix<float> _s32 = null!;
    private float[] _x32 = null!, _y32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = Threads;
        _f64 = Prec == "f64";
        CsrData d = Data.RandomCsr;
        double[] yref = Reference.Spmv(d, Data.X, !_f64);
        string tag = $"csr.random16 {Prec} {Threads}T";
        if (_f64)
        {
            _a64 = Data.ToCsr<double>(d);
            _s64 = SellMatrix<double>.FromCsr(_a64, 8, 256);
            _x64 = (double[])Data.X.Clone();
            _y64 = new double[d.N];
            Check.Poison<double>(_y64); Csr(); Check.Close<double>($"{tag} CsrSpmvF64", _y64, yref, Check.TolF64);
            Check.Poison<double>(_y64); Sell(); Check.Close<double>($"{tag} SellSpmvF64", _y64, yref, Check.TolF64);
        }
        else
        {
            _a32 = Data.ToCsr<float>(d);
            _s32 = SellMatrix<float>.FromCsr(_a32, 16, 256);
            _x32 = Data.Convert<float>(Data.X);
            _y32 = new float[d.N];
            Check.Poison<float>(_y32); Csr(); Check.Close<float>($"{tag} CsrSpmvF32", _y32, yref, Check.TolF32);
            Check.Poison<float>(_y32); Sell(); Check.Close<float>($"{tag} SellSpmvF32", _y32, yref, Check.TolF32);
        }
    }

    [Benchmark(Description = "SparseDsl CsrSpmv (generated)")]
    public void Csr()
    {
        if (_f64) Benchmarks.CsrSpmvF64(_a64, _x64, _y64);
        else Benchmarks.CsrSpmvF32(_a32, _x32, _y32);
    }

    [Benchmark(Description = "SparseDsl SellSpmv (generated, SELL-C-sigma)")]
    public void Sell()
    {
        if (_f64) Benchmarks.SellSpmvF64(_s64, _x64, _y64);
        else Benchmarks.SellSpmvF32(_s32, _x32, _y32);
    }
}

/// <summary>Baselines over the same W1 data, single-threaded: a plain safe C# loop and MathNet's CSR SparseMatrix.</summary>
[BenchmarkCategory("W1")]
public class W1RandomCsrBaselines
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";

    private readonly CsrBaselines _b = new();

    [GlobalSetup]
    public void Setup() => _b.Setup(Data.RandomCsr, Prec, "csr.random16");

    [Benchmark(Description = "C# plain loop (arrays)")]
    public void PlainLoop() => _b.PlainLoop();

    [Benchmark(Description = "MathNet 5.0.0 SparseMatrix.Multiply")]
    public void MathNet() => _b.MathNet();
}

/// <summary>The plain C# CSR loop and MathNet's SparseMatrix.Multiply, shared by W1, W2 and W3 (expanded CSR).</summary>
internal sealed class CsrBaselines
{
    private int _n;
    private int[] _rp = null!, _ci = null!;
    private double[] _v64 = null!, _x64 = null!, _y64 = null!;
    private float[] _v32 = null!, _x32 = null!, _y32 = null!;
    private Matrix<double> _m64 = null!;
    private Vector<double> _mx64 = null!, _my64 = null!;
    private Matrix<float> _m32 = null!;
    private Vector<float> _mx32 = null!, _my32 = null!;
    private bool _f64;

    public void Setup(CsrData d, string prec, string workload, double[]? reference = null)
    {
        SparseExecution.MaxThreads = 1;
        Control.UseManaged();
        Control.UseSingleThread();
        _f64 = prec == "f64";
        _n = d.N;
        _rp = (int[])d.RowPointers.Clone();
        _ci = (int[])d.Columns.Clone();
        double[] yref = reference ?? Reference.Spmv(d, Data.X, !_f64);
        string tag = $"{workload} {prec} 1T";
        if (_f64)
        {
            _v64 = (double[])d.Values.Clone();
            _x64 = (double[])Data.X.Clone();
            _y64 = new double[_n];
            _m64 = new MathNet.Numerics.LinearAlgebra.Double.SparseMatrix(
                SparseCompressedRowMatrixStorage<double>.OfCompressedSparseRowFormat(_n, _n, d.Nnz, _rp, _ci, (double[])_v64.Clone()));
            _mx64 = Vector<double>.Build.DenseOfArray((double[])_x64.Clone());
            _my64 = Vector<double>.Build.Dense(_n);
            Check.Poison<double>(_y64); PlainLoop(); Check.Close<double>($"{tag} plain loop", _y64, yref, Check.TolF64);
            Check.Poison<double>(_my64.AsArray()); MathNet(); Check.Close<double>($"{tag} MathNet", _my64.AsArray(), yref, Check.TolF64);
        }
        else
        {
            _v32 = Data.Convert<float>(d.Values);
            _x32 = Data.Convert<float>(Data.X);
            _y32 = new float[_n];
            _m32 = new MathNet.Numerics.LinearAlgebra.Single.SparseMatrix(
                SparseCompressedRowMatrixStorage<float>.OfCompressedSparseRowFormat(_n, _n, d.Nnz, _rp, _ci, (float[])_v32.Clone()));
            _mx32 = Vector<float>.Build.DenseOfArray((float[])_x32.Clone());
            _my32 = Vector<float>.Build.Dense(_n);
            Check.Poison<float>(_y32); PlainLoop(); Check.Close<float>($"{tag} plain loop", _y32, yref, Check.TolF32);
            Check.Poison<float>(_my32.AsArray()); MathNet(); Check.Close<float>($"{tag} MathNet", _my32.AsArray(), yref, Check.TolF32);
        }
    }

    public void PlainLoop()
    {
        if (_f64) Plain(_n, _rp, _ci, _v64, _x64, _y64);
        else Plain(_n, _rp, _ci, _v32, _x32, _y32);
    }

    public void MathNet()
    {
        if (_f64) _m64.Multiply(_mx64, _my64);
        else _m32.Multiply(_mx32, _my32);
    }

    private static void Plain(int n, int[] rp, int[] ci, double[] v, double[] x, double[] y)
    {
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int k = rp[i]; k < rp[i + 1]; k++) s += v[k] * x[ci[k]];
            y[i] = s;
        }
    }

    private static void Plain(int n, int[] rp, int[] ci, float[] v, float[] x, float[] y)
    {
        for (int i = 0; i < n; i++)
        {
            float s = 0;
            for (int k = rp[i]; k < rp[i + 1]; k++) s += v[k] * x[ci[k]];
            y[i] = s;
        }
    }
}
