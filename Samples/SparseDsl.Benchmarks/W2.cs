// W2: the 5-point 2-D Laplacian on a 1000 x 1000 grid, as assembled CSR (CsrSpmvF64/F32) and matrix-free
// (StencilApply, f64 as the spec declares it), with plain C# loops and MathNet over the same data.
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

/// <summary>The generated CSR kernels on the assembled Laplacian (4,996,000 nonzeros).</summary>
[BenchmarkCategory("W2")]
public class W2LaplaceCsr
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";
    [Params(1, 2)] public int Threads { get; set; } = 1;

    private CsrMatrix<double> _a64 = null!;
    private double[] _x64 = null!, _y64 = null!;
    private CsrMatrix<float> _a32 = null!;
    private float[] _x32 = null!, _y32 = null!;
    private bool _f64;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = Threads;
        _f64 = Prec == "f64";
        CsrData d = Data.Laplacian;
        // the reference is the stencil's definition on the grid, independent of the assembled CSR
        double[] yref = Reference.Stencil(Data.Grid, _f64 ? Data.X : Reference.RoundedToFloat(Data.X));
        string tag = $"csr.laplace5pt {Prec} {Threads}T";
        if (_f64)
        {
            _a64 = Data.ToCsr<double>(d);
            _x64 = (double[])Data.X.Clone();
            _y64 = new double[d.N];
            Check.Poison<double>(_y64); Csr(); Check.Close<double>($"{tag} CsrSpmvF64", _y64, yref, Check.TolF64);
        }
        else
        {
            _a32 = Data.ToCsr<float>(d);
            _x32 = Data.Convert<float>(Data.X);
            _y32 = new float[d.N];
            Check.Poison<float>(_y32); Csr(); Check.Close<float>($"{tag} CsrSpmvF32", _y32, yref, Check.TolF32);
        }
    }

    [Benchmark(Description = "SparseDsl CsrSpmv (generated)")]
    public void Csr()
    {
        if (_f64) Benchmarks.CsrSpmvF64(_a64, _x64, _y64);
        else Benchmarks.CsrSpmvF32(_a32, _x32, _y32);
    }
}

/// <summary>The generated matrix-free StencilApply (f64) on the same grid and x.</summary>
[BenchmarkCategory("W2")]
public class W2LaplaceStencil
{
    [Params(1, 2)] public int Threads { get; set; } = 1;

    private double[] _x = null!, _y = null!;
    private readonly GridShape _grid = new(Data.Grid, Data.Grid);

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = Threads;
        _x = (double[])Data.X.Clone();
        _y = new double[_x.Length];
        Check.Poison<double>(_y); Stencil();
        Check.Close<double>($"stencil.laplace5pt f64 {Threads}T StencilApply", _y, Reference.Spmv(Data.Laplacian, Data.X, false), Check.TolF64);
    }

    [Benchmark(Description = "SparseDsl StencilApply (generated, matrix-free)")]
    public void Stencil() => Benchmarks.StencilApply(_grid, _x, _y);
}

/// <summary>Baselines on the assembled Laplacian: the plain C# CSR loop and MathNet's SparseMatrix.</summary>
[BenchmarkCategory("W2")]
public class W2LaplaceCsrBaselines
{
    [Params("f64", "f32")] public string Prec { get; set; } = "f64";

    private readonly CsrBaselines _b = new();

    [GlobalSetup]
    public void Setup() => _b.Setup(Data.Laplacian, Prec, "csr.laplace5pt");

    [Benchmark(Description = "C# plain loop (arrays)")]
    public void PlainLoop() => _b.PlainLoop();

    [Benchmark(Description = "MathNet 5.0.0 SparseMatrix.Multiply")]
    public void MathNet() => _b.MathNet();
}

/// <summary>Baseline for the matrix-free form: the plain C# stencil loop (f64, single-threaded).</summary>
[BenchmarkCategory("W2")]
public class W2LaplaceStencilBaseline
{
    private double[] _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        SparseExecution.MaxThreads = 1;
        _x = (double[])Data.X.Clone();
        _y = new double[_x.Length];
        Check.Poison<double>(_y); PlainLoop();
        Check.Close<double>("stencil.laplace5pt f64 1T plain loop", _y, Reference.Spmv(Data.Laplacian, Data.X, false), Check.TolF64);
    }

    [Benchmark(Description = "C# plain stencil loop (arrays)")]
    public void PlainLoop()
    {
        const int g = Data.Grid;
        double[] x = _x, y = _y;
        for (int r = 0; r < g; r++)
            for (int c = 0; c < g; c++)
            {
                int i = r * g + c;
                double s = 4 * x[i];
                if (r > 0) s -= x[i - g];
                if (c > 0) s -= x[i - 1];
                if (c < g - 1) s -= x[i + 1];
                if (r < g - 1) s -= x[i + g];
                y[i] = s;
            }
    }
}
