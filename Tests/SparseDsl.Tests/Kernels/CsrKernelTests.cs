using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Specs;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>Every CSR kernel generated from Specs/CsrKernels.sparse against the naive dense reference.</summary>
public class CsrKernelTests
{
    public static IEnumerable<TheoryDataRow<int>> Cases() => Enumerable.Range(0, Adversarial().Count()).Select(i => new TheoryDataRow<int>(i));

    /// <summary>
    /// The cases of <see cref="MatMat"/>: those up to 40,000 entries (the dense reference of the widest cases is slow;
    /// they are covered by <see cref="MatVec"/> and <see cref="MultiThreadedEqualsSingleThreaded"/>). Filtered here so
    /// that every row asserts.
    /// </summary>
    public static IEnumerable<TheoryDataRow<int>> MatMatCases() => Enumerable.Range(0, Adversarial().Count())
        .Where(i => (long)Case(i).Rows * Case(i).Columns <= 40_000)
        .Select(i => new TheoryDataRow<int>(i));

    private static TestMatrix Case(int index) => Adversarial().ElementAt(index);

    /// <summary>(alpha, beta) pairs: beta = 0 must overwrite a NaN-filled y; alpha = 0 leaves only beta * y.</summary>
    private static readonly (double Alpha, double Beta)[] Coefficients = { (1.5, 0), (-0.5, 2), (0, 1), (1, -1) };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatVec(int index)
    {
        var m = Case(index);
        var f32 = m.ToCsr<float>();
        var f64 = m.ToCsr<double>();
        CheckMatVec<float>(m, "SpmvF32", (x, y) => CsrKernels.SpmvF32(f32, x, y));
        CheckMatVec<double>(m, "SpmvF64", (x, y) => CsrKernels.SpmvF64(f64, x, y));
        foreach (var (alpha, beta) in Coefficients)
        {
            CheckMatVec<float>(m, "AxpbyF32", (x, y) => CsrKernels.AxpbyF32(f32, x, y, (float)alpha, (float)beta), alpha, beta);
            CheckMatVec<double>(m, "AxpbyF64", (x, y) => CsrKernels.AxpbyF64(f64, x, y, alpha, beta), alpha, beta);
        }
        CheckMatVec<double>(m, "ScaledF64", (x, y) => CsrKernels.ScaledF64(f64, x, y), 2.5, -1);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatVecWithInt64Indices(int index)
    {
        var m = Case(index);
        var wide = m.ToCsr64<double>();
        CheckMatVec<double>(m, "Spmv64", (x, y) => CsrKernels.Spmv64(wide, x, y));
        CheckMatVec<double>(m, "SpmvT64", (x, y) => CsrKernels.SpmvT64(wide, x, y), transposed: true);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TransposedMatVec(int index)
    {
        var m = Case(index);
        var f32 = m.ToCsr<float>();
        CheckMatVec<double>(m, "SpmvTF64", (x, y) => CsrKernels.SpmvTF64(m.ToCsr<double>(), x, y), transposed: true);
        foreach (var (alpha, beta) in Coefficients)
            CheckMatVec<float>(m, "SpmvTAxpbyF32", (x, y) => CsrKernels.SpmvTAxpbyF32(f32, x, y, (float)alpha, (float)beta), alpha, beta, transposed: true);
    }

    [Theory]
    [MemberData(nameof(MatMatCases))]
    public void MatMat(int index)
    {
        var m = Case(index);
        var f64 = m.ToCsr<double>();
        var f32 = m.ToCsr<float>();
        foreach (int k in new[] { 1, 3, 8, 17, 33 })
        {
            CheckMatMat<double>(m, "SpmmF64", k, (x, y) => CsrKernels.SpmmF64(f64, x, y));
            foreach (var (alpha, beta) in Coefficients)
                CheckMatMat<float>(m, "SpmmAxpbyF32", k, (x, y) => CsrKernels.SpmmAxpbyF32(f32, x, y, (float)alpha, (float)beta), alpha, beta);
        }
    }

    [Fact]
    public void MultiThreadedEqualsSingleThreaded()
    {
        foreach (var m in ForThreading())
        {
            var a = m.ToCsr<double>();
            var a32 = m.ToCsr<float>();
            var x = Vector(m.Columns, 5);
            var x32 = Cast<float>(x);
            var xs = Vector(m.Columns * 5, 6);
            var single = new double[m.Rows];
            var multi = new double[m.Rows];
            var single32 = new float[m.Rows];
            var multi32 = new float[m.Rows];
            var singleMm = new DenseMatrix<double>(m.Rows, 5);
            var multiMm = new DenseMatrix<double>(m.Rows, 5);
            var wide = m.ToCsr64<double>();
            var singleWide = new double[m.Rows];
            var multiWide = new double[m.Rows];
            SingleThreaded(() =>
            {
                CsrKernels.AxpbyF64(a, x, single, 2, 0);
                CsrKernels.SpmvF32(a32, x32, single32);
                CsrKernels.SpmmF64(a, new DenseMatrix<double>(m.Columns, 5, xs), singleMm);
                CsrKernels.Spmv64(wide, x, singleWide);
            });
            WithThreads(4, () =>
            {
                CsrKernels.AxpbyF64(a, x, multi, 2, 0);
                CsrKernels.SpmvF32(a32, x32, multi32);
                CsrKernels.SpmmF64(a, new DenseMatrix<double>(m.Columns, 5, xs), multiMm);
                CsrKernels.Spmv64(wide, x, multiWide);
            });
            // Every row is computed by the same code either way, so results are bit-identical.
            Assert.Equal(single, multi);
            Assert.Equal(single32, multi32);
            Assert.Equal(singleMm.Values, multiMm.Values);
            Assert.Equal(singleWide, multiWide);
            var (expected, magnitude) = KernelTestData.MatVec(m, x, null, 2, null);
            AssertClose<double>(expected, magnitude, multi, "AxpbyF64 multi-threaded");
        }
    }

    [Fact]
    public void ShapeErrorsNameTheOperand()
    {
        var a = KernelTestData.Random(7, 5, 0.5, seed: 1).ToCsr<double>();
        var tooShort = Assert.Throws<ShapeMismatchException>(() => CsrKernels.SpmvF64(a, new double[4], new double[7]));
        Assert.Equal("SpmvF64: x has length 4 but A has 5 columns", tooShort.Message.Split(" (Parameter")[0]);
        Assert.Equal("x", tooShort.ParamName);
        var badY = Assert.Throws<ShapeMismatchException>(() => CsrKernels.AxpbyF64(a, new double[5], new double[6], 1, 0));
        Assert.Contains("y has length 6 but A has 7 rows", badY.Message);
        var badT = Assert.Throws<ShapeMismatchException>(() => CsrKernels.SpmvTF64(a, new double[5], new double[5]));
        Assert.Contains("x has length 5", badT.Message);
        var badX = Assert.Throws<ShapeMismatchException>(() => CsrKernels.SpmmF64(a, new DenseMatrix<double>(4, 2), new DenseMatrix<double>(7, 2)));
        Assert.Contains("X has 4 rows but A has 5 columns", badX.Message);
        var badK = Assert.Throws<ShapeMismatchException>(() => CsrKernels.SpmmF64(a, new DenseMatrix<double>(5, 2), new DenseMatrix<double>(7, 3)));
        Assert.Contains("Y has 3 columns but X has 2 columns", badK.Message);
        Assert.Throws<ShapeMismatchException>(() => CsrKernels.SpmmF64(a, new DenseMatrix<double>(5, 2, DenseLayout.ColumnMajor), new DenseMatrix<double>(7, 2)));
        Assert.Throws<ArgumentNullException>(() => CsrKernels.SpmvF64(null!, new double[5], new double[7]));
        var shared = new double[12];
        var aliased = Assert.Throws<ArgumentException>(() => CsrKernels.SpmvF64(a, shared.AsSpan(0, 5), shared.AsSpan(2, 7)));
        Assert.IsNotType<ShapeMismatchException>(aliased);
        var wide = KernelTestData.Random(7, 5, 0.5, seed: 1).ToCsr64<double>();
        Assert.Throws<ShapeMismatchException>(() => CsrKernels.Spmv64(wide, new double[5], new double[8]));
    }

    [Fact]
    public void RandomMatricesAtVectorWidthBoundaries()
    {
        // Row lengths around multiples of 4, 8, 16 and 32 exercise the unrolled, single-vector and scalar tails.
        for (int perRow = 1; perRow <= 70; perRow++)
        {
            var m = FixedPerRow(9, 80, perRow, seed: 300 + perRow);
            CheckMatVec<double>(m, "SpmvF64", (x, y) => CsrKernels.SpmvF64(m.ToCsr<double>(), x, y));
            CheckMatVec<float>(m, "SpmvF32", (x, y) => CsrKernels.SpmvF32(m.ToCsr<float>(), x, y));
        }
    }
}
