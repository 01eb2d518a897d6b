using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// Runs the parts of one kernel call on a small pool of persistent worker threads without allocating:
/// the body is a function pointer, its state a pointer to the caller's stack. The caller runs part 0 and waits
/// for the rest. Calls from several threads at once are serialized (a kernel already uses every worker).
/// </summary>
public static unsafe class ParallelRunner
{
    private static readonly object CallLock = new();
    private static Worker[] _workers = Array.Empty<Worker>();

    private static delegate*<void*, int, void> _body;
    private static void* _context;
    private static int _pending;
    private static ExceptionDispatchInfo? _failure;
    private static readonly ManualResetEventSlim AllDone = new(false);

    /// <summary>Calls <c>body(context, p)</c> for every p in [0, parts) and returns when all have finished.
    /// The first exception thrown by any part is rethrown here, with its original stack trace.</summary>
    public static void Run(int parts, delegate*<void*, int, void> body, void* context)
    {
        if (parts < 1) throw new ArgumentOutOfRangeException(nameof(parts), parts, "At least one part is needed.");
        if (body == null) throw new ArgumentNullException(nameof(body));
        if (parts == 1)
        {
            body(context, 0);
            return;
        }

        lock (CallLock)
        {
            EnsureWorkers(parts - 1);
            _body = body;
            _context = context;
            _failure = null;
            AllDone.Reset();
            Volatile.Write(ref _pending, parts - 1);
            for (int p = 1; p < parts; p++) _workers[p - 1].Start(p);

            try
            {
                body(context, 0);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }

            AllDone.Wait();
            _body = null;
            _context = null;
            var failure = _failure;
            _failure = null;
            failure?.Throw();
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (_workers.Length >= count) return;
        var grown = new Worker[count];
        Array.Copy(_workers, grown, _workers.Length);
        for (int i = _workers.Length; i < count; i++) grown[i] = new Worker(i + 1);
        _workers = grown;
    }

    private static void RunPart(int part)
    {
        try
        {
            _body(_context, part);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            if (Interlocked.Decrement(ref _pending) == 0) AllDone.Set();
        }
    }

    /// <summary>A background thread that waits for a part number, runs it, and waits again.</summary>
    private sealed class Worker
    {
        private readonly SemaphoreSlim _go = new(0);
        private int _part;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"SparseDsl worker {index}" };
            thread.Start();
        }

        public void Start(int part)
        {
            _part = part;
            _go.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                RunPart(_part);
            }
        }
    }
}
