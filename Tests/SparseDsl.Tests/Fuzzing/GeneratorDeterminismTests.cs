using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SparseDsl.Language.Compilation;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// The same specs give byte-identical generator output (sources, hint names, diagnostics with their messages) in
/// another process and under other cultures (decimal comma, Arabic, Turkish dotted/dotless i). One child
/// process of this test executable renders the output under each culture, with the culture set as the thread's
/// and as every new thread's default (in this process that would leak into tests running in parallel).
/// </summary>
public class GeneratorDeterminismTests
{
    public const string ChildOutputVariable = "SPARSEDSL_FUZZ_DETERMINISM_OUT";

    private static readonly string[] Cultures = { "invariant", "sv-SE", "ar-SA", "tr-TR" };

    private static readonly Lazy<Task<string>> Child = new(RunChild);

    /// <summary>The corpus, the error corpus, generated specs with hostile names and specs aimed at culture-sensitive formatting.</summary>
    internal static (string Path, string Text)[] Specs()
    {
        var specs = Frontend.SpecFiles.ValidSpecs.Concat(Frontend.SpecFiles.ErrorSpecs)
            .Select(p => (Path.GetRelativePath(Frontend.SpecFiles.SpecsDirectory, p).Replace('\\', '/'), File.ReadAllText(p)))
            .ToList();
        for (int n = 0; n < 40; n++)
        {
            var generated = new SpecGrammar(GeneratorFuzzTests.CaseRandom(FuzzSettings.DefaultSeed, n)).Next(n);
            specs.Add((generated.Path, generated.Text));
        }
        specs.Add(("culture/Index.sparse", """
            namespace Istanbul.Items;
            format Idx = csr<f32>;
            format Ice = bsr<f64>(block: 2x3, shape: 1000x999);
            stencil Iris<f64>(grid: ix x iy, radius: 2) {
              [0,0] = 1.5; [-1,0] = -0.5; [-2,0] = 1e-3; [0,1] = 0.125; [0,-2] = -2.5e-310; [1,1] = 1.7976931348623157e308;
            }
            kernel Invert(I: Idx)  : y = 2.5 * I * x - 0.75 * y;
            kernel Item(Ix: Ice)   : yI = iota * Ix' * xI + 1e-3 * kappa * yI;
            kernel Iterate(Ir: Iris) : Y = -0.5 * Ir * XI + Y;
            kernel Bad(I: Missing) : y = I * x;
            """));
        specs.Add(("culture/ıi-İI.sparse", "format F = nm<f32>(2:4);\nkernel Ii(İ: F) : y = 0.1 * İ * x;\nkernel K(A: F) : y = 3.5 * A * x + 99999999999.5 * q;\n"));
        return specs.ToArray();
    }

    /// <summary>Everything the generator gives for the specs, as one text: diagnostics (id, place, message) and every source under its hint name; then the front end's diagnostics per spec.</summary>
    internal static string Render()
    {
        var specs = Specs();
        var run = GeneratorHarness.Run(null, specs);
        var text = new StringBuilder();
        foreach (var d in run.Diagnostics) text.Append(d.Id).Append(' ').Append(d.Location.GetLineSpan().ToString()).Append(' ').Append(d.GetMessage()).Append('\n');
        foreach (var source in run.Single.GeneratedSources)
            text.Append("=== ").Append(source.HintName).Append('\n').Append(source.SourceText.ToString()).Append('\n');
        foreach (var (path, spec) in specs)
        {
            text.Append("=== front end: ").Append(path).Append('\n');
            foreach (var d in SpecCompiler.Compile(path, spec).Diagnostics) text.Append(d.ToString()).Append(' ').Append(d.Code).Append(' ').Append(d.Message).Append('\n');
        }
        return text.ToString();
    }

    private static CultureInfo CultureNamed(string name) => name == "invariant" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(name);

    /// <summary>The child's work: renders under each culture into the folder named by <see cref="ChildOutputVariable"/>.</summary>
    [Fact]
    public void ChildRendersUnderEachCulture()
    {
        if (Environment.GetEnvironmentVariable(ChildOutputVariable) is not { Length: > 0 } folder)
        {
            Assert.Skip($"runs as the child process of {nameof(OutputIsIdenticalInAnotherProcessAndCulture)}");
            return;
        }
        foreach (var name in Cultures)
        {
            var culture = CultureNamed(name);
            CultureInfo.DefaultThreadCurrentCulture = culture;
            CultureInfo.DefaultThreadCurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            // The culture must really be in force (no invariant-globalization mode), or the comparison proves nothing.
            string probe = SmallStack.Run(() => 1.5.ToString() + "|" + "i".ToUpper() + "|" + (-1).ToString());
            string expected = name switch
            {
                "sv-SE" => "1,5|I|\u22121",
                "tr-TR" => "1,5|\u0130|-1",
                "invariant" => "1.5|I|-1",
                _ => probe,
            };
            Assert.Equal(expected, probe);
            if (name == "ar-SA") Assert.Equal("ar-SA", SmallStack.Run(() => CultureInfo.CurrentCulture.Name));
            File.WriteAllText(Path.Combine(folder, name + ".txt"), SmallStack.Run(Render), new UTF8Encoding(false));
        }
    }

    [Theory]
    [InlineData("invariant")]
    [InlineData("sv-SE")]
    [InlineData("ar-SA")]
    [InlineData("tr-TR")]
    public async Task OutputIsIdenticalInAnotherProcessAndCulture(string culture)
    {
        if (Environment.GetEnvironmentVariable(ChildOutputVariable) is not null) Assert.Skip("this is the child process");
        string folder = await Child.Value;
        string expected = SmallStack.Run(() =>
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return Render();
        });
        string path = Path.Combine(folder, culture + ".txt");
        Assert.True(File.Exists(path), $"the child wrote no output for {culture}");
        string actual = File.ReadAllText(path, Encoding.UTF8);
        if (actual != expected) Assert.Fail($"generator output in a child process under {culture} differs from this process's (invariant culture):\n{FirstDifference(expected, actual)}");
    }

    private static async Task<string> RunChild()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sparsedsl-determinism-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        string assembly = typeof(GeneratorDeterminismTests).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", assembly, "-method", typeof(GeneratorDeterminismTests).FullName + "." + nameof(ChildRendersUnderEachCulture), "-noColor" })
            start.ArgumentList.Add(argument);
        start.Environment[ChildOutputVariable] = folder;
        start.Environment.Remove("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        if (process.ExitCode != 0 || !output.Contains("Total: 1, Errors: 0, Failed: 0, Skipped: 0", StringComparison.Ordinal))
            throw new InvalidOperationException($"the child process failed (exit {process.ExitCode}):\n{(output.Length > 6000 ? output.Substring(output.Length - 6000) : output)}");
        return folder;
    }

    /// <summary>The first differing line of each section (hint name) that differs, up to six of them.</summary>
    internal static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var report = new StringBuilder();
        int shown = 0;
        string section = "(diagnostics)";
        for (int line = 0; line < Math.Max(a.Length, b.Length) && shown < 6; line++)
        {
            string left = line < a.Length ? a[line] : "(end)", right = line < b.Length ? b[line] : "(end)";
            if (left.StartsWith("=== ", StringComparison.Ordinal)) section = left;
            if (left == right) continue;
            report.Append(CultureInfo.InvariantCulture, $"in {section}, line {line + 1} of the rendering:\n  this process: {left}\n  child:        {right}\n");
            shown++;
            // Skip to the next section: one line per differing section.
            while (line + 1 < a.Length && !a[line + 1].StartsWith("=== ", StringComparison.Ordinal)) line++;
            if (line + 1 >= b.Length || a.Length != b.Length) break;
        }
        return report.ToString();
    }
}
