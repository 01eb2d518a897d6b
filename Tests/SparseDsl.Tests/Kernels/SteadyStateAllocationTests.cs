using System;
using System.Linq;
using System.Threading;
using SparseDsl.Specs;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// A generated kernel call in steady state allocates nothing on the calling thread, single-threaded and split in
/// two parts. The first calls may allocate: they build and cache the matrix's work partition.
/// </summary>
public class SteadyStateAllocationTests
{
    private const int Rows = 1024;

    private static CsrMatrix<double> RandomCsr(int perRow, int seed)
    {
        var random = new Random(seed);
        var triplets = Enumerable.Range(0, Rows)
            .SelectMany(r => Enumerable.Range(0, perRow).Select(_ => (r, random.Next(Rows), random.NextDouble() - 0.5)));
        return CsrMatrix<double>.FromCoo(CooMatrix<double>.FromTriplets(Rows, Rows, triplets));
    }

    private static void AssertNoAllocation(string kernel, Action call)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            KernelTestData.WithThreads(threads, () =>
            {
                // Tiered compilation may allocate a little while it swaps in optimised code, so a window of 20
                // calls is measured until one allocates nothing; an allocation per call fails every window.
                long allocated = 0;
                for (int window = 0; window < 10; window++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 20; i++) call();
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (allocated == 0) return;
                    Thread.Sleep(50);
                }
                Assert.Fail($"{kernel} with {threads} thread(s) allocated {allocated} bytes in each of 10 windows of 20 calls");
            });
        }
    }

    [Fact]
    public void CompressedAndBlockedKernelsDoNotAllocate()
    {
        var csr = RandomCsr(24, 1);
        var x = Enumerable.Range(0, Rows).Select(i => (double)(i % 9)).ToArray();
        var y = new double[Rows];
        var bsr = BsrMatrix<double>.FromCsr(RandomCsr(4, 2), 4, 4);
        var sell = SellMatrix<double>.FromCsr(csr, 8, 64);
        var xs = new DenseMatrix<double>(Rows, 8, Enumerable.Range(0, Rows * 8).Select(i => (double)(i % 5)).ToArray());
        var ys = new DenseMatrix<double>(Rows, 8);

        AssertNoAllocation("SpmvF64", () => CsrKernels.SpmvF64(csr, x, y));
        AssertNoAllocation("AxpbyF64", () => CsrKernels.AxpbyF64(csr, x, y, 0.5, 2.0));
        AssertNoAllocation("SpmmF64", () => CsrKernels.SpmmF64(csr, xs, ys));
        AssertNoAllocation("Bsr4Spmv", () => BsrKernels.Bsr4Spmv(bsr, x, y));
        AssertNoAllocation("Sell8Spmv", () => SellKernels.Sell8Spmv(sell, x, y));
    }

    [Fact]
    public void StructuredKernelsDoNotAllocate()
    {
        var random = new Random(3);
        // Two of every four columns in every row: a valid 2:4 matrix.
        var nmTriplets = Enumerable.Range(0, Rows).SelectMany(r => Enumerable.Range(0, Rows / 4)
            .SelectMany(g => new[] { (r, 4 * g + random.Next(2), (float)random.NextDouble()), (r, 4 * g + 2 + random.Next(2), (float)random.NextDouble()) }));
        var nm = NmMatrix<float>.FromCsr(CsrMatrix<float>.FromCoo(CooMatrix<float>.FromTriplets(Rows, Rows, nmTriplets)), 2, 4);
        var xs = new DenseMatrix<float>(Rows, 16, Enumerable.Range(0, Rows * 16).Select(i => (float)(i % 7)).ToArray());
        var ys = new DenseMatrix<float>(Rows, 16);

        var band = CsrMatrix<double>.FromCoo(CooMatrix<double>.FromTriplets(Rows, Rows,
            Enumerable.Range(0, Rows).SelectMany(r => new[] { -64, -1, 0, 1, 64 }.Where(d => r + d >= 0 && r + d < Rows).Select(d => (r, r + d, 1.0 + d)))));
        var dia = DiaMatrix<double>.FromCsr(band);
        var x = Enumerable.Range(0, Rows).Select(i => (double)(i % 9)).ToArray();
        var y = new double[Rows];

        var grid = new GridShape(128, 96);
        var u = Enumerable.Range(0, grid.PointCount).Select(i => (double)(i % 11)).ToArray();
        var v = new double[grid.PointCount];

        AssertNoAllocation("Nm24Project", () => NmKernels.Nm24Project(nm, xs, ys));
        AssertNoAllocation("DiaSpmv", () => DiaKernels.DiaSpmv(dia, x, y));
        AssertNoAllocation("Apply2D", () => StencilKernels.Apply2D(grid, u, v));
    }
}
