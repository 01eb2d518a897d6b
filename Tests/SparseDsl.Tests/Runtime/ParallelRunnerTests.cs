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
                // Tests on other threads share the runner: the first time this caller really blocks (on the lock or
                // the done event) the runtime creates its wait object once. A per-call allocation shows in every
                // window; a one-time one in at most one, so one clean window of three proves the steady state.
                var allocated = new long[3];
                for (int window = 0; window < allocated.Length; window++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 100; i++) ParallelRunner.Run(4, &CountPart, p);
                    allocated[window] = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (allocated[window] == 0) break;
                }
                Assert.Contains(0L, allocated);
            }
        });
    }

    [Fact]
    public void InvalidPartsAreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelRunner.Run(0, &CountPart, null));

    [Fact]
    public void ThreadsForClampsByWorkAndMaxThreads()
    {
        var context = new SparseContext(maxThreads: 8, minimumWorkPerThread: 100);
        Assert.Equal(1, context.ThreadsFor(0));
        Assert.Equal(1, context.ThreadsFor(199));
        Assert.Equal(3, context.ThreadsFor(399));
        Assert.Equal(8, context.ThreadsFor(long.MaxValue));
        Assert.Equal(1, context.PartsFor(199));
        Assert.Equal(3 * SparseExecution.PartsPerThread, context.PartsFor(399));
        Assert.Equal(1, context.WithMaxThreads(1).ThreadsFor(1_000_000));
        Assert.Equal(8, context.MaxThreads);   // immutable: WithMaxThreads made a copy
        // The statics ask the thread's current context.
        using (context.Enter())
        {
            Assert.Equal(3, SparseExecution.ThreadsFor(399));
            Assert.Equal(3 * SparseExecution.PartsPerThread, SparseExecution.PartsFor(399));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseContext(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseContext(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseExecution.MaxThreads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseExecution.MinimumWorkPerThread = 0);
    }

    // context: [0] = parts, [1] = 1 to hold part 0 until every other part ran, [2..] = the thread that ran each part.
    private static void RecordThread(void* context, int part)
    {
        int* c = (int*)context;
        int parts = c[0];
        Volatile.Write(ref c[2 + part], Environment.CurrentManagedThreadId);
        if (part != 0 || c[1] == 0) return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int p = 1; p < parts && clock.ElapsedMilliseconds < 10_000; )
            if (Volatile.Read(ref c[2 + p]) != 0) p++; else Thread.Sleep(1);
    }

    private static int[] RunRecording(SparseContext budget, int parts, bool holdPartZero)
    {
        var context = new int[2 + parts];
        context[0] = parts;
        context[1] = holdPartZero ? 1 : 0;
        fixed (int* c = context) ParallelRunner.Run(budget, parts, &RecordThread, c);
        return context[2..];
    }

    [Fact]
    public void TwoContextsWithDifferentBudgetsRunSideBySide()
    {
        var one = new SparseContext(maxThreads: 1, minimumWorkPerThread: 1);
        var four = new SparseContext(maxThreads: 4, minimumWorkPerThread: 1);
        using var bothInside = new Barrier(2);
        Exception? failure = null;
        void Guarded(Action body)
        {
            try { body(); }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); bothInside.RemoveParticipant(); }
        }
        var single = new Thread(() => Guarded(() =>
        {
            using (one.Enter())
            {
                bothInside.SignalAndWait();
                int me = Environment.CurrentManagedThreadId;
                for (int i = 0; i < 200; i++)
                {
                    Assert.Equal(1, SparseExecution.PartsFor(1_000_000_000));    // the thread's current context
                    Assert.Equal(1, one.PartsFor(1_000_000_000));
                    Assert.All(RunRecording(one, 16, holdPartZero: false), t => Assert.Equal(me, t));
                }
                bothInside.SignalAndWait();
            }
        }));
        var parallel = new Thread(() => Guarded(() =>
        {
            using (four.Enter())
            {
                bothInside.SignalAndWait();
                for (int i = 0; i < 20; i++)
                {
                    Assert.Equal(4 * SparseExecution.PartsPerThread, SparseExecution.PartsFor(1_000_000_000));
                    Assert.Equal(16, four.PartsFor(1_000_000_000));
                    int threads = RunRecording(four, 16, holdPartZero: true).Distinct().Count();
                    Assert.InRange(threads, 2, 4);   // part 0 holds its thread: a worker ran the rest, never more than 4 threads
                }
                bothInside.SignalAndWait();
            }
        }));
        single.Start();
        parallel.Start();
        Assert.True(single.Join(60_000) && parallel.Join(60_000), "the two threads did not finish");
        if (failure is not null) throw new Xunit.Sdk.XunitException("a thread failed: " + failure);
        Assert.Same(SparseContext.Default, SparseContext.Current);   // this thread never entered either
    }

    [Fact]
    public void SparseExecutionSettingsReadAndReplaceTheDefaultContext()
    {
        SparseContext saved = SparseContext.Default;
        try
        {
            SparseExecution.MaxThreads = 3;
            Assert.Equal(3, SparseContext.Default.MaxThreads);
            Assert.Equal(saved.MinimumWorkPerThread, SparseContext.Default.MinimumWorkPerThread);
            SparseExecution.MinimumWorkPerThread = 7;
            Assert.Equal(7, SparseContext.Default.MinimumWorkPerThread);
            Assert.Equal(3, SparseContext.Default.MaxThreads);
            SparseContext.Default = new SparseContext(5, 11);
            Assert.Equal(5, SparseExecution.MaxThreads);
            Assert.Equal(11, SparseExecution.MinimumWorkPerThread);
            Assert.Throws<ArgumentNullException>(() => SparseContext.Default = null!);
        }
        finally
        {
            SparseContext.Default = saved;
        }
    }

    [Fact]
    public void ScopesNestAndRestoreTheDefault()
    {
        var outer = new SparseContext(2, 1);
        var inner = new SparseContext(3, 1);
        Assert.Same(SparseContext.Default, SparseContext.Current);
        using (outer.Enter())
        {
            Assert.Same(outer, SparseContext.Current);
            using (inner.Enter()) Assert.Same(inner, SparseContext.Current);
            Assert.Same(outer, SparseContext.Current);
            var first = inner.Enter();
            var second = outer.Enter();
            Assert.Contains("reverse order", Assert.Throws<InvalidOperationException>(() => first.Dispose()).Message);
            second.Dispose();
            first.Dispose();
        }
        Assert.Same(SparseContext.Default, SparseContext.Current);
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
