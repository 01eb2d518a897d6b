using System;
using System.Linq;
using SparseDsl.Language.IR;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The BSR, N:M, SELL and stencil kernels of the other corpus specs (Benchmarks.sparse: the W1-W4 workloads,
/// Kernels.sparse: the README example, Poisson.sparse: the demo), emitted in memory and checked against the dense reference.
/// </summary>
public class BsrNmSellDiaStencilCorpusTests
{
    private static readonly Lazy<Type> Benchmarks = new(() => FormatKernelHarness.Compile(FormatKernelHarness.CorpusSpec("Benchmarks.sparse"), "CorpusBenchmarks"));
    private static readonly Lazy<Type> Readme = new(() => FormatKernelHarness.Compile(FormatKernelHarness.CorpusSpec("Kernels.sparse"), "CorpusReadme"));
    private static readonly Lazy<Type> Poisson = new(() => FormatKernelHarness.Compile(FormatKernelHarness.CorpusSpec("Poisson.sparse"), "CorpusPoisson"));

    private delegate void GridMatVec(GridShape grid, ReadOnlySpan<double> x, Span<double> y);

    private static readonly TestMatrix W1 = KernelTestData.FixedPerRow(301, 280, 16, seed: 61);

    [Fact]
    public void BenchmarkSellKernelsMatchDenseReference()
    {
        var type = Benchmarks.Value;
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            var f64 = FormatKernelHarness.Method<FormatKernelHarness.MatVec<SellMatrix<double>, double>>(type, "SellSpmvF64");
            var a64 = SellKernelsTests.ToSell<double>(W1, 8, 256, paddedPermutation: true);
            FormatKernelHarness.CheckMatVec<double>(W1, false, $"SellSpmvF64 {threads}", (x, y, _, _) => f64(a64, x, y), alphaBeta: false);
            var f32 = FormatKernelHarness.Method<FormatKernelHarness.MatVec<SellMatrix<float>, float>>(type, "SellSpmvF32");
            var a32 = SellKernelsTests.ToSell<float>(W1, 16, 256, paddedPermutation: false);
            FormatKernelHarness.CheckMatVec<float>(W1, false, $"SellSpmvF32 {threads}", (x, y, _, _) => f32(a32, x, y), alphaBeta: false);
        });
    }

    [Fact]
    public void BenchmarkBsrKernelsMatchDenseReference()
    {
        var type = Benchmarks.Value;
        var m = BsrKernelsTests.Padded(KernelTestData.Random(97, 101, 0.04, seed: 62), 4, 4);
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            var f64 = FormatKernelHarness.Method<FormatKernelHarness.MatVec<BsrMatrix<double>, double>>(type, "BsrSpmvF64");
            var a64 = BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks: true);
            FormatKernelHarness.CheckMatVec<double>(m, false, $"BsrSpmvF64 {threads}", (x, y, _, _) => f64(a64, x, y), alphaBeta: false);
            var f32 = FormatKernelHarness.Method<FormatKernelHarness.MatVec<BsrMatrix<float>, float>>(type, "BsrSpmvF32");
            var a32 = BsrKernelsTests.ToBsr<float>(m, 4, 4, zeroBlocks: false);
            FormatKernelHarness.CheckMatVec<float>(m, false, $"BsrSpmvF32 {threads}", (x, y, _, _) => f32(a32, x, y), alphaBeta: false);
        });
    }

    [Fact]
    public void BenchmarkNmProjectionsMatchDenseReference()
    {
        var type = Benchmarks.Value;
        var (matrix, slots, values) = NmKernelsTests.Random(33, 130, 2, 4, seed: 63);
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (int k in new[] { 1, 16, 64, 67 })
            {
                var f64 = type.Kernel("NmProjectF64");
                var w64 = NmKernelsTests.ToNm<double>(matrix, slots, values, 2, 4);
                FormatKernelHarness.CheckMatMat<double>(matrix, k, $"NmProjectF64 {threads}", (x, y, _, _) => f64.Invoke(null, new object[] { w64, x, y }), alphaBeta: false);
                var f32 = type.Kernel("NmProjectF32");
                var w32 = NmKernelsTests.ToNm<float>(matrix, slots, values, 2, 4);
                FormatKernelHarness.CheckMatMat<float>(matrix, k, $"NmProjectF32 {threads}", (x, y, _, _) => f32.Invoke(null, new object[] { w32, x, y }), alphaBeta: false);
            }
        });
    }

    [Fact]
    public void LaplacianKernelsOfEverySpecMatchTheAssembledOperator()
    {
        foreach (var (type, spec, kernel) in new[] { (Benchmarks.Value, "Benchmarks.sparse", "StencilApply"), (Readme.Value, "Kernels.sparse", "Apply"), (Poisson.Value, "Poisson.sparse", "ApplyStencil") })
        {
            var stencil = FormatKernelHarness.FormatOf(FormatKernelHarness.CorpusSpec(spec), kernel);
            var apply = FormatKernelHarness.Method<GridMatVec>(type, kernel);
            FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
            {
                foreach (var grid in new[] { new GridShape(1, 1), new GridShape(13, 7), new GridShape(40, 3) })
                {
                    var m = StencilKernelsTests.Assemble((StencilStorage)stencil, grid.Nx, grid.Ny, 1);
                    FormatKernelHarness.CheckMatVec<double>(m, false, $"{spec} {kernel} {m} {threads}", (x, y, _, _) => apply(grid, x, y), alphaBeta: false);
                }
            });
        }
    }

    [Fact]
    public void ReadmeBlockAxpbyAndProjectionMatchDenseReference()
    {
        var type = Readme.Value;
        var m = BsrKernelsTests.Padded(KernelTestData.Random(30, 26, 0.1, seed: 64), 4, 4);
        var (matrix, slots, values) = NmKernelsTests.Random(21, 38, 2, 4, seed: 65);
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            var axpby = FormatKernelHarness.Method<FormatKernelHarness.MatVecAlphaBeta<BsrMatrix<double>, double>>(type, "Axpby");
            var a = BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks: true);
            FormatKernelHarness.CheckMatVec<double>(m, false, $"Axpby {threads}", (x, y, alpha, beta) => axpby(a, x, y, alpha, beta), alphaBeta: true);
            var project = type.Kernel("Project");
            var w = NmKernelsTests.ToNm<float>(matrix, slots, values, 2, 4);
            foreach (int k in new[] { 3, 32 })
                FormatKernelHarness.CheckMatMat<float>(matrix, k, $"Project {threads}", (x, y, _, _) => project.Invoke(null, new object[] { w, x, y }), alphaBeta: false);
        });
    }
}
