using System;
using SparseDsl.Specs;
using SparseDsl.Tests.Kernels;
using Xunit;
using static SparseDsl.Tests.Kernels.NonFiniteInputTests;

namespace SparseDsl.Tests.Gpu;

/// <summary>The GPU kernels keep Inf/NaN of untouched x positions out of SELL padding and unused N:M slots (see <see cref="NonFiniteInputTests"/>).</summary>
[Collection(GpuCollection.Name)]
public class GpuNonFiniteInputTests(GpuFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    private VectorKernel<T> OnDevice<T>(Action<DeviceVector<T>, DeviceVector<T>> launch) where T : unmanaged, System.Numerics.INumber<T>
        => (x, y) =>
        {
            using var dx = _device.Upload(x);
            using var dy = _device.Upload((ReadOnlySpan<T>)y);
            launch(dx, dy);
            dy.Download(y);
        };

    private Action<DenseMatrix<T>, DenseMatrix<T>> OnDevice<T>(Action<DeviceDenseMatrix<T>, DeviceDenseMatrix<T>> launch) where T : unmanaged, System.Numerics.INumber<T>
        => (x, y) =>
        {
            using var dx = _device.Upload(x);
            using var dy = _device.Upload(y);
            launch(dx, dy);
            dy.Download(y);
        };

    [Fact]
    public void SellAndNmKernelsMatchCsrWithInfAndNaNInX()
    {
        var m = Matrix;
        using var csr = _device.Upload(m.ToCsr<double>());
        using var sell8 = _device.Upload(SellMatrix<double>.FromCsr(m.ToCsr<double>(), 8, 64));
        using var sell16 = _device.Upload(SellKernelsTests.ToSell<float>(m, 16, 128, paddedPermutation: true));
        using var nm32 = _device.Upload(NmMatrix<float>.FromCsr(m.ToCsr<float>(), 2, 4));
        using var nm64 = _device.Upload(NmMatrix<double>.FromCsr(m.ToCsr<double>(), 2, 4));
        CheckVector<double>("Gpu.SpmvF64", false, OnDevice<double>((x, y) => CsrKernels.Gpu.SpmvF64(csr, x, y)));
        CheckVector<double>("Gpu.Sell8Spmv", false, OnDevice<double>((x, y) => SellKernels.Gpu.Sell8Spmv(sell8, x, y)));
        CheckVector<double>("Gpu.Sell8SpmvT", true, OnDevice<double>((x, y) => SellKernels.Gpu.Sell8SpmvT(sell8, x, y)));
        CheckMatrix<float>("Gpu.Sell16Spmm", OnDevice<float>((x, y) => SellKernels.Gpu.Sell16Spmm(sell16, x, y)));
        CheckVector<float>("Gpu.Nm24Spmv", false, OnDevice<float>((x, y) => NmKernels.Gpu.Nm24Spmv(nm32, x, y)));
        CheckVector<float>("Gpu.Nm24SpmvT", true, OnDevice<float>((x, y) => NmKernels.Gpu.Nm24SpmvT(nm32, x, y)));
        CheckMatrix<double>("Gpu.Nm24ProjectF64", OnDevice<double>((x, y) => NmKernels.Gpu.Nm24ProjectF64(nm64, x, y, 1.0, 0.0)));
    }
}
