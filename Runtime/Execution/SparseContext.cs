using System;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// Where and how kernels run: today the thread budget (<see cref="MaxThreads"/>, <see cref="MinimumWorkPerThread"/>);
/// later also the device and a workspace pool. A context is immutable, so two solvers can run side by side on
/// different threads with different budgets: pass each its own context (<see cref="PartsFor"/>,
/// <c>ParallelRunner.Run(context, parts, body, state)</c>), or make it the calling
/// thread's current context with <see cref="Enter"/> for code that takes no context (the generated kernels call
/// <see cref="SparseExecution.PartsFor"/> and <c>ParallelRunner.Run(parts, body, state)</c>,
/// which read <see cref="Current"/>). <see cref="Default"/> is the process-wide context that
/// <see cref="SparseExecution"/>'s static settings read and replace.
/// Parallel regions of different threads still take turns on the one shared worker pool; inline (single-threaded)
/// parts never wait for it.
/// </summary>
public sealed class SparseContext
{
    /// <summary>The default <see cref="MinimumWorkPerThread"/>: 32,768 multiply-adds.</summary>
    public const long DefaultMinimumWorkPerThread = 32_768;

    private static SparseContext s_default = new(Environment.ProcessorCount, DefaultMinimumWorkPerThread);
    [ThreadStatic] private static SparseContext? t_current;

    /// <param name="maxThreads">Upper bound on the threads a kernel uses (1 = single-threaded); at least 1.</param>
    /// <param name="minimumWorkPerThread">Multiply-adds a thread must have before another thread is worth starting; at least 1.</param>
    public SparseContext(int maxThreads, long minimumWorkPerThread = DefaultMinimumWorkPerThread)
    {
        if (maxThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, $"maxThreads must be at least 1 (got {maxThreads}).");
        if (minimumWorkPerThread < 1)
            throw new ArgumentOutOfRangeException(nameof(minimumWorkPerThread), minimumWorkPerThread, $"minimumWorkPerThread must be at least 1 (got {minimumWorkPerThread}).");
        MaxThreads = maxThreads;
        MinimumWorkPerThread = minimumWorkPerThread;
    }

    /// <summary>The process-wide context (initially Environment.ProcessorCount threads, 32,768 multiply-adds per
    /// thread). Setting it affects every thread without a current context of its own.</summary>
    public static SparseContext Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The calling thread's context: the innermost <see cref="Enter"/> scope's, else <see cref="Default"/>.</summary>
    public static SparseContext Current => t_current ?? Default;

    /// <summary>Upper bound on parts a kernel splits into; 1 = single-threaded.</summary>
    public int MaxThreads { get; }

    /// <summary>Multiply-adds a thread must have before another thread is worth starting.</summary>
    public long MinimumWorkPerThread { get; }

    /// <summary>A copy with another thread budget.</summary>
    public SparseContext WithMaxThreads(int maxThreads) => new(maxThreads, MinimumWorkPerThread);

    /// <summary>A copy with another minimum work per thread.</summary>
    public SparseContext WithMinimumWorkPerThread(long minimumWorkPerThread) => new(MaxThreads, minimumWorkPerThread);

    /// <summary>clamp(work / MinimumWorkPerThread, 1, MaxThreads).</summary>
    public int ThreadsFor(long work)
    {
        long threads = work / MinimumWorkPerThread;
        return threads < 1 ? 1 : threads > MaxThreads ? MaxThreads : (int)threads;
    }

    /// <summary>
    /// Parts a kernel of the given work splits into: 1 when one thread does it, otherwise
    /// <see cref="SparseExecution.PartsPerThread"/> per thread, so that ParallelRunner's threads balance the load
    /// between themselves when one core runs slower instead of waiting for the slowest.
    /// </summary>
    public int PartsFor(long work)
    {
        int threads = ThreadsFor(work);
        return threads == 1 ? 1 : threads * SparseExecution.PartsPerThread;
    }

    /// <summary>Makes this the calling thread's <see cref="Current"/> context until the returned scope is disposed
    /// (scopes nest; dispose them in reverse order, on the thread that entered them).</summary>
    public Scope Enter()
    {
        SparseContext? previous = t_current;
        t_current = this;
        return new Scope(this, previous);
    }

    public override string ToString() => $"SparseContext(MaxThreads = {MaxThreads}, MinimumWorkPerThread = {MinimumWorkPerThread})";

    /// <summary>Restores the previous current context of the thread that called <see cref="Enter"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly SparseContext? _entered, _previous;

        internal Scope(SparseContext entered, SparseContext? previous) { _entered = entered; _previous = previous; }

        public void Dispose()
        {
            if (_entered is null) return;
            if (!ReferenceEquals(t_current, _entered))
                throw new InvalidOperationException("SparseContext scopes must be disposed in reverse order of Enter, on the thread that entered them.");
            t_current = _previous;
        }
    }
}
