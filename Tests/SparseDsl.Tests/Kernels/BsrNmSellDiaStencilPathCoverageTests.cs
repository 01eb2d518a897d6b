using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The BSR, N:M, SELL, DIA and stencil kernel tests rerun in a child process with the runtime's ISA switches turned
/// off, so the 256-bit, 128-bit (element-wise gathers) and scalar paths are checked against the same references.
/// </summary>
public class BsrNmSellDiaStencilPathCoverageTests
{
    [Theory]
    [InlineData("DOTNET_EnableAVX512", "256-bit paths")]
    [InlineData("DOTNET_EnableAVX2", "128-bit paths, element-wise gathers")]
    [InlineData("DOTNET_EnableHWIntrinsic", "scalar paths")]
    public async Task FormatKernelTestsPassWithNarrowerHardware(string switchName, string what)
    {
        if (Environment.GetEnvironmentVariable(CsrPathCoverageTests.ChildMarker) is not null)
            Assert.Skip("the narrower ISA paths are covered by the caller (a child run, or the ISA stages of .ci/run)");
        string assembly = typeof(BsrNmSellDiaStencilPathCoverageTests).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var type in new[] { typeof(BsrKernelsTests), typeof(NmKernelsTests), typeof(SellKernelsTests), typeof(DiaKernelsTests), typeof(StencilKernelsTests), typeof(BsrNmSellDiaStencilEpilogueTests), typeof(NonFiniteInputTests) })
        {
            start.ArgumentList.Add("-class");
            start.ArgumentList.Add(type.FullName!);
        }
        start.ArgumentList.Add("-noColor");
        start.Environment[switchName] = "0";
        start.Environment[CsrPathCoverageTests.ChildMarker] = "1";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(8));
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
