using System;
using System.Threading;

namespace SparseDsl;

/// <summary>Process-wide threading policy used by generated kernels.</summary>
public static class SparseExecution
{
    private static int s_maxThreads = Environment.ProcessorCount;
    private static long s_minimumWorkPerThread = 32_768;

    /// <summary>Upper bound on parts a kernel splits into (default Environment.ProcessorCount; 1 = single-threaded).</summary>
    public static int MaxThreads
    {
        get => Volatile.Read(ref s_maxThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_maxThreads, value);
        }
    }

    /// <summary>Multiply-adds a thread must have before another thread is worth starting (default 32,768).</summary>
    public static long MinimumWorkPerThread
    {
        get => Volatile.Read(ref s_minimumWorkPerThread);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            Volatile.Write(ref s_minimumWorkPerThread, value);
        }
    }

    /// <summary>
    /// Parts a kernel of the given work splits into: 1 when one thread does it, otherwise
    /// <see cref="PartsPerThread"/> per thread, so that ParallelRunner's threads balance the load between themselves
    /// when one core runs slower (a busy neighbour on a shared machine) instead of waiting for the slowest.
    /// </summary>
    public static int PartsFor(long work)
    {
        int threads = ThreadsFor(work);
        return threads == 1 ? 1 : threads * PartsPerThread;
    }

    /// <summary>Parts per thread of a multi-threaded kernel call (see <see cref="PartsFor"/>).</summary>
    public const int PartsPerThread = 4;

    /// <summary>clamp(work / MinimumWorkPerThread, 1, MaxThreads).</summary>
    public static int ThreadsFor(long work)
    {
        long threads = work / MinimumWorkPerThread;
        int max = MaxThreads;
        return threads < 1 ? 1 : threads > max ? max : (int)threads;
    }
}
