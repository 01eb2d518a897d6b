using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Specs;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>The dense kernels of Specs/CsrKernels.sparse (row- and column-major) against the naive reference.</summary>
public class DenseKernelTests
{
    public static IEnumerable<TheoryDataRow<int>> Cases() => Enumerable.Range(0, Adversarial().Count())
        .Where(i => { var m = Adversarial().ElementAt(i); return (long)m.Rows * m.Columns <= 200_000; })
        .Select(i => new TheoryDataRow<int>(i));

    /// <summary>
    /// The cases of <see cref="MatMat"/>: those up to 20,000 entries (the dense reference of X·k is quadratic in the
    /// size; the larger shapes are covered by <see cref="MatVecBothLayouts"/>). Filtered here so that every row asserts.
    /// </summary>
    public static IEnumerable<TheoryDataRow<int>> MatMatCases() => Enumerable.Range(0, Adversarial().Count())
        .Where(i => { var m = Adversarial().ElementAt(i); return (long)m.Rows * m.Columns <= 20_000; })
        .Select(i => new TheoryDataRow<int>(i));

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatVecBothLayouts(int index)
    {
        var m = Adversarial().ElementAt(index);
        var row = m.ToDense<double>();
        var col = m.ToDense<double>(DenseLayout.ColumnMajor);
        foreach (var (alpha, beta) in new[] { (1.5, 0.0), (-0.5, 2.0), (0.0, 1.0) })
            CheckMatVec<double>(m, "DenseAxpby", (x, y) => CsrKernels.DenseAxpby(row, x, y, alpha, beta), alpha, beta);
        CheckMatVec<double>(m, "DenseColMv", (x, y) => CsrKernels.DenseColMv(col, x, y));
        CheckMatVec<double>(m, "DenseMvT", (x, y) => CsrKernels.DenseMvT(row, x, y), transposed: true);
    }

    [Theory]
    [MemberData(nameof(MatMatCases))]
    public void MatMat(int index)
    {
        var m = Adversarial().ElementAt(index);
        var row = m.ToDense<double>();
        foreach (int k in new[] { 1, 4, 9, 16 })
            CheckMatMat<double>(m, "DenseMm", k, (x, y) => CsrKernels.DenseMm(row, x, y));
    }

    [Fact]
    public void MultiThreadedEqualsSingleThreaded()
    {
        var m = KernelTestData.Random(301, 257, 0.6, seed: 41);
        var row = m.ToDense<double>();
        var col = m.ToDense<double>(DenseLayout.ColumnMajor);
        var x = Vector(m.Columns, 1);
        var xt = Vector(m.Rows, 2);
        double[] Run(Action<double[]> kernel, int length) { var y = new double[length]; kernel(y); return y; }
        double[] s1 = null!, s2 = null!, s3 = null!, m1 = null!, m2 = null!, m3 = null!;
        SingleThreaded(() =>
        {
            s1 = Run(y => CsrKernels.DenseAxpby(row, x, y, 2, 0), m.Rows);
            s2 = Run(y => CsrKernels.DenseColMv(col, x, y), m.Rows);
            s3 = Run(y => CsrKernels.DenseMvT(row, xt, y), m.Columns);
        });
        WithThreads(4, () =>
        {
            m1 = Run(y => CsrKernels.DenseAxpby(row, x, y, 2, 0), m.Rows);
            m2 = Run(y => CsrKernels.DenseColMv(col, x, y), m.Rows);
            m3 = Run(y => CsrKernels.DenseMvT(row, xt, y), m.Columns);
        });
        Assert.Equal(s1, m1);
        Assert.Equal(s2, m2);
        Assert.Equal(s3, m3);
        var (expected, magnitude) = KernelTestData.MatVec(m, xt, null, 1, null, transposed: true);
        AssertClose<double>(expected, magnitude, m3, "DenseMvT multi-threaded");
    }

    [Fact]
    public void WrongLayoutOrShapeIsRejected()
    {
        var m = KernelTestData.Random(3, 4, 1, seed: 5);
        var layout = Assert.Throws<ArgumentException>(() => CsrKernels.DenseColMv(m.ToDense<double>(), new double[4], new double[3]));
        Assert.Contains("column-major", layout.Message);
        var shape = Assert.Throws<ShapeMismatchException>(() => CsrKernels.DenseMvT(m.ToDense<double>(), new double[4], new double[4]));
        Assert.Contains("DenseMvT: x has length 4", shape.Message);
    }
}
