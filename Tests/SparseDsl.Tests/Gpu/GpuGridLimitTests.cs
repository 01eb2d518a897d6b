using System;
using System.Linq;
using System.Numerics;
using SparseDsl.Specs;
using SparseDsl.Tests.Specs;
using Xunit;

namespace SparseDsl.Tests.Gpu;

/// <summary>
/// Y = A * X launchers at sizes past the 65,535 limit of a grid's Y and Z slots (rows, block rows, lanes, nonzeros for
/// COO, columns for CSC), on the CPU accelerator, against <see cref="ReferenceKernels"/>. Few nonzeros and k = 2 keep
/// them cheap.
/// </summary>
[Collection(GpuCollection.Name)]
public class GpuGridLimitTests(GpuFixture fixture)
{
    private const int Large = 70_000; // > 65,535
    private const int K = 2;
    private readonly GpuDevice _device = fixture.Device;

    /// <summary>rows x columns with an entry in every <paramref name="step"/>-th row (and in every row for step 1).</summary>
    private static CsrMatrix<T> Sparse<T>(int rows, int columns, int step) where T : unmanaged, INumber<T>
    {
        var triplets = Enumerable.Range(0, rows).Where(r => r % step == 0)
            .Select(r => (r, (r / step) % columns, T.CreateChecked(1 + (r % 13) / 8.0)));
        return CsrMatrix<T>.FromCoo(CooMatrix<T>.FromTriplets(rows, columns, triplets));
    }

    private static DenseMatrix<T> Input<T>(int rows) where T : unmanaged, INumber<T>
        => new(rows, K, Enumerable.Range(0, rows * K).Select(i => T.CreateChecked((i % 7) - 3 + 0.5)).ToArray());

    private void Check<T>(string label, int rows, int columns, Action<DenseMatrix<T>, DenseMatrix<T>> reference, Action<DeviceDenseMatrix<T>, DeviceDenseMatrix<T>> launch)
        where T : unmanaged, INumber<T>
    {
        var x = Input<T>(columns);
        var expected = new DenseMatrix<T>(rows, K);
        reference(x, expected);
        using var dx = _device.Upload(x);
        using var dy = _device.Upload(new DenseMatrix<T>(rows, K, Enumerable.Repeat(T.CreateChecked(double.NaN), rows * K).ToArray()));
        launch(dx, dy);
        var actual = new DenseMatrix<T>(rows, K);
        dy.Download(actual);
        for (int i = 0; i < rows * K; i++)
            Assert.True(expected.Values[i] == actual.Values[i], $"{label}: Y[{i / K}, {i % K}] = {actual.Values[i]}, expected {expected.Values[i]}");
    }

    [Fact]
    public void CompressedAndDenseLaunchersRunPastTheGridLimit()
    {
        var csr = Sparse<double>(Large, 3, 97);
        using var dCsr = _device.Upload(csr);
        Check<double>("SpmmF64", Large, 3, (x, y) => ReferenceKernels.MatMat(csr, x, y, 1.0, 0.0), (x, y) => CsrKernels.Gpu.SpmmF64(dCsr, x, y));
        var csr32 = Sparse<float>(Large, 3, 97);
        using var dCsr32 = _device.Upload(csr32);
        Check<float>("SpmmAxpbyF32", Large, 3, (x, y) => ReferenceKernels.MatMat(csr32, x, y, 2f, 0f), (x, y) => CsrKernels.Gpu.SpmmAxpbyF32(dCsr32, x, y, 2f, 0f));

        var wide = Sparse<double>(Large, 3, 1).Transpose(); // 3 rows, Large columns, one entry per column
        var csc = wide.ToCsc();
        using var dCsc = _device.Upload(csc);
        Check<double>("CscSpmm (columns)", 3, Large, (x, y) => ReferenceKernels.MatMat(csc, x, y, 1.0, 0.0), (x, y) => GridLimits.Gpu.CscSpmm(dCsc, x, y));

        var coo = Sparse<double>(Large, 3, 1).ToCoo(); // one nonzero per row: Large nonzeros
        using var dCoo = _device.Upload(coo);
        Check<double>("CooSpmm (nonzeros)", Large, 3, (x, y) => ReferenceKernels.MatMat(coo, x, y, 1.0, 0.0), (x, y) => GridLimits.Gpu.CooSpmm(dCoo, x, y));

        var dense = Sparse<double>(Large, 2, 97).ToDense();
        using var dDense = _device.Upload(dense);
        Check<double>("DenseMm", Large, 2, (x, y) => ReferenceKernels.MatMat(dense, x, y, 1.0, 0.0), (x, y) => CsrKernels.Gpu.DenseMm(dDense, x, y));
    }

    [Fact]
    public void StructuredLaunchersRunPastTheGridLimit()
    {
        int blockRows = 65_600; // block rows past the limit
        var bsr = BsrMatrix<float>.FromCsr(Sparse<float>(blockRows * 4, 4, 389), 4, 4);
        using var dBsr = _device.Upload(bsr);
        Check<float>("Bsr4Spmm", blockRows * 4, 4, (x, y) => ReferenceKernels.MatMat(bsr, x, y, 1.5f, 0f), (x, y) => BsrKernels.Gpu.Bsr4Spmm(dBsr, x, y, 1.5f, 0f));

        var nm = NmMatrix<float>.FromCsr(Sparse<float>(Large, 4, 97), 2, 4);
        using var dNm = _device.Upload(nm);
        Check<float>("Nm24Project", Large, 4, (x, y) => ReferenceKernels.MatMat(nm, x, y, 1f, 0f), (x, y) => NmKernels.Gpu.Nm24Project(dNm, x, y));

        var sell = SellMatrix<float>.FromCsr(Sparse<float>(Large, 3, 97), 16, 128);
        using var dSell = _device.Upload(sell);
        Check<float>("Sell16Spmm", Large, 3, (x, y) => ReferenceKernels.MatMat(sell, x, y, 1f, 0f), (x, y) => SellKernels.Gpu.Sell16Spmm(dSell, x, y));

        var dia = DiaMatrix<double>.FromCsr(CsrMatrix<double>.FromCoo(CooMatrix<double>.FromTriplets(Large, Large, Enumerable.Range(0, Large).Select(i => (i, i, 1.0 + i % 5)))));
        using var dDia = _device.Upload(dia);
        Check<double>("DiaSpmm", Large, Large, (x, y) => ReferenceKernels.MatMat(dia, x, y, 1.0, 0.0), (x, y) => DiaKernels.Gpu.DiaSpmm(dDia, x, y));

        var grid = new GridShape(350, 200); // 70,000 points
        Check<double>("Apply2DMany", grid.PointCount, grid.PointCount, (x, y) => StencilKernels.Apply2DMany(grid, x, y), (x, y) => StencilKernels.Gpu.Apply2DMany(grid, x, y));
    }

    [Fact]
    public void AThreadCountPastTheLaunchLimitNamesTheKernelAndTheSizes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GpuLaunch.Threads(70_000, 40_000, "SpmmF64"));
        Assert.Contains("SpmmF64", e.Message);
        Assert.Contains("70000 x 40000 = 2800000000", e.Message);
        Assert.Equal(140_000, GpuLaunch.Threads(70_000, 2, "SpmmF64"));
    }
}
