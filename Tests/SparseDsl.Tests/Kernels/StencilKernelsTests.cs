using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Common;
using SparseDsl.Language.IR;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>Stencil kernels of Specs/StencilKernels.sparse (the Laplacians of Benchmarks/Kernels/Poisson.sparse are the same operator).</summary>
public class StencilKernelsTests
{
    internal static SpecIr Spec() => FormatKernelHarness.CorpusSpec("StencilKernels.sparse");

    internal static StencilStorage Laplace1D => (StencilStorage)FormatKernelHarness.FormatOf(Spec(), "Apply1D");
    internal static StencilStorage Laplace2D => (StencilStorage)FormatKernelHarness.FormatOf(Spec(), "Apply2D");
    internal static StencilStorage Laplace3D => (StencilStorage)FormatKernelHarness.FormatOf(Spec(), "Apply3D");
    internal static StencilStorage Advect => (StencilStorage)FormatKernelHarness.FormatOf(Spec(), "ApplyAdvect");

    private static readonly Lazy<Type> Kernels = new(() => FormatKernelHarness.Compile(Spec(), "CorpusStencil"));

    private delegate void GridMatVec<T>(GridShape grid, ReadOnlySpan<T> x, Span<T> y);
    private delegate void GridMatVecAlphaBeta<T>(GridShape grid, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta);
    private delegate void FixedGridMatVec<T>(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>The stencil assembled naively into a matrix: point p gets coefficient c at neighbour p + offset when it lies inside the grid.</summary>
    internal static TestMatrix Assemble(StencilStorage stencil, int nx, int ny, int nz)
    {
        var entries = new List<(int, int, double)>();
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    foreach (var tap in stencil.Taps)
                    {
                        int qx = x + tap.Offsets[0];
                        int qy = y + (tap.Offsets.Count > 1 ? tap.Offsets[1] : 0);
                        int qz = z + (tap.Offsets.Count > 2 ? tap.Offsets[2] : 0);
                        if (qx < 0 || qx >= nx || qy < 0 || qy >= ny || qz < 0 || qz >= nz) continue;
                        entries.Add((x + nx * (y + ny * z), qx + nx * (qy + ny * qz), tap.Coefficient));
                    }
        return new TestMatrix($"{stencil.Name} on {nx}x{ny}x{nz}", nx * ny * nz, nx * ny * nz, entries);
    }

    private static void CheckGrid<T>(string kernel, StencilStorage stencil, IEnumerable<GridShape> grids, bool alphaBeta) where T : unmanaged, INumber<T>
    {
        var type = Kernels.Value;
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var grid in grids)
            {
                var m = Assemble(stencil, grid.Nx, grid.Ny, grid.Nz);
                string context = $"{kernel} {m} {threads}";
                if (alphaBeta)
                {
                    var f = FormatKernelHarness.Method<GridMatVecAlphaBeta<T>>(type, kernel);
                    FormatKernelHarness.CheckMatVec<T>(m, false, context, (x, y, alpha, beta) => f(grid, x, y, alpha, beta), alphaBeta: true);
                }
                else
                {
                    var f = FormatKernelHarness.Method<GridMatVec<T>>(type, kernel);
                    FormatKernelHarness.CheckMatVec<T>(m, false, context, (x, y, _, _) => f(grid, x, y), alphaBeta: false);
                }
            }
        });
    }

    private static IEnumerable<GridShape> Grids2D()
    {
        foreach (int nx in new[] { 0, 1, 2, 3, 5, 8, 9, 17, 33 })
            foreach (int ny in new[] { 1, 2, 3, 7 })
                yield return new GridShape(nx, ny);
        yield return new GridShape(1, 0);
        yield return new GridShape(130, 40);
    }

    [Fact]
    public void Apply1DMatchesAssembledOperator()
        => CheckGrid<double>("Apply1D", Laplace1D, new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 100 }.Select(n => new GridShape(n)), alphaBeta: false);

    [Fact] public void Apply2DMatchesAssembledOperator() => CheckGrid<double>("Apply2D", Laplace2D, Grids2D(), alphaBeta: false);
    [Fact] public void Axpby2DMatchesAssembledOperator() => CheckGrid<double>("Axpby2D", Laplace2D, Grids2D(), alphaBeta: true);

    [Fact]
    public void Apply3DMatchesAssembledOperator()
        => CheckGrid<float>("Apply3D", Laplace3D, new[] { new GridShape(1, 1, 1), new GridShape(2, 3, 4), new GridShape(17, 5, 3), new GridShape(9, 1, 6), new GridShape(40, 6, 5), new GridShape(0, 3, 3) }, alphaBeta: false);

    [Fact]
    public void LiteralGridStencilAndItsTransposeMatchAssembledOperator()
    {
        var type = Kernels.Value;
        var m = Assemble(Advect, 64, 48, 1);
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            var apply = FormatKernelHarness.Method<FixedGridMatVec<double>>(type, "ApplyAdvect");
            FormatKernelHarness.CheckMatVec<double>(m, false, $"ApplyAdvect {threads}", (x, y, _, _) => apply(x, y), alphaBeta: false);
            var transposed = FormatKernelHarness.Method<FixedGridMatVec<double>>(type, "ApplyAdvectT");
            FormatKernelHarness.CheckMatVec<double>(m, true, $"ApplyAdvectT {threads}", (x, y, _, _) => transposed(x, y), alphaBeta: false);
        });
    }

    [Fact]
    public void Apply2DManyMatchesAssembledOperator()
    {
        var type = Kernels.Value;
        var method = type.Kernel("Apply2DMany");
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var grid in new[] { new GridShape(1, 1), new GridShape(5, 3), new GridShape(9, 4), new GridShape(0, 2) })
            {
                var m = Assemble(Laplace2D, grid.Nx, grid.Ny, 1);
                foreach (int k in FormatKernelHarness.MatMatColumns)
                    FormatKernelHarness.CheckMatMat<double>(m, k, $"Apply2DMany {m} {threads}", (x, y, _, _) => method.Invoke(null, new object[] { grid, x, y }), alphaBeta: false);
            }
        });
    }

    [Fact]
    public void GridOfTheWrongDimensionIsRejected()
    {
        var apply2D = FormatKernelHarness.Method<GridMatVec<double>>(Kernels.Value, "Apply2D");
        FormatKernelHarness.AssertShapeMismatch(() => apply2D(new GridShape(2, 2, 2), new double[8], new double[8]), "Apply2D", "2-D", "2x2x2");
        var apply1D = FormatKernelHarness.Method<GridMatVec<double>>(Kernels.Value, "Apply1D");
        FormatKernelHarness.AssertShapeMismatch(() => apply1D(new GridShape(3, 2), new double[6], new double[6]), "1-D");
        FormatKernelHarness.AssertShapeMismatch(() => apply2D(new GridShape(-2, -3), new double[6], new double[6]), "negative");
        FormatKernelHarness.AssertShapeMismatch(() => apply2D(new GridShape(3, 3), new double[8], new double[9]), "x", "8", "9");
        var advect = FormatKernelHarness.Method<FixedGridMatVec<double>>(Kernels.Value, "ApplyAdvect");
        FormatKernelHarness.AssertShapeMismatch(() => advect(new double[3072], new double[3071]), "y", "3071", "3072");
    }

    [Fact]
    public void GeneratedCodeUnrollsTheTaps()
    {
        string source = SpecEmitter.Emit(Spec(), "Specs/StencilKernels.sparse").Source;
        Assert.Contains("sum -= global::System.Runtime.Intrinsics.Vector256.Load(xLine + i - nx); // tap [0,-1] = -1", source);
        Assert.Contains("const int nx = 64;", source);
        Assert.Contains("// transpose: the taps with negated offsets", source);
    }
}
