using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>ParallelRunner, WorkPartition, SparseExecution and the cached row partitions.</summary>
public unsafe class ParallelRunnerTests
{
    private static void CountPart(void* context, int part) => Interlocked.Increment(ref ((int*)context)[part]);

    private static void ThrowOnPartTwo(void* context, int part)
    {
        Interlocked.Increment(ref ((int*)context)[part]);
        if (part == 2) throw new InvalidOperationException("part 2 failed");
    }

    private static void ThrowOnPartZero(void* context, int part)
    {
        if (part == 0) throw new ArgumentException("part 0 failed");
    }

    private static void NestedRun(void* context, int part) => ParallelRunner.Run(3, &CountPart, (int*)context + part * 3);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    public void EachPartRunsExactlyOnce(int parts)
    {
        var counts = new int[parts];
        fixed (int* p = counts) ParallelRunner.Run(parts, &CountPart, p);
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void ThousandRepeatedCallsRunEveryPartEveryTime()
    {
        var counts = new int[5];
        fixed (int* p = counts)
            for (int i = 0; i < 1000; i++) ParallelRunner.Run(5, &CountPart, p);
        Assert.All(counts, c => Assert.Equal(1000, c));
    }

    private static int s_otherPartsDone;
    private static bool s_othersFinishedWhileStuck;

    // Part 0 holds its thread until every other part has run: only a runner that hands the remaining parts to the
    // other thread, instead of a fixed half to each, gets there.
    private static void StuckInPartZero(void* context, int part)
    {
        ((int*)context)[part] = Environment.CurrentManagedThreadId;
        if (part != 0) { Interlocked.Increment(ref s_otherPartsDone); return; }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref s_otherPartsDone) < 7 && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(1);
        s_othersFinishedWhileStuck = Volatile.Read(ref s_otherPartsDone) == 7;
    }

    [Fact]
    public void AThreadHeldUpInOnePartLeavesTheOtherPartsToTheOtherThread()
    {
        Kernels.KernelTestData.WithThreads(2, () =>
        {
            s_otherPartsDone = 0;
            s_othersFinishedWhileStuck = false;
            var threadIds = new int[8];
            fixed (int* ids = threadIds) ParallelRunner.Run(8, &StuckInPartZero, ids);
            Assert.True(s_othersFinishedWhileStuck, $"only {s_otherPartsDone} of the other 7 parts ran while part 0 held its thread");
            Assert.Equal(2, threadIds.Distinct().Count());   // MaxThreads = 2: two threads shared the 8 parts
        });
    }

    [Fact]
    public void OneThreadRunsEveryPartInlineEvenWhenOneThrows()
    {
        var counts = new int[6];
        Kernels.KernelTestData.WithThreads(1, () =>
        {
            fixed (int* p = counts)
            {
                nint address = (nint)p;
                var e = Assert.Throws<InvalidOperationException>(() => ParallelRunner.Run(6, &ThrowOnPartTwo, (void*)address));
                Assert.Equal("part 2 failed", e.Message);
            }
        });
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void WorkerExceptionIsRethrownOnTheCallerAndAllPartsStillRan()
    {
        var counts = new int[4];
        InvalidOperationException e;
        fixed (int* p = counts)
        {
            nint address = (nint)p;
            e = Assert.Throws<InvalidOperationException>(() => ParallelRunner.Run(4, &ThrowOnPartTwo, (void*)address));
        }
        Assert.Equal("part 2 failed", e.Message);
        Assert.Contains(nameof(ThrowOnPartTwo), e.StackTrace);
        Assert.All(counts, c => Assert.Equal(1, c));
        // still usable afterwards
        var again = new int[4];
        fixed (int* p = again) ParallelRunner.Run(4, &CountPart, p);
        Assert.All(again, c => Assert.Equal(1, c));
    }

    [Fact]
    public void CallerPartExceptionPropagates() =>
        Assert.Equal("part 0 failed", Assert.Throws<ArgumentException>(() => ParallelRunner.Run(3, &ThrowOnPartZero, null)).Message);

    [Fact]
    public void NestedCallsRunInline()
    {
        var counts = new int[9];
        fixed (int* p = counts) ParallelRunner.Run(3, &NestedRun, p);
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void SteadyStateCallsDoNotAllocateOnTheCaller()
    {
        var counts = new int[4];
        // A fixed thread count: a concurrent test raising MaxThreads would start workers (an allocation) mid-measurement.
        Kernels.KernelTestData.WithThreads(4, () =>
        {
            fixed (int* p = counts)
            {
                for (int i = 0; i < 10; i++) ParallelRunner.Run(4, &CountPart, p);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) ParallelRunner.Run(4, &CountPart, p);
                Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
            }
        });
    }

    [Fact]
    public void InvalidPartsAreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelRunner.Run(0, &CountPart, null));

    [Fact]
    public void ThreadsForClampsByWorkAndMaxThreads()
    {
        lock (Kernels.KernelTestData.ThreadingSettingsLock) ThreadsForClampsByWorkAndMaxThreadsLocked();
    }

    // Other tests change the same process-wide settings; they take the same lock.
    private static void ThreadsForClampsByWorkAndMaxThreadsLocked()
    {
        int savedMax = SparseExecution.MaxThreads;
        long savedWork = SparseExecution.MinimumWorkPerThread;
        try
        {
            SparseExecution.MinimumWorkPerThread = 100;
            SparseExecution.MaxThreads = 8;
            Assert.Equal(1, SparseExecution.ThreadsFor(0));
            Assert.Equal(1, SparseExecution.ThreadsFor(199));
            Assert.Equal(3, SparseExecution.ThreadsFor(399));
            Assert.Equal(8, SparseExecution.ThreadsFor(long.MaxValue));
            Assert.Equal(1, SparseExecution.PartsFor(199));
            Assert.Equal(3 * SparseExecution.PartsPerThread, SparseExecution.PartsFor(399));
            SparseExecution.MaxThreads = 1;
            Assert.Equal(1, SparseExecution.ThreadsFor(1_000_000));
            Assert.Throws<ArgumentOutOfRangeException>(() => SparseExecution.MaxThreads = 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => SparseExecution.MinimumWorkPerThread = 0);
        }
        finally
        {
            SparseExecution.MaxThreads = savedMax;
            SparseExecution.MinimumWorkPerThread = savedWork;
        }
    }

    [Fact]
    public void DefaultsMatchTheContract()
    {
        Assert.True(SparseExecution.MaxThreads >= 1);
        Assert.True(SparseExecution.MinimumWorkPerThread >= 1);
    }

    [Fact]
    public void ByPrefixBoundariesAreMonotoneCompleteAndBalanced()
    {
        var gen =
            from lengths in Gen.ArrayOf(Gen.Choose(0, 50))
            from parts in Gen.Choose(1, 12)
            select (lengths, parts);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var prefix = new int[p.lengths.Length + 1];
            for (int i = 0; i < p.lengths.Length; i++) prefix[i + 1] = prefix[i] + p.lengths[i];
            int[] b = WorkPartition.ByPrefix(prefix, p.parts);
            Assert.Equal(p.parts + 1, b.Length);
            Assert.Equal(0, b[0]);
            Assert.Equal(p.lengths.Length, b[p.parts]);
            long total = prefix[^1] + p.lengths.Length;
            long heaviest = p.lengths.Length == 0 ? 0 : p.lengths.Max() + 1;
            for (int i = 0; i < p.parts; i++)
            {
                Assert.True(b[i] <= b[i + 1]);
                long cost = prefix[b[i + 1]] - prefix[b[i]] + (b[i + 1] - b[i]);
                Assert.True(cost <= total / p.parts + heaviest + 1, $"part {i} costs {cost} of {total}");
            }
        }));
    }

    [Fact]
    public void UniformCoversTheRangeWithNearEqualParts()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(1, 17).ToArbitrary(), (count, parts) =>
        {
            int expectedStart = 0;
            for (int part = 0; part < parts; part++)
            {
                WorkPartition.Uniform(count, parts, part, out int start, out int end);
                Assert.Equal(expectedStart, start);
                Assert.InRange(end - start, count / parts, count / parts + 1);
                expectedStart = end;
            }
            Assert.Equal(count, expectedStart);
        }));
    }

    [Fact]
    public void RowPartitionIsCachedAndMatchesByPrefix()
    {
        var csr = new TripletCase(50, 50, Enumerable.Range(0, 50).SelectMany(r => Enumerable.Range(0, r % 7).Select(c => (r, c, 1.0))).ToArray()).Csr();
        ReadOnlySpan<int> first = csr.GetRowPartition(4);
        Assert.Equal(WorkPartition.ByPrefix(csr.RowPointers, 4), first.ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadOnlySpan<int> second = csr.GetRowPartition(4);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(first), ref MemoryMarshal.GetReference(second)));
        Assert.Equal(4, csr.GetRowPartition(3).Length);

        var bsr = BsrMatrix<double>.FromCsr(csr, 2, 2);
        ReadOnlySpan<int> blocks = bsr.GetBlockRowPartition(3);
        Assert.Equal(WorkPartition.ByPrefix(bsr.BlockRowPointers, 3), blocks.ToArray());
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(blocks), ref MemoryMarshal.GetReference(bsr.GetBlockRowPartition(3))));
    }
}
