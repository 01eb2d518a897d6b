using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// Runs body(context, p) for p in [0, parts) on persistent background workers (started lazily, grown to parts − 1);
/// the caller runs part 0 and blocks until all parts finish. No allocation per call in steady state.
/// Concurrent callers are serialized by a lock (one parallel region at a time); a nested call from inside a body
/// runs its parts inline on the calling thread. The first exception thrown by any part is rethrown on the caller
/// with its original stack trace.
/// </summary>
public static unsafe class ParallelRunner
{
    private static readonly object s_gate = new();
    private static readonly ManualResetEventSlim s_done = new(false);
    private static Worker[] s_workers = Array.Empty<Worker>();
    private static delegate*<void*, int, void> s_body;
    private static void* s_context;
    private static int s_pending;
    private static ExceptionDispatchInfo? s_error;

    [ThreadStatic] private static bool t_inRegion;

    /// <summary>Number of worker threads started so far.</summary>
    internal static int WorkerCount => Volatile.Read(ref s_workers).Length;

    public static void Run(int parts, delegate*<void*, int, void> body, void* context)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (body == null) throw new ArgumentNullException(nameof(body));
        if (parts == 1 || t_inRegion)
        {
            for (int p = 0; p < parts; p++) body(context, p);
            return;
        }
        lock (s_gate)
        {
            t_inRegion = true;
            try
            {
                EnsureWorkers(parts - 1);
                s_body = body;
                s_context = context;
                s_error = null;
                s_done.Reset();
                Volatile.Write(ref s_pending, parts - 1);
                Worker[] workers = s_workers;
                for (int p = 1; p < parts; p++) workers[p - 1].Start(p);
                try { body(context, 0); }
                catch (Exception e) { Record(e); }
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
        private int _part;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "SparseDsl worker " + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            thread.Start();
        }

        public void Start(int part)
        {
            _part = part;
            _start.Set();
        }

        private void Loop()
        {
            t_inRegion = true;   // a body that calls Run again runs inline here
            while (true)
            {
                _start.Wait();
                _start.Reset();
                try { s_body(s_context, _part); }
                catch (Exception e) { Record(e); }
                finally
                {
                    if (Interlocked.Decrement(ref s_pending) == 0) s_done.Set();
                }
            }
        }
    }
}
