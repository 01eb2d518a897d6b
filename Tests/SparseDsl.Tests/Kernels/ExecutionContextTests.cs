using System;
using SparseDsl.Specs;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The optional trailing <c>SparseContext? context</c> of a multi-threaded generated kernel: its thread budget decides
/// how many parts the kernel is cut into, independently of the process default and of the thread's current context.
/// </summary>
public class ExecutionContextTests
{
    /// <summary>Parts of the last row partition a CSR matrix cached (the generated kernel asks for exactly its part count); 0 when none.</summary>
    private static int CachedParts(CsrMatrix<double> a) => a.Pattern.Core.CachedPartitionParts;

    private static (CsrMatrix<double> A, double[] X, double[] Expected) Problem()
    {
        var m = FixedPerRow(2000, 300, 8, seed: 5);
        var x = Vector(m.Columns, 3);
        var (expected, _) = MatVec(m, x, null, 1, null);
        return (m.ToCsr<double>(), x, expected);
    }

    [Fact]
    public void TwoContextsWithDifferentBudgetsGiveDifferentPartCounts()
    {
        var two = new SparseContext(maxThreads: 2, minimumWorkPerThread: 1);
        var four = new SparseContext(maxThreads: 4, minimumWorkPerThread: 1);
        var (a, x, expected) = Problem();
        int work = a.NonZeroCount;

        var y2 = new double[a.Rows];
        CsrKernels.SpmvF64(a, x, y2, two);
        Assert.Equal(two.PartsFor(work), CachedParts(a));

        var y4 = new double[a.Rows];
        CsrKernels.SpmvF64(a, x, y4, four);
        Assert.Equal(four.PartsFor(work), CachedParts(a));

        Assert.NotEqual(two.PartsFor(work), four.PartsFor(work));
        Assert.Equal(expected, y2);
        Assert.Equal(expected, y4);
    }

    [Fact]
    public void AnExplicitContextWinsOverTheThreadsCurrentOne()
    {
        var (a, x, expected) = Problem();
        var y = new double[a.Rows];
        var three = new SparseContext(maxThreads: 3, minimumWorkPerThread: 1);
        using (new SparseContext(maxThreads: 1).Enter())
        {
            CsrKernels.SpmvF64(a, x, y, three);
            Assert.Equal(three.PartsFor(a.NonZeroCount), CachedParts(a));
        }
        Assert.Equal(expected, y);
    }

    [Fact]
    public void WithoutAContextTheThreadsCurrentOneApplies()
    {
        var (a, x, expected) = Problem();
        var y = new double[a.Rows];
        var five = new SparseContext(maxThreads: 5, minimumWorkPerThread: 1);
        using (five.Enter()) CsrKernels.SpmvF64(a, x, y);
        Assert.Equal(five.PartsFor(a.NonZeroCount), CachedParts(a));
        Assert.Equal(expected, y);

        // A single-threaded budget never partitions.
        var (b, _, _) = Problem();
        CsrKernels.SpmvF64(b, x, new double[b.Rows], new SparseContext(maxThreads: 1));
        Assert.Equal(0, CachedParts(b));
    }
}
