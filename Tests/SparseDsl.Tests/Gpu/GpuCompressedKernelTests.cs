using SparseDsl.Specs;
using SparseDsl.Tests.Kernels;
using Xunit;
using static SparseDsl.Tests.Gpu.GpuTestData;

namespace SparseDsl.Tests.Gpu;

/// <summary>The Gpu variants of CsrKernels.sparse (CSR, CSC, COO, dense) on ILGPU's CPU accelerator, against the dense reference.</summary>
[Collection(GpuCollection.Name)]
public class GpuCompressedKernelTests(GpuFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    [Theory]
    [MemberData(nameof(MatrixIndexes), MemberType = typeof(GpuTestData))]
    public void CsrKernelsMatchTheDenseReference(int matrix)
    {
        var m = Matrices[matrix];
        using var a32 = _device.Upload(m.ToCsr<float>());
        using var a64 = _device.Upload(m.ToCsr<double>());
        CheckMatVec<float>(_device, m, "SpmvF32", (x, y) => CsrKernels.Gpu.SpmvF32(a32, x, y));
        CheckMatVec<double>(_device, m, "SpmvF64", (x, y) => CsrKernels.Gpu.SpmvF64(a64, x, y));
        CheckMatVec<float>(_device, m, "AxpbyF32", (x, y) => CsrKernels.Gpu.AxpbyF32(a32, x, y, 1.5f, -0.5f), 1.5, -0.5);
        CheckMatVec<double>(_device, m, "AxpbyF64", (x, y) => CsrKernels.Gpu.AxpbyF64(a64, x, y, -2.0, 0.0), -2.0, 0.0);
        CheckMatVec<double>(_device, m, "ScaledF64", (x, y) => CsrKernels.Gpu.ScaledF64(a64, x, y), 2.5, -1.0);
        CheckMatVec<double>(_device, m, "SpmvTF64", (x, y) => CsrKernels.Gpu.SpmvTF64(a64, x, y), transposed: true);
        CheckMatVec<float>(_device, m, "SpmvTAxpbyF32", (x, y) => CsrKernels.Gpu.SpmvTAxpbyF32(a32, x, y, 0.5f, 2f), 0.5, 2.0, transposed: true);
        CheckMatVec<float>(_device, m, "SpmvTAxpbyF32", (x, y) => CsrKernels.Gpu.SpmvTAxpbyF32(a32, x, y, 0.5f, 0f), 0.5, 0.0, transposed: true);
        CheckMatMat<double>(_device, m, "SpmmF64", 3, (x, y) => CsrKernels.Gpu.SpmmF64(a64, x, y));
        CheckMatMat<float>(_device, m, "SpmmAxpbyF32", 5, (x, y) => CsrKernels.Gpu.SpmmAxpbyF32(a32, x, y, -1f, 0.25f), -1.0, 0.25);
        CheckMatMat<float>(_device, m, "SpmmAxpbyF32", 1, (x, y) => CsrKernels.Gpu.SpmmAxpbyF32(a32, x, y, 2f, 0f), 2.0, 0.0);
    }

    [Theory]
    [MemberData(nameof(MatrixIndexes), MemberType = typeof(GpuTestData))]
    public void CscCooAndDenseKernelsMatchTheDenseReference(int matrix)
    {
        var m = Matrices[matrix];
        using var csc = _device.Upload(m.ToCsc<double>());
        using var coo = _device.Upload(m.ToCoo<double>(seed: matrix + 1));
        using var dense = _device.Upload(m.ToDense<double>());
        using var denseColumns = _device.Upload(m.ToDense<double>(DenseLayout.ColumnMajor));
        CheckMatVec<double>(_device, m, "CscAxpby", (x, y) => CsrKernels.Gpu.CscAxpby(csc, x, y, 1.25, -0.5), 1.25, -0.5);
        CheckMatVec<double>(_device, m, "CscAxpby", (x, y) => CsrKernels.Gpu.CscAxpby(csc, x, y, 1.25, 0.0), 1.25, 0.0);
        CheckMatVec<double>(_device, m, "CscSpmvT", (x, y) => CsrKernels.Gpu.CscSpmvT(csc, x, y), transposed: true);
        CheckMatVec<double>(_device, m, "CooAccumulate", (x, y) => CsrKernels.Gpu.CooAccumulate(coo, x, y), 1.0, 1.0);
        CheckMatVec<double>(_device, m, "DenseAxpby", (x, y) => CsrKernels.Gpu.DenseAxpby(dense, x, y, 0.5, 3.0), 0.5, 3.0);
        CheckMatVec<double>(_device, m, "DenseAxpby", (x, y) => CsrKernels.Gpu.DenseAxpby(dense, x, y, 0.5, 0.0), 0.5, 0.0);
        CheckMatVec<double>(_device, m, "DenseColMv", (x, y) => CsrKernels.Gpu.DenseColMv(denseColumns, x, y));
        CheckMatVec<double>(_device, m, "DenseMvT", (x, y) => CsrKernels.Gpu.DenseMvT(dense, x, y), transposed: true);
        CheckMatMat<double>(_device, m, "DenseMm", 4, (x, y) => CsrKernels.Gpu.DenseMm(dense, x, y));
    }

    [Fact]
    public void TheOtherCorpusCsrKernelsMatchTheDenseReference()
    {
        var m = KernelTestData.Random(29, 31, 0.2, seed: 41);
        using var a32 = _device.Upload(m.ToCsr<float>());
        using var a64 = _device.Upload(m.ToCsr<double>());
        CheckMatVec<float>(_device, m, "Acme.Physics.Spmv", (x, y) => Acme.Physics.Kernels.Gpu.Spmv(a32, x, y));
        CheckMatVec<double>(_device, m, "Samples.ApplyCsr", (x, y) => SparseDsl.Samples.Poisson.Gpu.ApplyCsr(a64, x, y));
        CheckMatVec<double>(_device, m, "Benchmarks.CsrSpmvF64", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.CsrSpmvF64(a64, x, y));
        CheckMatVec<float>(_device, m, "Benchmarks.CsrSpmvF32", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.CsrSpmvF32(a32, x, y));
    }
}
