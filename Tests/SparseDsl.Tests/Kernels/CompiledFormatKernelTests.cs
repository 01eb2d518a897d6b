using SparseDsl.Specs;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The BSR, N:M, SELL, DIA and stencil kernels exactly as the build compiled them into this assembly (the other
/// format tests emit the same specs in memory). These need no Roslyn at run time, so they also run published
/// for arm64 under QEMU, where they exercise the AdvSimd paths.
/// </summary>
public class CompiledFormatKernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(37, 29, 2)]
    [InlineData(64, 200, 3)]
    public void BsrKernelsMatchTheDenseReference(int blockRows, int blockColumns, int seed)
    {
        var m = Random(blockRows * 4, blockColumns * 4, 0.2, seed);
        var a64 = BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks: false);
        var a32 = BsrKernelsTests.ToBsr<float>(m, 4, 4, zeroBlocks: false);
        CheckMatVec<double>(m, "Bsr4Spmv", (x, y) => BsrKernels.Bsr4Spmv(a64, x, y));
        CheckMatVec<float>(m, "Bsr4SpmvF32", (x, y) => BsrKernels.Bsr4SpmvF32(a32, x, y));
        CheckMatVec<double>(m, "Bsr4Axpby", (x, y) => BsrKernels.Bsr4Axpby(a64, x, y, 0.5, -2.0), 0.5, -2.0);
        CheckMatVec<double>(m, "Bsr4SpmvT", (x, y) => BsrKernels.Bsr4SpmvT(a64, x, y), transposed: true);
        CheckMatMat<float>(m, "Bsr4Spmm", 7, (x, y) => BsrKernels.Bsr4Spmm(a32, x, y, 1.5f, 0.25f), 1.5, 0.25);
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(33, 70, 2)]
    [InlineData(50, 129, 3)]
    public void NmKernelsMatchTheDenseReference(int rows, int columns, int seed)
    {
        var (m, slots, values) = NmKernelsTests.Random(rows, columns, 2, 4, seed);
        var w32 = NmKernelsTests.ToNm<float>(m, slots, values, 2, 4);
        var w64 = NmKernelsTests.ToNm<double>(m, slots, values, 2, 4);
        CheckMatVec<float>(m, "Nm24Spmv", (x, y) => NmKernels.Nm24Spmv(w32, x, y));
        CheckMatVec<double>(m, "Nm24AxpbyF64", (x, y) => NmKernels.Nm24AxpbyF64(w64, x, y, 2.0, 0.5), 2.0, 0.5);
        CheckMatVec<float>(m, "Nm24SpmvT", (x, y) => NmKernels.Nm24SpmvT(w32, x, y), transposed: true);
        CheckMatMat<float>(m, "Nm24Project", 9, (x, y) => NmKernels.Nm24Project(w32, x, y));
        CheckMatMat<double>(m, "Nm24ProjectF64", 16, (x, y) => NmKernels.Nm24ProjectF64(w64, x, y, -1.0, 1.0), -1.0, 1.0);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(45, 31, 2)]
    [InlineData(130, 90, 3)]
    public void SellKernelsMatchTheDenseReference(int rows, int columns, int seed)
    {
        var m = Random(rows, columns, 0.15, seed);
        var a64 = SellKernelsTests.ToSell<double>(m, 8, 64, paddedPermutation: true);
        var a32 = SellKernelsTests.ToSell<float>(m, 16, 128, paddedPermutation: true);
        CheckMatVec<double>(m, "Sell8Spmv", (x, y) => SellKernels.Sell8Spmv(a64, x, y));
        CheckMatVec<double>(m, "Sell8Axpby", (x, y) => SellKernels.Sell8Axpby(a64, x, y, 3.0, -1.0), 3.0, -1.0);
        CheckMatVec<float>(m, "Sell16Spmv", (x, y) => SellKernels.Sell16Spmv(a32, x, y));
        CheckMatVec<double>(m, "Sell8SpmvT", (x, y) => SellKernels.Sell8SpmvT(a64, x, y), transposed: true);
        CheckMatMat<float>(m, "Sell16Spmm", 5, (x, y) => SellKernels.Sell16Spmm(a32, x, y));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(57, 40, 2)]
    [InlineData(300, 301, 3)]
    public void DiaKernelsMatchTheDenseReference(int rows, int columns, int seed)
    {
        var m = Random(rows, columns, 0.05, seed);
        var a64 = DiaKernelsTests.ToDia<double>(m);
        var a32 = DiaKernelsTests.ToDia<float>(m);
        CheckMatVec<double>(m, "DiaSpmv", (x, y) => DiaKernels.DiaSpmv(a64, x, y));
        CheckMatVec<float>(m, "DiaAxpbyF32", (x, y) => DiaKernels.DiaAxpbyF32(a32, x, y, 0.75f, 2f), 0.75, 2.0);
        CheckMatVec<double>(m, "DiaSpmvT", (x, y) => DiaKernels.DiaSpmvT(a64, x, y), transposed: true);
        CheckMatMat<double>(m, "DiaSpmm", 3, (x, y) => DiaKernels.DiaSpmm(a64, x, y));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(17, 9, 3)]
    [InlineData(40, 33, 5)]
    public void StencilKernelsMatchTheAssembledOperator(int nx, int ny, int nz)
    {
        var grid1 = new GridShape(nx * ny);
        var grid2 = new GridShape(nx, ny);
        var grid3 = new GridShape(nx, ny, nz);
        var l1 = StencilKernelsTests.Assemble(StencilKernelsTests.Laplace1D, nx * ny, 1, 1);
        var l2 = StencilKernelsTests.Assemble(StencilKernelsTests.Laplace2D, nx, ny, 1);
        var l3 = StencilKernelsTests.Assemble(StencilKernelsTests.Laplace3D, nx, ny, nz);
        CheckMatVec<double>(l1, "Apply1D", (x, y) => StencilKernels.Apply1D(grid1, x, y));
        CheckMatVec<double>(l2, "Apply2D", (x, y) => StencilKernels.Apply2D(grid2, x, y));
        CheckMatVec<double>(l2, "Axpby2D", (x, y) => StencilKernels.Axpby2D(grid2, x, y, 2.0, -0.5), 2.0, -0.5);
        CheckMatVec<float>(l3, "Apply3D", (x, y) => StencilKernels.Apply3D(grid3, x, y));
        CheckMatMat<double>(l2, "Apply2DMany", 4, (x, y) => StencilKernels.Apply2DMany(grid2, x, y));
    }

    [Fact]
    public void LiteralGridStencilAndItsTransposeMatchTheAssembledOperator()
    {
        var s = StencilKernelsTests.Assemble(StencilKernelsTests.Advect, 64, 48, 1);
        CheckMatVec<double>(s, "ApplyAdvect", (x, y) => StencilKernels.ApplyAdvect(x, y));
        CheckMatVec<double>(s, "ApplyAdvectT", (x, y) => StencilKernels.ApplyAdvectT(x, y), transposed: true);
    }
}
