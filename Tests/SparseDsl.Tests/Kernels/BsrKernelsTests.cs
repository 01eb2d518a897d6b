using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.IR;
using SparseDsl.Language.Text;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// Shared by the BSR, N:M, SELL, DIA and stencil kernel tests: the corpus specs compiled to IR and emitted in memory
/// (each test run compiles the kernels of Specs/*.sparse afresh, independent of the copies built into this assembly),
/// and invocation helpers.
/// Every result is compared with the naive dense reference of <see cref="KernelTestData"/>.
/// </summary>
internal static class FormatKernelHarness
{
    public delegate void MatVec<TM, T>(TM a, ReadOnlySpan<T> x, Span<T> y);
    public delegate void MatVecAlphaBeta<TM, T>(TM a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta);

    public static KernelIr Kernel(string name, KernelAction operation, StorageFormat format, string text,
        Scalar? alpha = null, Scalar? beta = null, string matrix = "A")
        => TestIr.Kernel(name, operation, format, text, alpha, beta, matrix);

    /// <summary>A spec of the corpus (Specs/), compiled to IR; it must compile without diagnostics.</summary>
    public static SpecIr CorpusSpec(string fileName)
    {
        var compilation = SpecCompiler.Compile("Specs/" + fileName, GeneratorHarness.ReadSpec(fileName));
        Assert.Empty(compilation.Diagnostics);
        return compilation.Ir!;
    }

    /// <summary>The format of one kernel of a spec.</summary>
    public static StorageFormat FormatOf(SpecIr spec, string kernel) => spec.Kernels.Single(k => k.Name == kernel).Matrix.Storage;

    /// <summary>Emits the spec, asserts it is specialized (no SPD200) and compiles without warnings, and loads it.</summary>
    public static Type Compile(SpecIr spec, string assemblyName)
    {
        var result = SpecEmitter.Emit(spec, spec.FilePath);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileDiagnostics(result.Source));
        var assembly = GeneratorHarness.CompileAndLoad(result.Source, assemblyName);
        return assembly.GetType(spec.Namespace + "." + spec.ClassName)!;
    }

    public static TDelegate Method<TDelegate>(Type type, string name) where TDelegate : Delegate
        => type.Kernel(name).CreateDelegate<TDelegate>();

    /// <summary>
    /// Runs <paramref name="body"/> once single-threaded and once split into as many parts as possible (4 threads,
    /// the minimum work per thread lowered to 1), through the calling thread's current <see cref="SparseContext"/>
    /// (<see cref="KernelTestData.WithThreads"/>): the process-wide settings are not touched, so no lock is needed.
    /// </summary>
    public static void SingleAndMultiThreaded(Type kernels, Action<string> body)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        KernelTestData.WithThreads(1, () => body("single-threaded"));
        KernelTestData.WithThreads(4, () => body("4 parts"));
    }

    /// <summary>The epilogues every kernel is checked with: (alpha, beta) for kernels with both as parameters.</summary>
    public static IEnumerable<(double Alpha, double Beta)> AlphaBetaCases()
    {
        yield return (1.5, 0);      // beta = 0: y is overwritten even when it holds NaN
        yield return (-0.5, 2);
        yield return (0, 1);
    }

    /// <summary>
    /// Checks y = alpha * op(A) * x + beta * y for one kernel: <paramref name="run"/> calls it with (x, y, alpha, beta);
    /// beta null = the kernel overwrites (y starts as NaN), betaLiteral = the spec's literal beta (y = A * x + y).
    /// </summary>
    public static void CheckMatVec<T>(TestMatrix m, bool transposed, string context, Action<T[], T[], T, T> run, bool alphaBeta, double? betaLiteral = null)
        where T : unmanaged, INumber<T>
    {
        int inLength = transposed ? m.Rows : m.Columns, outLength = transposed ? m.Columns : m.Rows;
        var x = KernelTestData.Vector(inLength, 7);
        var cases = alphaBeta ? AlphaBetaCases().ToArray() : new[] { (1.0, betaLiteral ?? 0) };
        foreach (var (alpha, beta) in cases)
        {
            bool readsY = alphaBeta ? beta != 0 : betaLiteral is not null;
            var y0 = readsY ? KernelTestData.Vector(outLength, 8) : Enumerable.Repeat(double.NaN, outLength).ToArray();
            var y = KernelTestData.Cast<T>(y0);
            run(KernelTestData.Cast<T>(x), y, T.CreateChecked(alpha), T.CreateChecked(beta));
            var (expected, magnitude) = KernelTestData.MatVec(m, x, readsY ? y0 : null, alpha, readsY ? beta : null, transposed);
            KernelTestData.AssertClose<T>(expected, magnitude, y, $"{context} alpha={alpha} beta={beta}");
        }
    }

    /// <summary>Checks Y = alpha * A * X + beta * Y for k columns of X (k = 0 included by the callers).</summary>
    public static void CheckMatMat<T>(TestMatrix m, int k, string context, Action<DenseMatrix<T>, DenseMatrix<T>, T, T> run, bool alphaBeta)
        where T : unmanaged, INumber<T>
    {
        var x = KernelTestData.Vector(m.Columns * k, 9);
        var cases = alphaBeta ? AlphaBetaCases().ToArray() : new[] { (1.0, 0.0) };
        foreach (var (alpha, beta) in cases)
        {
            bool readsY = beta != 0;
            var y0 = readsY ? KernelTestData.Vector(m.Rows * k, 10) : Enumerable.Repeat(double.NaN, m.Rows * k).ToArray();
            // Fresh arrays even when empty (Cast returns the shared Array.Empty for both X and Y).
            var xm = new DenseMatrix<T>(m.Columns, k, new T[x.Length]);
            var ym = new DenseMatrix<T>(m.Rows, k, new T[y0.Length]);
            KernelTestData.Cast<T>(x).CopyTo(xm.Values, 0);
            KernelTestData.Cast<T>(y0).CopyTo(ym.Values, 0);
            run(xm, ym, T.CreateChecked(alpha), T.CreateChecked(beta));
            var (expected, magnitude) = KernelTestData.MatMat(m, x, k, readsY ? y0 : null, alpha, readsY ? beta : null);
            KernelTestData.AssertClose<T>(expected, magnitude, ym.Values, $"{context} k={k} alpha={alpha} beta={beta}");
        }
    }

    /// <summary>The column counts of X the MatMat kernels are checked with: 0, 1, odd, below/above every vector width, 64.</summary>
    public static readonly int[] MatMatColumns = { 0, 1, 3, 8, 17, 64, 70 };

    /// <summary>Expects a ShapeMismatchException (possibly wrapped by reflection) whose message contains every fragment.</summary>
    public static void AssertShapeMismatch(Action call, params string[] fragments)
    {
        var error = Assert.Throws<ShapeMismatchException>(call);
        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message);
    }
}

/// <summary>BSR kernels of Specs/BsrKernels.sparse (the BSR kernels of Benchmarks/Kernels.sparse have the same shapes).</summary>
public class BsrKernelsTests
{
    internal static SpecIr Spec() => FormatKernelHarness.CorpusSpec("BsrKernels.sparse");

    private static readonly Lazy<Type> Kernels = new(() => FormatKernelHarness.Compile(Spec(), "CorpusBsr"));

    /// <summary>The matrix padded to whole blocks (what the BSR operator multiplies).</summary>
    internal static TestMatrix Padded(TestMatrix m, int r, int c)
        => new(m.Name, (m.Rows + r - 1) / r * r, (m.Columns + c - 1) / c * c, m.Entries);

    /// <summary>BSR arrays of a matrix whose sizes are block multiples; with <paramref name="zeroBlocks"/> some all-zero blocks are stored too.</summary>
    internal static BsrMatrix<T> ToBsr<T>(TestMatrix m, int r, int c, bool zeroBlocks) where T : unmanaged, INumber<T>
    {
        int blockRows = m.Rows / r, blockColumns = m.Columns / c;
        var pointers = new int[blockRows + 1];
        var columns = new List<int>();
        var values = new List<T>();
        for (int bi = 0; bi < blockRows; bi++)
        {
            for (int bj = 0; bj < blockColumns; bj++)
            {
                bool any = false;
                for (int i = 0; i < r && !any; i++)
                    for (int j = 0; j < c && !any; j++)
                        any = m.Entries.Any(e => e.Row == bi * r + i && e.Column == bj * c + j);
                if (!any && !(zeroBlocks && (bi + bj) % 3 == 0)) continue;
                columns.Add(bj);
                for (int i = 0; i < r; i++)
                    for (int j = 0; j < c; j++)
                        values.Add(T.CreateChecked(m.Dense[bi * r + i, bj * c + j]));
            }
            pointers[bi + 1] = columns.Count;
        }
        return new BsrMatrix<T>(blockRows, blockColumns, r, c, pointers, columns.ToArray(), values.ToArray());
    }

    internal static IEnumerable<TestMatrix> Matrices()
    {
        foreach (var m in KernelTestData.Adversarial().Where(m => m.Rows * m.Columns <= 40_000)) yield return m;
        yield return KernelTestData.Random(96, 128, 0.05, seed: 31, name: "random blocks 96x128");
        yield return KernelTestData.Random(37, 5, 0.5, seed: 32, name: "tall 37x5");
    }

    private static void CheckAll<T>(string kernel, int r, int c, bool transposed, bool alphaBeta, double? betaLiteral = null) where T : unmanaged, INumber<T>
    {
        var type = Kernels.Value;
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var original in Matrices())
            {
                var m = Padded(original, r, c);
                foreach (bool zeroBlocks in new[] { false, true })
                {
                    var a = ToBsr<T>(m, r, c, zeroBlocks);
                    string context = $"{kernel} {m} zero blocks={zeroBlocks} {threads}";
                    if (alphaBeta)
                    {
                        var f = FormatKernelHarness.Method<FormatKernelHarness.MatVecAlphaBeta<BsrMatrix<T>, T>>(type, kernel);
                        FormatKernelHarness.CheckMatVec<T>(m, transposed, context, (x, y, alpha, beta) => f(a, x, y, alpha, beta), alphaBeta: true);
                    }
                    else
                    {
                        var f = FormatKernelHarness.Method<FormatKernelHarness.MatVec<BsrMatrix<T>, T>>(type, kernel);
                        FormatKernelHarness.CheckMatVec<T>(m, transposed, context, (x, y, _, _) => f(a, x, y), alphaBeta: false, betaLiteral);
                    }
                }
            }
        });
    }

    [Fact] public void Bsr4SpmvMatchesDenseReference() => CheckAll<double>("Bsr4Spmv", 4, 4, transposed: false, alphaBeta: false);
    [Fact] public void Bsr4AxpbyMatchesDenseReference() => CheckAll<double>("Bsr4Axpby", 4, 4, transposed: false, alphaBeta: true);
    [Fact] public void Bsr4SpmvF32MatchesDenseReference() => CheckAll<float>("Bsr4SpmvF32", 4, 4, transposed: false, alphaBeta: false);
    [Fact] public void Bsr4SpmvTMatchesDenseReference() => CheckAll<double>("Bsr4SpmvT", 4, 4, transposed: true, alphaBeta: false);
    [Fact] public void Bsr2x3SpmvAddsToYAndMatchesDenseReference() => CheckAll<double>("Bsr2x3Spmv", 2, 3, transposed: false, alphaBeta: false, betaLiteral: 1);
    [Fact] public void Bsr2x3SpmvTMatchesDenseReference() => CheckAll<double>("Bsr2x3SpmvT", 2, 3, transposed: true, alphaBeta: false);

    [Fact]
    public void Bsr4SpmmMatchesDenseReference()
    {
        var type = Kernels.Value;
        var method = type.Kernel("Bsr4Spmm");
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var original in Matrices().Where(m => m.Rows * m.Columns <= 5000))
            {
                var m = Padded(original, 4, 4);
                var a = ToBsr<float>(m, 4, 4, zeroBlocks: true);
                foreach (int k in FormatKernelHarness.MatMatColumns)
                    FormatKernelHarness.CheckMatMat<float>(m, k, $"Bsr4Spmm {m} {threads}", (x, y, alpha, beta) => method.Invoke(null, new object[] { a, x, y, alpha, beta }), alphaBeta: true);
            }
        });
    }

    [Fact]
    public void MismatchedBlockSizeIsRejected()
    {
        var spmv = FormatKernelHarness.Method<FormatKernelHarness.MatVec<BsrMatrix<double>, double>>(Kernels.Value, "Bsr4Spmv");
        var m = Padded(KernelTestData.Random(8, 8, 0.5, seed: 3), 2, 2);
        var a = ToBsr<double>(m, 2, 2, zeroBlocks: false);
        FormatKernelHarness.AssertShapeMismatch(() => spmv(a, new double[8], new double[8]), "Bsr4Spmv", "2x2", "4x4");
        var odd = FormatKernelHarness.Method<FormatKernelHarness.MatVec<BsrMatrix<double>, double>>(Kernels.Value, "Bsr2x3Spmv");
        var b = ToBsr<double>(Padded(m, 3, 2), 3, 2, zeroBlocks: false);
        FormatKernelHarness.AssertShapeMismatch(() => odd(b, new double[b.Columns], new double[b.Rows]), "3x2", "2x3");
    }

    [Fact]
    public void WrongVectorLengthIsRejected()
    {
        var spmv = FormatKernelHarness.Method<FormatKernelHarness.MatVec<BsrMatrix<double>, double>>(Kernels.Value, "Bsr4Spmv");
        var a = ToBsr<double>(Padded(KernelTestData.Random(8, 12, 0.5, seed: 4), 4, 4), 4, 4, zeroBlocks: false);
        FormatKernelHarness.AssertShapeMismatch(() => spmv(a, new double[11], new double[8]), "x", "11", "12");
    }

    [Fact]
    public void GeneratedCodeUnrollsTheLiteralBlock()
    {
        string source = SpecEmitter.Emit(Spec(), "Specs/BsrKernels.sparse").Source;
        Assert.Contains("// 4x4 block, unrolled", source);
        Assert.Contains("sum3 += block[12] * x0 + block[13] * x1 + block[14] * x2 + block[15] * x3;", source);
        Assert.Contains("but the spec declares 4x4", source);
    }
}
