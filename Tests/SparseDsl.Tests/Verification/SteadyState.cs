using System;
using System.Threading;
using Xunit;

namespace SparseDsl.Tests.Verification;

/// <summary>
/// "Allocates nothing in the steady state": some window of calls allocates nothing on the calling thread. One window
/// is not enough under load: the runtime may allocate on this thread while tiering recompiles a method mid-window.
/// </summary>
internal static class SteadyState
{
    public static void AllocatesNothing(Action calls, string what, int windows = 10)
    {
        calls(); // warm-up: JIT, grown workspaces, cached partitions
        long allocated = 0;
        for (int window = 0; window < windows; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            calls();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0) return;
            Thread.Sleep(50);
        }
        Assert.Fail($"{what}: {allocated} bytes allocated in each of {windows} windows of calls");
    }
}
