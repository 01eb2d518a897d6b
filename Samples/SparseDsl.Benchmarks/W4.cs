// W4: 2:4 N:M W (4096 x 4096, seed 42) times dense X (4096 x 64, seed 43), against the same W as dense.
using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace SparseDsl.Benchmarks;

/// <summary>The generated NmProjectF64/F32: Y = W X with W in 2:4 storage.</summary>
[BenchmarkCategory("W4")]
public class W4Nm24
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";
    [Params(1, 2)] public int Threads { get; set; } = 1;

    private NmMatrix<double> _w64 = null!;
    private DenseMatrix<double> _x64 = null!, _y64 = null!;
    private NmMatrix<float> _w32 = null!;
    private DenseMatrix<float> _x32 = null!, _y32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = Threads;
        _f64 = Prec == "f64";
        Nm24Data d = Data.Nm24;
        double[] yref = Reference.Nm24(d, !_f64);
        string tag = $"nm24.sparse {Prec} {Threads}T";
        if (_f64)
        {
            _w64 = Data.ToNm<double>(d);
            _x64 = new DenseMatrix<double>(Nm24Data.K, Nm24Data.N, (double[])d.X.Clone());
            _y64 = new DenseMatrix<double>(Nm24Data.M, Nm24Data.N);
            Check.Poison<double>(_y64.Values); Nm(); Check.Close<double>($"{tag} NmProjectF64", _y64.Values, yref, Check.TolF64);
        }
        else
        {
            _w32 = Data.ToNm<float>(d);
            _x32 = new DenseMatrix<float>(Nm24Data.K, Nm24Data.N, Data.Convert<float>(d.X));
            _y32 = new DenseMatrix<float>(Nm24Data.M, Nm24Data.N);
            Check.Poison<float>(_y32.Values); Nm(); Check.Close<float>($"{tag} NmProjectF32", _y32.Values, yref, Check.TolF32);
        }
    }

    [Benchmark(Description = "SparseDsl NmProject (generated)")]
    public void Nm()
    {
        if (_f64) Benchmarks.NmProjectF64(_w64, _x64, _y64);
        else Benchmarks.NmProjectF32(_w32, _x32, _y32);
    }
}

/// <summary>Baselines: a plain C# 2:4 row loop over the same storage, and MathNet's (managed, single-threaded)
/// dense multiply of the same W stored dense.</summary>
[BenchmarkCategory("W4")]
public class W4Nm24Baselines
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";

    private double[] _v64 = null!, _x64 = null!, _y64 = null!;
    private float[] _v32 = null!, _x32 = null!, _y32 = null!;
    private byte[] _off = null!;
    private Matrix<double> _mw64 = null!, _mx64 = null!, _my64 = null!;
    private Matrix<float> _mw32 = null!, _mx32 = null!, _my32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = 1;
        Control.UseManaged();
        Control.UseSingleThread();
        _f64 = Prec == "f64";
        Nm24Data d = Data.Nm24;
        double[] yref = Reference.Nm24(d, !_f64);
        _off = (byte[])d.Offsets.Clone();
        const int m = Nm24Data.M, k = Nm24Data.K, n = Nm24Data.N;
        if (_f64)
        {
            _v64 = (double[])d.Values.Clone();
            _x64 = (double[])d.X.Clone();
            _y64 = new double[m * n];
            _mw64 = Matrix<double>.Build.DenseOfRowMajor(m, k, Data.DenseW<double>(d));
            _mx64 = Matrix<double>.Build.DenseOfRowMajor(k, n, _x64);
            _my64 = Matrix<double>.Build.Dense(m, n);
            Check.Poison<double>(_y64); PlainLoop(); Check.Close<double>("nm24.sparse f64 1T plain loop", _y64, yref, Check.TolF64);
            MathNetDense(); Check.Close<double>("nm24.dense_gemm f64 1T MathNet", _my64.ToRowMajorArray(), yref, Check.TolF64);
        }
        else
        {
            _v32 = Data.Convert<float>(d.Values);
            _x32 = Data.Convert<float>(d.X);
            _y32 = new float[m * n];
            _mw32 = Matrix<float>.Build.DenseOfRowMajor(m, k, Data.DenseW<float>(d));
            _mx32 = Matrix<float>.Build.DenseOfRowMajor(k, n, _x32);
            _my32 = Matrix<float>.Build.Dense(m, n);
            Check.Poison<float>(_y32); PlainLoop(); Check.Close<float>("nm24.sparse f32 1T plain loop", _y32, yref, Check.TolF32);
            MathNetDense(); Check.Close<float>("nm24.dense_gemm f32 1T MathNet", _my32.ToRowMajorArray(), yref, Check.TolF32);
        }
    }

    [Benchmark(Description = "C# plain 2:4 row loop (arrays)")]
    public void PlainLoop()
    {
        if (_f64) Plain(_v64, _off, _x64, _y64);
        else Plain(_v32, _off, _x32, _y32);
    }

    [Benchmark(Description = "MathNet 5.0.0 dense Multiply (managed), dense W")]
    public void MathNetDense()
    {
        if (_f64) _mw64.Multiply(_mx64, _my64);
        else _mw32.Multiply(_mx32, _my32);
    }

    private static void Plain(double[] v, byte[] off, double[] x, double[] y)
    {
        const int m = Nm24Data.M, n = Nm24Data.N, nz = Nm24Data.K / 2;
        for (int i = 0; i < m; i++)
        {
            int yi = i * n;
            for (int j = 0; j < n; j++) y[yi + j] = 0;
            for (int q = 0; q < nz; q++)
            {
                double a = v[i * nz + q];
                int xr = (4 * (q >> 1) + off[i * nz + q]) * n;
                for (int j = 0; j < n; j++) y[yi + j] += a * x[xr + j];
            }
        }
    }

    private static void Plain(float[] v, byte[] off, float[] x, float[] y)
    {
        const int m = Nm24Data.M, n = Nm24Data.N, nz = Nm24Data.K / 2;
        for (int i = 0; i < m; i++)
        {
            int yi = i * n;
            for (int j = 0; j < n; j++) y[yi + j] = 0;
            for (int q = 0; q < nz; q++)
            {
                float a = v[i * nz + q];
                int xr = (4 * (q >> 1) + off[i * nz + q]) * n;
                for (int j = 0; j < n; j++) y[yi + j] += a * x[xr + j];
            }
        }
    }
}
