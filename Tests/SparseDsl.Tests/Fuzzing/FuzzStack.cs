using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Runs a body on a thread with a 1 MB stack (the size of a worker or IDE thread that hosts the generator), so
/// deep recursion in the compiler shows up here instead of only on small stacks in the field. Exceptions are
/// rethrown on the caller with their original stack trace. (A private copy of the front end's SmallStack.Run.)
/// </summary>
internal static class FuzzStack
{
    public const int StackBytes = 1 << 20;

    public static T Run<T>(Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception exception) { failure = ExceptionDispatchInfo.Capture(exception); }
        }, StackBytes)
        { IsBackground = true, Name = "FuzzStack (1 MB)" };
        // Culture of the caller: the determinism tests set it on purpose.
        thread.CurrentCulture = Thread.CurrentThread.CurrentCulture;
        thread.CurrentUICulture = Thread.CurrentThread.CurrentUICulture;
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
