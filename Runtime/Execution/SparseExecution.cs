using System;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// The threading policy that generated kernels read. The settings are those of <see cref="SparseContext.Default"/>
/// (setting one replaces the default context by a copy with the new value); <see cref="PartsFor"/> and
/// <see cref="ThreadsFor"/> ask the calling thread's <see cref="SparseContext.Current"/>, which is the default unless
/// the thread entered a context of its own (<see cref="SparseContext.Enter"/>).
/// </summary>
public static class SparseExecution
{
    /// <summary>Upper bound on parts a kernel splits into (default Environment.ProcessorCount; 1 = single-threaded):
    /// <see cref="SparseContext.Default"/>'s.</summary>
    public static int MaxThreads
    {
        get => SparseContext.Default.MaxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Update(c => c.MaxThreads == value ? c : c.WithMaxThreads(value));
        }
    }

    /// <summary>Multiply-adds a thread must have before another thread is worth starting (default 32,768):
    /// <see cref="SparseContext.Default"/>'s.</summary>
    public static long MinimumWorkPerThread
    {
        get => SparseContext.Default.MinimumWorkPerThread;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            Update(c => c.MinimumWorkPerThread == value ? c : c.WithMinimumWorkPerThread(value));
        }
    }

    /// <summary>Parts a kernel of the given work splits into, under the calling thread's current context
    /// (<see cref="SparseContext.PartsFor"/>).</summary>
    public static int PartsFor(long work) => SparseContext.Current.PartsFor(work);

    /// <summary>Parts per thread of a multi-threaded kernel call (see <see cref="PartsFor"/>).</summary>
    public const int PartsPerThread = 4;

    /// <summary>clamp(work / MinimumWorkPerThread, 1, MaxThreads) under the calling thread's current context.</summary>
    public static int ThreadsFor(long work) => SparseContext.Current.ThreadsFor(work);

    // Two setters racing on different settings must not lose either update.
    private static readonly object s_update = new();

    private static void Update(Func<SparseContext, SparseContext> change)
    {
        lock (s_update) SparseContext.Default = change(SparseContext.Default);
    }
}
