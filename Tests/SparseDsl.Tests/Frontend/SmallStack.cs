using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseDsl.Tests;

/// <summary>
/// Runs code on a fresh thread with a 1 MB stack, the smallest a compiler host is likely to give the generator,
/// so that unbounded recursion shows up as a failed test (a deep but bounded recursion still fits) instead of
/// killing the test host on the default 8 MB stack much later.
/// </summary>
public static class SmallStack
{
    /// <summary>The stack size of the thread <see cref="Run{T}"/> uses.</summary>
    public const int StackBytes = 1 << 20;

    /// <summary>Runs <paramref name="body"/> on a 1 MB-stack thread and returns its result; an exception it throws is rethrown here with its original stack trace.</summary>
    public static T Run<T>(Func<T> body)
    {
        if (body is null) throw new ArgumentNullException(nameof(body));
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception exception) { failure = ExceptionDispatchInfo.Capture(exception); }
        }, maxStackSize: StackBytes)
        { IsBackground = true, Name = "SmallStack (1 MB)" };
        // The caller's culture: the culture and determinism tests set it on purpose.
        thread.CurrentCulture = Thread.CurrentThread.CurrentCulture;
        thread.CurrentUICulture = Thread.CurrentThread.CurrentUICulture;
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
