// W4's dense comparison through OpenBLAS itself (P/Invoke, single thread), so the 2:4 kernel meets a real BLAS in
// our own BenchmarkDotNet run even where the peers' nm24 binary cannot be built (it needs AVX-512). Skipped, with a
// message, when libopenblas.so.0 is not installed (../shared/peers/run.sh installs it).
using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

internal static unsafe partial class OpenBlas
{
    private const string Lib = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111;

    public static bool Available { get; } = NativeLibrary.TryLoad(Lib, out _);

    [LibraryImport(Lib, EntryPoint = "cblas_dgemm")]
    private static partial void Dgemm(int order, int ta, int tb, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    [LibraryImport(Lib, EntryPoint = "cblas_sgemm")]
    private static partial void Sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Lib, EntryPoint = "openblas_set_num_threads")]
    public static partial void SetThreads(int n);

    [LibraryImport(Lib, EntryPoint = "openblas_get_corename")]
    private static partial IntPtr CoreName();

    public static string Core => Marshal.PtrToStringAnsi(CoreName()) ?? "?";

    /// <summary>C (m x n) = A (m x k) B (k x n), all row-major.</summary>
    public static void Gemm(int m, int n, int k, double[] a, double[] b, double[] c)
    {
        fixed (double* pa = a, pb = b, pc = c) Dgemm(RowMajor, NoTrans, NoTrans, m, n, k, 1, pa, k, pb, n, 0, pc, n);
    }

    public static void Gemm(int m, int n, int k, float[] a, float[] b, float[] c)
    {
        fixed (float* pa = a, pb = b, pc = c) Sgemm(RowMajor, NoTrans, NoTrans, m, n, k, 1, pa, k, pb, n, 0, pc, n);
    }
}

/// <summary>OpenBLAS ?gemm on the same W stored dense (its own kernel choice; single-threaded).</summary>
[BenchmarkCategory("W4")]
public class W4OpenBlas
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";

    private double[] _w64 = null!, _x64 = null!, _y64 = null!;
    private float[] _w32 = null!, _x32 = null!, _y32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        if (!OpenBlas.Available) throw new InvalidOperationException("libopenblas.so.0 is not installed (apt-get install libopenblas-dev)");
        OpenBlas.SetThreads(1);
        _f64 = Prec == "f64";
        Nm24Data d = Data.Nm24;
        double[] yref = Reference.Nm24(d, !_f64);
        string tag = $"nm24.dense_gemm {Prec} 1T OpenBLAS [{OpenBlas.Core}]";
        if (_f64)
        {
            _w64 = Data.DenseW<double>(d);
            _x64 = (double[])d.X.Clone();
            _y64 = new double[Nm24Data.M * Nm24Data.N];
            Check.Poison<double>(_y64); Gemm(); Check.Close<double>(tag, _y64, yref, Check.TolF64);
        }
        else
        {
            _w32 = Data.DenseW<float>(d);
            _x32 = Data.Convert<float>(d.X);
            _y32 = new float[Nm24Data.M * Nm24Data.N];
            Check.Poison<float>(_y32); Gemm(); Check.Close<float>(tag, _y32, yref, Check.TolF32);
        }
    }

    [Benchmark(Description = "OpenBLAS gemm dense W (P/Invoke, 1 thread)")]
    public void Gemm()
    {
        if (_f64) OpenBlas.Gemm(Nm24Data.M, Nm24Data.N, Nm24Data.K, _w64, _x64, _y64);
        else OpenBlas.Gemm(Nm24Data.M, Nm24Data.N, Nm24Data.K, _w32, _x32, _y32);
    }
}
