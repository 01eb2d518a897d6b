using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Language.IR;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// Every operation of the BSR, N:M, SELL, DIA and stencil formats with every form of epilogue the language allows
/// (literal alpha, -1, a scaled alpha parameter, literal beta 0 / 1 / -1 / other): the kernels compile warning-free
/// and match the dense reference, on the scalar-unfriendly sizes of one small matrix per format.
/// </summary>
public class BsrNmSellDiaStencilEpilogueTests
{
    private delegate void MatVecScaled<TM, T>(TM a, ReadOnlySpan<T> x, Span<T> y, T alpha);
    private delegate void GridMatVec<T>(GridShape grid, ReadOnlySpan<T> x, Span<T> y);
    private delegate void GridMatVecScaled<T>(GridShape grid, ReadOnlySpan<T> x, Span<T> y, T alpha);

    /// <summary>(name suffix, alpha, beta, alpha value at run time, beta value or null = overwrite).</summary>
    private static readonly (string Suffix, Scalar Alpha, Scalar Beta, double AlphaValue, double? BetaValue)[] Epilogues =
    {
        ("Literal", TestIr.Literal(2.5), Scalar.None, 2.5, null),
        ("Negated", TestIr.Literal(-1), TestIr.Literal(-1), -1, -1),
        ("PlusY", Scalar.None, TestIr.Literal(1), 1, 1),
        ("ZeroBeta", TestIr.Literal(0.5), TestIr.Literal(0), 0.5, null),
        ("ScaledParameter", TestIr.Param("alpha", 2), TestIr.Literal(3), 2 * 0.75, 3),
    };

    private static readonly KernelAction[] Operations = { KernelAction.Apply, KernelAction.ApplyTransposed, KernelAction.ApplyToBlock };

    private static StorageFormat Format(FormatKind kind) => kind switch
    {
        FormatKind.Bsr => new BsrStorage("Blocks", ScalarType.F64, IndexWidth.I32, null, BlockRows: 3, BlockColumns: 2),
        FormatKind.NM => new NmStorage("Groups", ScalarType.F32, IndexWidth.I32, null, GroupNonzeros: 2, GroupSize: 3),
        FormatKind.Sell => new SellStorage("Slices", ScalarType.F64, IndexWidth.I32, null, SliceHeight: 4, SortWindow: 8),
        FormatKind.Dia => new DiaStorage("Band", ScalarType.F32, IndexWidth.I32, null),
        _ => StencilKernelsTests.Laplace2D,
    };

    public static IEnumerable<TheoryDataRow<FormatKind>> Kinds()
        => new[] { FormatKind.Bsr, FormatKind.NM, FormatKind.Sell, FormatKind.Dia, FormatKind.Stencil }.Select(k => new TheoryDataRow<FormatKind>(k));

    private static SpecIr Spec(FormatKind kind)
    {
        var format = Format(kind);
        var kernels = new List<KernelIr>();
        foreach (var operation in Operations)
            foreach (var (suffix, alpha, beta, _, _) in Epilogues)
                kernels.Add(FormatKernelHarness.Kernel($"{operation}{suffix}", operation, format, "epilogue variant", alpha, beta));
        return TestIr.Spec("SparseDsl.HandBuilt.Epilogues", kind + "Epilogues", "Specs/" + kind + "Epilogues.sparse", kernels.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryEpilogueCompilesAndMatchesDenseReference(FormatKind kind)
    {
        var type = FormatKernelHarness.Compile(Spec(kind), "Epilogues" + kind);
        if (Format(kind).Element == ScalarType.F32) Check<float>(kind, type);
        else Check<double>(kind, type);
    }

    private static void Check<T>(FormatKind kind, Type type) where T : unmanaged, INumber<T>
    {
        var grid = new GridShape(11, 5);
        var (matrix, operand) = Operand<T>(kind, grid);
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var operation in Operations)
                foreach (var (suffix, alpha, _, alphaValue, betaValue) in Epilogues)
                {
                    string name = $"{operation}{suffix}";
                    bool scaled = alpha.Kind == ScalarKind.Parameter;
                    T alphaArgument = T.CreateChecked(0.75);
                    string context = $"{kind} {name} {threads}";
                    if (operation == KernelAction.ApplyToBlock)
                    {
                        var method = type.Kernel(name);
                        foreach (int k in new[] { 1, 5, 19 })
                        {
                            var x = KernelTestData.Vector(matrix.Columns * k, 3);
                            var y0 = betaValue is null ? Enumerable.Repeat(double.NaN, matrix.Rows * k).ToArray() : KernelTestData.Vector(matrix.Rows * k, 4);
                            var xm = new DenseMatrix<T>(matrix.Columns, k, KernelTestData.Cast<T>(x));
                            var ym = new DenseMatrix<T>(matrix.Rows, k, KernelTestData.Cast<T>(y0));
                            method.Invoke(null, scaled ? new[] { operand, xm, ym, alphaArgument } : new[] { operand, xm, ym });
                            var (expected, magnitude) = KernelTestData.MatMat(matrix, x, k, y0, alphaValue, betaValue);
                            KernelTestData.AssertClose<T>(expected, magnitude, ym.Values, $"{context} k={k}");
                        }
                        continue;
                    }
                    bool transposed = operation == KernelAction.ApplyTransposed;
                    var xv = KernelTestData.Vector(transposed ? matrix.Rows : matrix.Columns, 5);
                    int outLength = transposed ? matrix.Columns : matrix.Rows;
                    var yStart = betaValue is null ? Enumerable.Repeat(double.NaN, outLength).ToArray() : KernelTestData.Vector(outLength, 6);
                    var y = KernelTestData.Cast<T>(yStart);
                    var xs = KernelTestData.Cast<T>(xv);
                    Invoke(type, name, operand, xs, y, scaled, alphaArgument);
                    var (e, mag) = KernelTestData.MatVec(matrix, xv, yStart, alphaValue, betaValue, transposed);
                    KernelTestData.AssertClose<T>(e, mag, y, context);
                }
        });
    }

    private static void Invoke<T>(Type type, string name, object operand, T[] x, T[] y, bool scaled, T alpha) where T : unmanaged, INumber<T>
    {
        switch (operand)
        {
            case GridShape grid when scaled: FormatKernelHarness.Method<GridMatVecScaled<T>>(type, name)(grid, x, y, alpha); break;
            case GridShape grid: FormatKernelHarness.Method<GridMatVec<T>>(type, name)(grid, x, y); break;
            default:
                var generic = scaled ? typeof(BsrNmSellDiaStencilEpilogueTests).GetMethod(nameof(CallScaled), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                                     : typeof(BsrNmSellDiaStencilEpilogueTests).GetMethod(nameof(Call), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
                generic.MakeGenericMethod(operand.GetType(), typeof(T)).Invoke(null, new object[] { type, name, operand, x, y, alpha });
                break;
        }
    }

    private static void Call<TM, T>(Type type, string name, TM a, T[] x, T[] y, T alpha)
        => FormatKernelHarness.Method<FormatKernelHarness.MatVec<TM, T>>(type, name)(a, x, y);

    private static void CallScaled<TM, T>(Type type, string name, TM a, T[] x, T[] y, T alpha)
        => FormatKernelHarness.Method<MatVecScaled<TM, T>>(type, name)(a, x, y, alpha);

    /// <summary>One small matrix per format with sizes that are no multiple of any block, group, slice or vector width.</summary>
    private static (TestMatrix Matrix, object Operand) Operand<T>(FormatKind kind, GridShape grid) where T : unmanaged, INumber<T>
    {
        switch (kind)
        {
            case FormatKind.Bsr:
                var padded = BsrKernelsTests.Padded(KernelTestData.Random(13, 11, 0.3, seed: 21), 3, 2);
                return (padded, BsrKernelsTests.ToBsr<T>(padded, 3, 2, zeroBlocks: true));
            case FormatKind.NM:
                var (nm, slots, values) = NmKernelsTests.Random(14, 23, 2, 3, seed: 22);
                return (nm, NmKernelsTests.ToNm<T>(nm, slots, values, 2, 3));
            case FormatKind.Sell:
                var sell = KernelTestData.Random(19, 15, 0.25, seed: 23);
                return (sell, SellKernelsTests.ToSell<T>(sell, 4, 8, paddedPermutation: true));
            case FormatKind.Dia:
                var dia = KernelTestData.Random(21, 17, 0.2, seed: 24);
                return (dia, DiaKernelsTests.ToDia<T>(dia));
            default:
                return (StencilKernelsTests.Assemble(StencilKernelsTests.Laplace2D, grid.Nx, grid.Ny, 1), grid);
        }
    }
}
