using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// Runs body(context, p) for p in [0, parts) on min(parts, MaxThreads of the <see cref="SparseContext"/>) threads: the caller and
/// persistent background workers (started lazily), each taking the next part from a shared counter until none is
/// left, so a thread that runs slower (a busy core) simply takes fewer parts. The caller blocks until all parts
/// finish. No allocation per call in steady state. Concurrent callers are serialized by a lock (one parallel region
/// at a time); a nested call from inside a body runs its parts inline on the calling thread. Every part runs even
/// when one throws; the first exception is rethrown on the caller with its original stack trace.
/// </summary>
public static unsafe class ParallelRunner
{
    private static readonly object s_gate = new();
    private static readonly ManualResetEventSlim s_done = new(false);
    private static Worker[] s_workers = Array.Empty<Worker>();
    private static delegate*<void*, int, void> s_body;
    private static void* s_context;
    private static int s_parts;
    private static int s_next;
    private static int s_pending;
    private static ExceptionDispatchInfo? s_error;

    [ThreadStatic] private static bool t_inRegion;

    /// <summary>Number of worker threads started so far.</summary>
    internal static int WorkerCount => Volatile.Read(ref s_workers).Length;

    /// <summary>Runs the parts under the calling thread's <see cref="SparseContext.Current"/> thread budget.</summary>
    public static void Run(int parts, delegate*<void*, int, void> body, void* context) => Run(SparseContext.Current, parts, body, context);

    /// <summary>Runs the parts on at most <paramref name="budget"/>.MaxThreads threads (the caller's included).</summary>
    public static void Run(SparseContext budget, int parts, delegate*<void*, int, void> body, void* context)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (body == null) throw new ArgumentNullException(nameof(body));
        int threads = Math.Min(parts, budget.MaxThreads);
        if (threads == 1 || t_inRegion)
        {
            RunInline(parts, body, context);
            return;
        }
        lock (s_gate)
        {
            t_inRegion = true;
            try
            {
                EnsureWorkers(threads - 1);
                s_body = body;
                s_context = context;
                s_parts = parts;
                s_error = null;
                s_done.Reset();
                Volatile.Write(ref s_next, 0);
                Volatile.Write(ref s_pending, threads - 1);
                Worker[] workers = s_workers;
                for (int w = 0; w < threads - 1; w++) workers[w].Start();
                RunParts();
                s_done.Wait();
                s_body = null;
                s_context = null;
                ExceptionDispatchInfo? error = s_error;
                s_error = null;
                error?.Throw();
            }
            finally { t_inRegion = false; }
        }
    }

    /// <summary>Every part on the calling thread; as on several threads, a part that throws does not stop the rest.</summary>
    private static void RunInline(int parts, delegate*<void*, int, void> body, void* context)
    {
        ExceptionDispatchInfo? error = null;
        for (int p = 0; p < parts; p++)
        {
            try { body(context, p); }
            catch (Exception e) { error ??= ExceptionDispatchInfo.Capture(e); }
        }
        error?.Throw();
    }

    /// <summary>Takes parts from the shared counter until none is left.</summary>
    private static void RunParts()
    {
        int parts = s_parts;
        for (int p = Interlocked.Increment(ref s_next) - 1; p < parts; p = Interlocked.Increment(ref s_next) - 1)
        {
            try { s_body(s_context, p); }
            catch (Exception e) { Record(e); }
        }
    }

    private static void Record(Exception e) => Interlocked.CompareExchange(ref s_error, ExceptionDispatchInfo.Capture(e), null);

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count) return;
        var grown = new Worker[count];
        Array.Copy(s_workers, grown, s_workers.Length);
        for (int i = s_workers.Length; i < count; i++) grown[i] = new Worker(i);
        Volatile.Write(ref s_workers, grown);
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _start = new(false);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "SparseDsl worker " + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            thread.Start();
        }

        public void Start() => _start.Set();

        private void Loop()
        {
            t_inRegion = true;   // a body that calls Run again runs inline here
            while (true)
            {
                _start.Wait();
                _start.Reset();
                RunParts();
                if (Interlocked.Decrement(ref s_pending) == 0) s_done.Set();
            }
        }
    }
}
