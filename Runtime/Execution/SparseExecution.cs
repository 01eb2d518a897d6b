using System;

namespace SparseDsl;

/// <summary>
/// Threading switches for the generated kernels. A kernel splits its work over threads only when it is large
/// enough: <c>ThreadsFor(work)</c> = clamp(work / MinimumWorkPerThread, 1, MaxThreads).
/// </summary>
public static class SparseExecution
{
    private static int _maxThreads = Environment.ProcessorCount;
    private static long _minimumWorkPerThread = 32_768;

    /// <summary>Most threads one kernel call uses (default: the processor count). 1 makes every kernel single-threaded.</summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set => _maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
    }

    /// <summary>Multiply-adds a thread must get before another thread is worth starting (default 32,768).</summary>
    public static long MinimumWorkPerThread
    {
        get => _minimumWorkPerThread;
        set => _minimumWorkPerThread = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MinimumWorkPerThread must be at least 1.");
    }

    /// <summary>How many threads a kernel with <paramref name="work"/> multiply-adds should use.</summary>
    public static int ThreadsFor(long work)
    {
        long threads = work / _minimumWorkPerThread;
        return (int)Math.Clamp(threads, 1, _maxThreads);
    }
}
