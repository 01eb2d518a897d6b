using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The generated kernels pick a path by hardware (512/256/128-bit or scalar); in-process only the widest one the
/// machine accelerates runs. These tests rerun the CSR/CSC/COO/dense kernel tests in a child process with the
/// runtime's ISA switches turned off, so the narrower paths are checked against the same references.
/// </summary>
public class CsrPathCoverageTests
{
    public const string ChildMarker = "SPARSEDSL_PATH_COVERAGE_CHILD";

    [Theory]
    [InlineData("DOTNET_EnableAVX512F", "256-bit paths")]
    [InlineData("DOTNET_EnableAVX2", "128-bit paths, element-wise gathers")]
    [InlineData("DOTNET_EnableHWIntrinsic", "scalar paths")]
    public async Task KernelTestsPassWithNarrowerHardware(string switchName, string what)
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) is not null) return;
        string assembly = typeof(CsrPathCoverageTests).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly, "-class", typeof(CsrKernelTests).FullName!, "-class", typeof(CscKernelTests).FullName!,
                     "-class", typeof(CooKernelTests).FullName!, "-class", typeof(DenseKernelTests).FullName!, "-noColor" })
            start.ArgumentList.Add(argument);
        start.Environment[switchName] = "0";
        start.Environment[ChildMarker] = "1";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{what} ({switchName}=0) failed:\n{Tail(output)}");
        Assert.Contains("Failed: 0", output);
        Assert.DoesNotContain("Total: 0,", output);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text.Substring(text.Length - 6000);
}
