using SparseDsl.Specs;
using SparseDsl.Tests.Kernels;
using Xunit;
using static SparseDsl.Tests.Gpu.GpuTestData;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Gpu;

/// <summary>The Gpu variants of the BSR, N:M, SELL-C-σ, DIA and stencil specs on ILGPU's CPU accelerator, against the dense reference.</summary>
[Collection(GpuCollection.Name)]
public class GpuStructuredKernelTests(GpuFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    [Theory]
    [InlineData(0, 0, 1, false)]
    [InlineData(1, 1, 2, false)]
    [InlineData(7, 5, 3, true)]
    [InlineData(3, 11, 4, false)]
    public void BsrKernelsMatchTheDenseReference(int blockRows, int blockColumns, int seed, bool zeroBlocks)
    {
        var m = Random(blockRows * 4, blockColumns * 4, 0.2, seed);
        using var a64 = _device.Upload(BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks));
        using var a32 = _device.Upload(BsrKernelsTests.ToBsr<float>(m, 4, 4, zeroBlocks));
        CheckMatVec<double>(_device, m, "Bsr4Spmv", (x, y) => BsrKernels.Gpu.Bsr4Spmv(a64, x, y));
        CheckMatVec<float>(_device, m, "Bsr4SpmvF32", (x, y) => BsrKernels.Gpu.Bsr4SpmvF32(a32, x, y));
        CheckMatVec<double>(_device, m, "Bsr4Axpby", (x, y) => BsrKernels.Gpu.Bsr4Axpby(a64, x, y, 0.5, -2.0), 0.5, -2.0);
        CheckMatVec<double>(_device, m, "Bsr4Axpby", (x, y) => BsrKernels.Gpu.Bsr4Axpby(a64, x, y, 0.5, 0.0), 0.5, 0.0);
        CheckMatVec<double>(_device, m, "Bsr4SpmvT", (x, y) => BsrKernels.Gpu.Bsr4SpmvT(a64, x, y), transposed: true);
        CheckMatMat<float>(_device, m, "Bsr4Spmm", 3, (x, y) => BsrKernels.Gpu.Bsr4Spmm(a32, x, y, 1.5f, 0.25f), 1.5, 0.25);

        var m23 = Random(blockRows * 2, blockColumns * 3, 0.3, seed + 10);
        using var b = _device.Upload(BsrKernelsTests.ToBsr<double>(m23, 2, 3, zeroBlocks));
        CheckMatVec<double>(_device, m23, "Bsr2x3Spmv", (x, y) => BsrKernels.Gpu.Bsr2x3Spmv(b, x, y), 1.0, 1.0);
        CheckMatVec<double>(_device, m23, "Bsr2x3SpmvT", (x, y) => BsrKernels.Gpu.Bsr2x3SpmvT(b, x, y), transposed: true);

        using var w = _device.Upload(BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks));
        CheckMatVec<double>(_device, m, "Acme.Physics.Axpby", (x, y) => Acme.Physics.Kernels.Gpu.Axpby(w, x, y, 2.0, 0.5), 2.0, 0.5);
        CheckMatVec<double>(_device, m, "Benchmarks.BsrSpmvF64", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.BsrSpmvF64(w, x, y));
        CheckMatVec<float>(_device, m, "Benchmarks.BsrSpmvF32", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.BsrSpmvF32(a32, x, y));
    }

    [Theory]
    [InlineData(0, 4, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(1, 4, 3)]
    [InlineData(33, 70, 4)]
    [InlineData(20, 31, 5)]
    public void NmKernelsMatchTheDenseReference(int rows, int columns, int seed)
    {
        var (m, slots, values) = NmKernelsTests.Random(rows, columns, 2, 4, seed);
        using var w32 = _device.Upload(NmKernelsTests.ToNm<float>(m, slots, values, 2, 4));
        using var w64 = _device.Upload(NmKernelsTests.ToNm<double>(m, slots, values, 2, 4));
        CheckMatVec<float>(_device, m, "Nm24Spmv", (x, y) => NmKernels.Gpu.Nm24Spmv(w32, x, y));
        CheckMatVec<double>(_device, m, "Nm24AxpbyF64", (x, y) => NmKernels.Gpu.Nm24AxpbyF64(w64, x, y, 2.0, 0.5), 2.0, 0.5);
        CheckMatVec<double>(_device, m, "Nm24AxpbyF64", (x, y) => NmKernels.Gpu.Nm24AxpbyF64(w64, x, y, 2.0, 0.0), 2.0, 0.0);
        CheckMatVec<float>(_device, m, "Nm24SpmvT", (x, y) => NmKernels.Gpu.Nm24SpmvT(w32, x, y), transposed: true);
        CheckMatMat<float>(_device, m, "Nm24Project", 5, (x, y) => NmKernels.Gpu.Nm24Project(w32, x, y));
        CheckMatMat<double>(_device, m, "Nm24ProjectF64", 3, (x, y) => NmKernels.Gpu.Nm24ProjectF64(w64, x, y, -1.0, 1.0), -1.0, 1.0);
        CheckMatMat<float>(_device, m, "Acme.Physics.Project", 2, (x, y) => Acme.Physics.Kernels.Gpu.Project(w32, x, y));
        CheckMatMat<double>(_device, m, "Benchmarks.NmProjectF64", 2, (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.NmProjectF64(w64, x, y));
        CheckMatMat<float>(_device, m, "Benchmarks.NmProjectF32", 2, (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.NmProjectF32(w32, x, y));

        var (q, qSlots, qValues) = NmKernelsTests.Random(rows, columns, 1, 4, seed + 7);
        using var w14 = _device.Upload(NmKernelsTests.ToNm<float>(q, qSlots, qValues, 1, 4));
        CheckMatVec<float>(_device, q, "Nm14Spmv", (x, y) => NmKernels.Gpu.Nm14Spmv(w14, x, y));
        CheckMatMat<float>(_device, q, "Nm14Project", 4, (x, y) => NmKernels.Gpu.Nm14Project(w14, x, y));
    }

    [Theory]
    [MemberData(nameof(MatrixIndexes), MemberType = typeof(GpuTestData))]
    public void SellKernelsMatchTheDenseReference(int matrix)
    {
        var m = Matrices[matrix];
        bool padded = matrix % 2 == 0; // both permutation shapes: with and without the padding lanes
        using var a64 = _device.Upload(SellKernelsTests.ToSell<double>(m, 8, 64, padded));
        using var a32 = _device.Upload(SellKernelsTests.ToSell<float>(m, 16, 128, padded));
        CheckMatVec<double>(_device, m, "Sell8Spmv", (x, y) => SellKernels.Gpu.Sell8Spmv(a64, x, y));
        CheckMatVec<double>(_device, m, "Sell8Axpby", (x, y) => SellKernels.Gpu.Sell8Axpby(a64, x, y, 3.0, -1.0), 3.0, -1.0);
        CheckMatVec<double>(_device, m, "Sell8Axpby", (x, y) => SellKernels.Gpu.Sell8Axpby(a64, x, y, 3.0, 0.0), 3.0, 0.0);
        CheckMatVec<float>(_device, m, "Sell16Spmv", (x, y) => SellKernels.Gpu.Sell16Spmv(a32, x, y));
        CheckMatVec<double>(_device, m, "Sell8SpmvT", (x, y) => SellKernels.Gpu.Sell8SpmvT(a64, x, y), transposed: true);
        CheckMatMat<float>(_device, m, "Sell16Spmm", 3, (x, y) => SellKernels.Gpu.Sell16Spmm(a32, x, y));
        using var b64 = _device.Upload(SellMatrix<double>.FromCsr(m.ToCsr<double>(), 8, 256));
        using var b32 = _device.Upload(SellMatrix<float>.FromCsr(m.ToCsr<float>(), 16, 256));
        CheckMatVec<double>(_device, m, "Benchmarks.SellSpmvF64", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.SellSpmvF64(b64, x, y));
        CheckMatVec<float>(_device, m, "Benchmarks.SellSpmvF32", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.SellSpmvF32(b32, x, y));
    }

    [Theory]
    [MemberData(nameof(MatrixIndexes), MemberType = typeof(GpuTestData))]
    public void DiaKernelsMatchTheDenseReference(int matrix)
    {
        var m = Matrices[matrix];
        using var a64 = _device.Upload(DiaKernelsTests.ToDia<double>(m));
        using var a32 = _device.Upload(DiaKernelsTests.ToDia<float>(m));
        CheckMatVec<double>(_device, m, "DiaSpmv", (x, y) => DiaKernels.Gpu.DiaSpmv(a64, x, y));
        CheckMatVec<float>(_device, m, "DiaAxpbyF32", (x, y) => DiaKernels.Gpu.DiaAxpbyF32(a32, x, y, 0.75f, 2f), 0.75, 2.0);
        CheckMatVec<float>(_device, m, "DiaAxpbyF32", (x, y) => DiaKernels.Gpu.DiaAxpbyF32(a32, x, y, 0.75f, 0f), 0.75, 0.0);
        CheckMatVec<double>(_device, m, "DiaSpmvT", (x, y) => DiaKernels.Gpu.DiaSpmvT(a64, x, y), transposed: true);
        CheckMatMat<double>(_device, m, "DiaSpmm", 3, (x, y) => DiaKernels.Gpu.DiaSpmm(a64, x, y));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 3)]
    [InlineData(7, 5, 3)]
    [InlineData(13, 4, 2)]
    public void StencilKernelsMatchTheAssembledOperator(int nx, int ny, int nz)
    {
        var grid1 = new GridShape(nx * ny);
        var grid2 = new GridShape(nx, ny);
        var grid3 = new GridShape(nx, ny, nz);
        var l1 = StencilKernelsTests.Assemble(StencilKernelsTests.Laplace1D, nx * ny, 1, 1);
        var l2 = StencilKernelsTests.Assemble(StencilKernelsTests.Laplace2D, nx, ny, 1);
        var l3 = StencilKernelsTests.Assemble(StencilKernelsTests.Laplace3D, nx, ny, nz);
        CheckMatVec<double>(_device, l1, "Apply1D", (x, y) => StencilKernels.Gpu.Apply1D(grid1, x, y));
        CheckMatVec<double>(_device, l2, "Apply2D", (x, y) => StencilKernels.Gpu.Apply2D(grid2, x, y));
        CheckMatVec<double>(_device, l2, "Axpby2D", (x, y) => StencilKernels.Gpu.Axpby2D(grid2, x, y, 2.0, -0.5), 2.0, -0.5);
        CheckMatVec<double>(_device, l2, "Axpby2D", (x, y) => StencilKernels.Gpu.Axpby2D(grid2, x, y, 2.0, 0.0), 2.0, 0.0);
        CheckMatVec<float>(_device, l3, "Apply3D", (x, y) => StencilKernels.Gpu.Apply3D(grid3, x, y));
        CheckMatMat<double>(_device, l2, "Apply2DMany", 3, (x, y) => StencilKernels.Gpu.Apply2DMany(grid2, x, y));
        CheckMatVec<double>(_device, l2, "Acme.Physics.Apply", (x, y) => Acme.Physics.Kernels.Gpu.Apply(grid2, x, y));
        CheckMatVec<double>(_device, l2, "Samples.ApplyStencil", (x, y) => SparseDsl.Samples.Poisson.Gpu.ApplyStencil(grid2, x, y));
        CheckMatVec<double>(_device, l2, "Benchmarks.StencilApply", (x, y) => SparseDsl.Benchmarks.Benchmarks.Gpu.StencilApply(grid2, x, y));
    }

    [Fact]
    public void LiteralGridStencilAndItsTransposeMatchTheAssembledOperator()
    {
        var s = StencilKernelsTests.Assemble(StencilKernelsTests.Advect, 64, 48, 1);
        CheckMatVec<double>(_device, s, "ApplyAdvect", (x, y) => StencilKernels.Gpu.ApplyAdvect(x, y));
        CheckMatVec<double>(_device, s, "ApplyAdvectT", (x, y) => StencilKernels.Gpu.ApplyAdvectT(x, y), transposed: true);
    }
}
