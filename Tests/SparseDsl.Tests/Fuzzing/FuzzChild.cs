using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Each fuzz test runs its campaign in a child process of this test executable: a stack overflow or a hang in the
/// compiler ends the child, not the suite, and the parent reports it with the case that was under test. The
/// child is the same test method with <see cref="Variable"/> set to the file it writes its report to.
/// <c>SPARSEDSL_FUZZ_INPROCESS=1</c> runs the campaign in the test process instead (for a debugger).
/// </summary>
internal static class FuzzChild
{
    public const string Variable = "SPARSEDSL_FUZZ_CHILD";

    /// <summary>The report file when this process is a fuzz child.</summary>
    public static string? ReportFile => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public static bool InProcess => ReportFile is not null || Environment.GetEnvironmentVariable("SPARSEDSL_FUZZ_INPROCESS") == "1";

    /// <summary>Runs <paramref name="method"/> (a fuzz test) in a child; null when it passed, else what to report.</summary>
    public static async Task<string?> RunAsync(string method, string lastCasePath, TimeSpan timeout)
    {
        string reportFile = Path.Combine(Path.GetTempPath(), $"sparsedsl-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        string assembly = typeof(FuzzChild).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", assembly, "-method", method, "-noColor" }) start.ArgumentList.Add(argument);
        start.Environment[Variable] = reportFile;
        File.Delete(lastCasePath);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool hung = false;
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try { await process.WaitForExitAsync(cancel.Token); }
            catch (OperationCanceledException)
            {
                hung = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        string output = await stdout + await stderr;
        try
        {
            if (!hung && process.ExitCode == 0 && output.Contains("Total: 1, Errors: 0, Failed: 0", StringComparison.Ordinal)) return null;
            if (!hung && File.Exists(reportFile)) return File.ReadAllText(reportFile);
            string lastCase = File.Exists(lastCasePath) ? File.ReadAllText(lastCasePath) : "(no case was under test)";
            string what = hung ? $"did not finish within {timeout.TotalSeconds:F0} s" : $"ended with exit code {process.ExitCode} without a report (a crash)";
            return $"the fuzz child process {what}; the case under test:\n{lastCase}\n\nits output (head):\n{Head(output)}";
        }
        finally
        {
            File.Delete(reportFile);
        }
    }

    /// <summary>The first lines of the output; a stack overflow prints its frames thousands of times.</summary>
    private static string Head(string output)
    {
        var lines = output.Split('\n');
        return string.Join("\n", lines.Take(40)) + (lines.Length > 40 ? $"\n… ({lines.Length - 40} more lines)" : "");
    }
}
