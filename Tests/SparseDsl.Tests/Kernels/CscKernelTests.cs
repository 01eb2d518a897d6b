using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Specs;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>The CSC kernels of Specs/CsrKernels.sparse against the naive dense reference.</summary>
public class CscKernelTests
{
    public static IEnumerable<TheoryDataRow<int>> Cases() => Enumerable.Range(0, Adversarial().Count()).Select(i => new TheoryDataRow<int>(i));

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScatterAndGather(int index)
    {
        var m = Adversarial().ElementAt(index);
        var a = m.ToCsc<double>();
        foreach (var (alpha, beta) in new[] { (1.5, 0.0), (-0.5, 2.0), (0.0, 1.0) })
            CheckMatVec<double>(m, "CscAxpby", (x, y) => CsrKernels.CscAxpby(a, x, y, alpha, beta), alpha, beta);
        CheckMatVec<double>(m, "CscSpmvT", (x, y) => CsrKernels.CscSpmvT(a, x, y), transposed: true);
    }

    [Fact]
    public void MultiThreadedGatherEqualsSingleThreaded()
    {
        foreach (var m in ForThreading())
        {
            var a = m.ToCsc<double>();
            var x = Vector(m.Rows, 3);
            var single = new double[m.Columns];
            var multi = new double[m.Columns];
            SingleThreaded(() => CsrKernels.CscSpmvT(a, x, single));
            WithThreads(4, () => CsrKernels.CscSpmvT(a, x, multi));
            Assert.Equal(single, multi);
            CheckMatVec<double>(m, "CscSpmvT", (xs, y) => WithThreadsSpanless(a, xs.ToArray(), y.Length).AsSpan().CopyTo(y), transposed: true);
        }
    }

    private static double[] WithThreadsSpanless(CscMatrix<double> a, double[] x, int length)
    {
        var y = new double[length];
        WithThreads(3, () => CsrKernels.CscSpmvT(a, x, y));
        return y;
    }

    [Fact]
    public void ShapeErrorsNameTheOperand()
    {
        var a = KernelTestData.Random(4, 6, 0.5, seed: 2).ToCsc<double>();
        var e = Assert.Throws<ShapeMismatchException>(() => CsrKernels.CscAxpby(a, new double[4], new double[4], 1, 0));
        Assert.Contains("CscAxpby: x has length 4 but A has 6 columns", e.Message);
        var t = Assert.Throws<ShapeMismatchException>(() => CsrKernels.CscSpmvT(a, new double[4], new double[4]));
        Assert.Contains("CscSpmvT: y has length 4", t.Message);
    }
}
