using System;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using SparseDsl.Specs;
using SparseDsl.Tests.Kernels;
using Xunit;

namespace SparseDsl.Tests.Gpu;

/// <summary>Accelerator selection, the kernel cache, transfers and the launchers' operand checks.</summary>
[Collection(GpuCollection.Name)]
public class GpuDeviceTests(GpuFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    [Fact]
    public void TheCpuAcceleratorIsSelectedOnRequest()
    {
        Assert.Equal(GpuKind.Cpu, _device.Kind);
        Assert.Equal(AcceleratorType.CPU, _device.Accelerator.AcceleratorType);
        Assert.Contains("Cpu", _device.ToString());
    }

    [Theory]
    [InlineData(null, GpuKind.Auto)]
    [InlineData("", GpuKind.Auto)]
    [InlineData(" auto ", GpuKind.Auto)]
    [InlineData("cpu", GpuKind.Cpu)]
    [InlineData("CPU", GpuKind.Cpu)]
    [InlineData("cuda", GpuKind.Cuda)]
    [InlineData("Cuda", GpuKind.Cuda)]
    public void TheEnvironmentVariableIsParsed(string? value, GpuKind expected)
        => Assert.Equal(expected, GpuDevice.FromEnvironment(value));

    [Fact]
    public void AnUnknownEnvironmentValueIsRejectedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => GpuDevice.FromEnvironment("opencl"));
        Assert.Contains("SPARSEDSL_GPU=opencl", e.Message);
        Assert.Contains("cpu, cuda or auto", e.Message);
    }

    [Fact]
    public void CudaIsUsedWhenPresentAndOtherwiseRefusedClearly()
    {
        bool cuda;
        using (var probe = Context.Create(builder => builder.Cuda())) cuda = probe.Devices.Any(d => d.AcceleratorType == AcceleratorType.Cuda);
        if (cuda)
        {
            using var device = new GpuDevice(GpuKind.Cuda);
            Assert.Equal(GpuKind.Cuda, device.Kind);
            using var auto = new GpuDevice(GpuKind.Auto);
            if (GpuDevice.FromEnvironment(Environment.GetEnvironmentVariable(GpuDevice.EnvironmentVariable)) != GpuKind.Cpu) Assert.Equal(GpuKind.Cuda, auto.Kind);
        }
        else
        {
            var e = Assert.Throws<GpuUnavailableException>(() => new GpuDevice(GpuKind.Cuda));
            Assert.Contains("CUDA was requested", e.Message);
            Assert.Contains("GpuKind.Cpu", e.Message);
            using var auto = new GpuDevice(GpuKind.Auto);
            Assert.Equal(GpuKind.Cpu, auto.Kind);
        }
    }

    [Fact]
    public void KernelsAreCompiledOncePerDevice()
    {
        var m = KernelTestData.Random(9, 7, 0.4, seed: 3);
        using var a = _device.Upload(m.ToCsr<double>());
        using var x = _device.Upload(KernelTestData.Vector(7, 1));
        using var y = _device.Allocate<double>(9);
        CsrKernels.Gpu.SpmvF64(a, x, y);
        int loaded = _device.LoadedKernelCount;
        CsrKernels.Gpu.SpmvF64(a, x, y);
        CsrKernels.Gpu.SpmvF64(a, x, y);
        Assert.Equal(loaded, _device.LoadedKernelCount);

        int compiled = 0;
        Func<Accelerator, Action<Index1D, ArrayView<double>>> loader = accelerator =>
        {
            compiled++;
            return accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(Fill);
        };
        var first = _device.Kernel(loader);
        Assert.Same(first, _device.Kernel(loader));
        Assert.Equal(1, compiled);
        first(y.Length, y.View);
        Assert.All(y.ToArray(), v => Assert.Equal(7.0, v));
    }

    private static void Fill(Index1D index, ArrayView<double> values) => values[index] = 7.0;

    [Fact]
    public void VectorsAndDenseMatricesRoundTrip()
    {
        var values = KernelTestData.Vector(37, 5);
        using var v = _device.Upload(values);
        Assert.Equal(37, v.Length);
        Assert.Equal(values, v.ToArray());
        var back = new double[37];
        v.Download(back);
        Assert.Equal(values, back);
        v.Upload(new double[37]);
        Assert.All(v.ToArray(), e => Assert.Equal(0.0, e));

        using var empty = _device.Upload(Array.Empty<float>());
        Assert.Empty(empty.ToArray());
        using var zeros = _device.Allocate<float>(5);
        Assert.Equal(new float[5], zeros.ToArray());

        var host = new DenseMatrix<double>(3, 4, KernelTestData.Vector(12, 6), DenseLayout.ColumnMajor);
        using var dense = _device.Upload(host);
        Assert.Equal((3, 4, DenseLayout.ColumnMajor, 3), (dense.Rows, dense.Columns, dense.Layout, dense.Stride));
        var copy = new DenseMatrix<double>(3, 4, DenseLayout.ColumnMajor);
        dense.Download(copy);
        Assert.Equal(host.Values, copy.Values);
        Assert.Equal(host.Values, dense.ToHost().Values);
        using var allocated = _device.AllocateDense<float>(2, 5);
        Assert.Equal(new float[10], allocated.ToHost().Values);
    }

    [Fact]
    public void SparseMatricesRoundTrip()
    {
        var m = KernelTestData.Random(16, 12, 0.3, seed: 9);
        var csr = m.ToCsr<double>();
        using (var d = _device.Upload(csr))
        {
            var h = d.ToHost();
            Assert.Equal(csr.RowPointers, h.RowPointers);
            Assert.Equal(csr.ColumnIndices, h.ColumnIndices);
            Assert.Equal(csr.Values, h.Values);
            Assert.Equal(csr.NonZeroCount, d.NonZeroCount);
        }
        var csc = m.ToCsc<float>();
        using (var d = _device.Upload(csc)) Assert.Equal(csc.RowIndices, d.ToHost().RowIndices);
        var coo = m.ToCoo<double>();
        using (var d = _device.Upload(coo)) Assert.Equal(coo.Values, d.ToHost().Values);
        var bsr = BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks: true);
        using (var d = _device.Upload(bsr)) Assert.Equal(bsr.Values, d.ToHost().Values);
        var (nm, slots, slotValues) = NmKernelsTests.Random(5, 10, 2, 4, 3);
        var nmHost = NmKernelsTests.ToNm<float>(nm, slots, slotValues, 2, 4);
        using (var d = _device.Upload(nmHost)) Assert.Equal(nmHost.Indices, d.ToHost().Indices);
        var sell = SellMatrix<double>.FromCsr(csr, 8, 16);
        using (var d = _device.Upload(sell)) Assert.Equal(sell.RowPermutation, d.ToHost().RowPermutation);
        var dia = DiaKernelsTests.ToDia<double>(m);
        using (var d = _device.Upload(dia)) Assert.Equal(dia.Offsets, d.ToHost().Offsets);
    }

    [Fact]
    public void TransfersOfTheWrongLengthThrow()
    {
        using var v = _device.Allocate<double>(4);
        Assert.Throws<ShapeMismatchException>(() => v.Upload(new double[5]));
        var e = Assert.Throws<ShapeMismatchException>(() => v.Download(new double[3]));
        Assert.Contains("3 elements but the device vector has 4", e.Message);
        using var dense = _device.AllocateDense<double>(2, 3);
        Assert.Throws<ShapeMismatchException>(() => dense.Download(new DenseMatrix<double>(3, 2)));
        Assert.Throws<ShapeMismatchException>(() => dense.Download(new DenseMatrix<double>(2, 3, DenseLayout.ColumnMajor)));
    }

    [Fact]
    public void LaunchersCheckShapesBeforeLaunching()
    {
        var m = KernelTestData.Random(5, 3, 0.5, seed: 2);
        using var a = _device.Upload(m.ToCsr<double>());
        using var x3 = _device.Allocate<double>(3);
        using var x4 = _device.Allocate<double>(4);
        using var y5 = _device.Allocate<double>(5);
        using var y6 = _device.Allocate<double>(6);
        Assert.Contains("SpmvF64: x has length 4 but A has 3 columns", Assert.Throws<ShapeMismatchException>(() => CsrKernels.Gpu.SpmvF64(a, x4, y5)).Message);
        Assert.Contains("SpmvF64: y has length 6 but A has 5 rows", Assert.Throws<ShapeMismatchException>(() => CsrKernels.Gpu.SpmvF64(a, x3, y6)).Message);
        Assert.Contains("SpmvTF64: x has length 3 but A' has 5 columns", Assert.Throws<ShapeMismatchException>(() => CsrKernels.Gpu.SpmvTF64(a, x3, y5)).Message);
        Assert.Throws<ArgumentNullException>(() => CsrKernels.Gpu.SpmvF64(a, null!, y5));

        using var square = _device.Upload(KernelTestData.Random(4, 4, 0.5, seed: 1).ToCsr<double>());
        using var v4 = _device.Allocate<double>(4);
        Assert.Contains("the output needs its own memory", Assert.Throws<ArgumentException>(() => CsrKernels.Gpu.SpmvF64(square, v4, v4)).Message);

        using var x = _device.AllocateDense<double>(3, 2);
        using var y = _device.AllocateDense<double>(5, 3);
        Assert.Contains("SpmmF64: Y has 3 columns but X has 2 columns", Assert.Throws<ShapeMismatchException>(() => CsrKernels.Gpu.SpmmF64(a, x, y)).Message);
        using var xColumns = _device.AllocateDense<double>(3, 2, DenseLayout.ColumnMajor);
        using var y2 = _device.AllocateDense<double>(5, 2);
        Assert.Contains("X must be row-major", Assert.Throws<ShapeMismatchException>(() => CsrKernels.Gpu.SpmmF64(a, xColumns, y2)).Message);

        using var rowMajor = _device.Upload(m.ToDense<double>());
        Assert.Contains("must be column-major", Assert.Throws<ArgumentException>(() => CsrKernels.Gpu.DenseColMv(rowMajor, x3, y5)).Message);
    }

    [Fact]
    public void LaunchersCheckTheSpecsLiteralParameters()
    {
        var m = KernelTestData.Random(4, 6, 0.5, seed: 4);
        using var bsr = _device.Upload(BsrKernelsTests.ToBsr<double>(m, 2, 3, zeroBlocks: false));
        using var x6 = _device.Allocate<double>(6);
        using var y4 = _device.Allocate<double>(4);
        Assert.Contains("has 2x3 blocks but the spec declares 4x4", Assert.Throws<ShapeMismatchException>(() => BsrKernels.Gpu.Bsr4Spmv(bsr, x6, y4)).Message);

        var (nm, slots, values) = NmKernelsTests.Random(4, 6, 1, 4, 5);
        using var w = _device.Upload(NmKernelsTests.ToNm<float>(nm, slots, values, 1, 4));
        using var xf = _device.Allocate<float>(6);
        using var yf = _device.Allocate<float>(4);
        Assert.Contains("has 1:4 sparsity but the spec declares 2:4", Assert.Throws<ShapeMismatchException>(() => NmKernels.Gpu.Nm24Spmv(w, xf, yf)).Message);

        using var sell = _device.Upload(SellMatrix<double>.FromCsr(m.ToCsr<double>(), 4, 4));
        Assert.Contains("slices of 4 rows but the spec declares 8", Assert.Throws<ShapeMismatchException>(() => SellKernels.Gpu.Sell8Spmv(sell, x6, y4)).Message);

        using var x24 = _device.Allocate<double>(24);
        using var y24 = _device.Allocate<double>(24);
        Assert.Contains("is a 2-D stencil but the grid is 4x3x2", Assert.Throws<ShapeMismatchException>(() => StencilKernels.Gpu.Apply2D(new GridShape(4, 3, 2), x24, y24)).Message);
        Assert.Contains("x has length 24 but S has 3072 columns", Assert.Throws<ShapeMismatchException>(() => StencilKernels.Gpu.ApplyAdvect(x24, y24)).Message);
    }

    [Fact]
    public void OperandsMustLiveOnTheMatrixDevice()
    {
        using var other = new GpuDevice(GpuKind.Cpu);
        var m = KernelTestData.Random(3, 3, 0.5, seed: 8);
        using var a = _device.Upload(m.ToCsr<double>());
        using var x = other.Allocate<double>(3);
        using var y = _device.Allocate<double>(3);
        var e = Assert.Throws<ArgumentException>(() => CsrKernels.Gpu.SpmvF64(a, x, y));
        Assert.Contains("SpmvF64: x lives on another GpuDevice", e.Message);
    }

    [Fact]
    public void DisposedOperandsAreRejected()
    {
        var v = _device.Allocate<double>(3);
        v.Dispose();
        v.Dispose();
        Assert.Throws<ObjectDisposedException>(() => v.View);
        var a = _device.Upload(KernelTestData.Random(3, 3, 0.5, seed: 8).ToCsr<double>());
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.RowPointers);
    }
}
