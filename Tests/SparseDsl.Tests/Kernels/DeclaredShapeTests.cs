using System;
using SparseDsl.Tests.Gpu;
using SparseDsl.Tests.Shaped;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// <c>shape: RxC</c> on a format (Specs/Shapes.sparse): the generated entry methods and GPU launchers compute as usual
/// for a matrix of the declared size and throw <see cref="ShapeMismatchException"/>, naming the sizes, for any other.
/// </summary>
public class DeclaredShapeTests
{
    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    private static double[] Vector(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new double[length];
        for (int i = 0; i < length; i++) v[i] = RandomValue(rng);
        return v;
    }

    [Fact]
    public void CsrOfTheDeclaredShapeComputesTheProduct()
    {
        var a = KernelTestData.Random(6, 4, 0.5, seed: 11);
        double[] x = Vector(4, 1), xt = Vector(6, 2), y0 = Vector(4, 3);
        var y = new double[6];
        Shapes.FixedSpmv(a.ToCsr<double>(), x, y);
        Close(MatVec(a, x, null, 1, null).Expected, y);

        var yt = (double[])y0.Clone();
        Shapes.FixedTransposed(a.ToCsr<double>(), xt, yt);
        Close(MatVec(a, xt, y0, 2, 1, transposed: true).Expected, yt);
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(6, 5)]
    [InlineData(4, 6)]
    [InlineData(0, 0)]
    public void CsrOfAnotherShapeIsRejected(int rows, int columns)
    {
        var a = KernelTestData.Random(rows, columns, 0.5, seed: 12).ToCsr<double>();
        var error = Assert.Throws<ShapeMismatchException>(() => Shapes.FixedSpmv(a, new double[columns], new double[rows]));
        Assert.Equal($"FixedSpmv: A is {rows} x {columns} but its format Fixed declares shape: 6x4", error.Message.Split(" (Parameter")[0]);
        Assert.Throws<ShapeMismatchException>(() => Shapes.FixedTransposed(a, new double[rows], new double[columns]));
    }

    [Fact]
    public void BsrAndDenseCheckTheirDeclaredShapes()
    {
        var a = KernelTestData.Random(4, 6, 0.6, seed: 13);
        var bsr = BsrMatrix<float>.FromCsr(a.ToCsr<float>(), 2, 2);
        var x = new DenseMatrix<float>(6, 3);
        for (int i = 0; i < x.Values.Length; i++) x.Values[i] = i % 5 - 2;
        var y = new DenseMatrix<float>(4, 3);
        Shapes.BlocksSpmm(bsr, x, y);
        var expected = MatMat(a, Array.ConvertAll(x.Values, v => (double)v), 3, null, 1, null).Expected;
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y.Values[i], 1e-4);

        var wrong = BsrMatrix<float>.FromCsr(KernelTestData.Random(6, 6, 0.6, seed: 14).ToCsr<float>(), 2, 2);
        var error = Assert.Throws<ShapeMismatchException>(() => Shapes.BlocksSpmm(wrong, x, new DenseMatrix<float>(6, 3)));
        Assert.StartsWith("BlocksSpmm: B is 6 x 6 but its format Blocks declares shape: 4x6", error.Message);

        var square = KernelTestData.Random(3, 3, 1.0, seed: 15);
        var ys = new double[3];
        Shapes.SquareSpmv(square.ToDense<double>(), new double[] { 1, 2, 3 }, ys);
        Close(MatVec(square, new double[] { 1, 2, 3 }, null, 1, null).Expected, ys);
        Assert.Throws<ShapeMismatchException>(() => Shapes.SquareSpmv(new DenseMatrix<double>(3, 4), new double[4], new double[3]));
    }
}

/// <summary>The GPU launchers check the declared shape as the CPU entry methods do (on ILGPU's CPU accelerator).</summary>
[Collection(GpuCollection.Name)]
public class GpuDeclaredShapeTests(GpuFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    [Fact]
    public void LauncherComputesForTheDeclaredShapeAndRejectsAnother()
    {
        var a = KernelTestData.Random(6, 4, 0.5, seed: 21);
        double[] x = { 1, -2, 0.5, 3 };
        using (var da = _device.Upload(a.ToCsr<double>()))
        using (var dx = _device.Upload(x))
        using (var dy = _device.Upload(new double[6]))
        {
            Shapes.Gpu.FixedSpmv(da, dx, dy);
            var expected = MatVec(a, x, null, 1, null).Expected;
            var actual = dy.ToArray();
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
        }

        using var wrong = _device.Upload(KernelTestData.Random(4, 4, 0.5, seed: 22).ToCsr<double>());
        using var wx = _device.Upload(new double[4]);
        using var wy = _device.Upload(new double[4]);
        var error = Assert.Throws<ShapeMismatchException>(() => Shapes.Gpu.FixedSpmv(wrong, wx, wy));
        Assert.StartsWith("FixedSpmv: A is 4 x 4 but its format Fixed declares shape: 6x4", error.Message);
    }
}
