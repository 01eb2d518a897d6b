using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using SparseDsl.Generator;
using SparseDsl.Tests.Verification;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>
/// Every valid spec of Specs/ and every focused spec of Snapshots/Focused/: the generated source matches its reviewed
/// baseline and compiles warning-free against SparseDsl.Runtime.
/// </summary>
public class SnapshotTests
{
    public static IEnumerable<TheoryDataRow<string>> Corpus() => GeneratorHarness.CorpusFiles().Select(f => new TheoryDataRow<string>(f));

    public static IEnumerable<TheoryDataRow<string>> Focused() => FocusedSpecs.Files().Select(f => new TheoryDataRow<string>(f));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void GeneratedSourceMatchesBaselineAndCompiles(string fileName)
    {
        string source = GenerateAndCompile("Specs/" + fileName, GeneratorHarness.ReadSpec(fileName), "Specs." + fileName + ".g.cs");
        Snapshot.Verify(Path.GetFileNameWithoutExtension(fileName), source);
    }

    /// <summary>
    /// One small spec per construct (a storage kind and operation, an epilogue form, a format parameter, a stencil
    /// shape, escaped names), so a change to one emitter shows up in one small baseline beside the whole-spec ones.
    /// </summary>
    [Theory]
    [MemberData(nameof(Focused))]
    public void FocusedSpecMatchesBaselineAndCompiles(string fileName)
    {
        string source = GenerateAndCompile(FocusedSpecs.Folder + "/" + fileName, FocusedSpecs.Read(fileName), FocusedSpecs.Folder + "." + fileName + ".g.cs");
        Snapshot.Verify(FocusedSpecs.BaselineName(fileName), source);
    }

    /// <summary>Runs the generator over one spec, requires one source without errors that compiles with no warning, returns it.</summary>
    private static string GenerateAndCompile(string relativePath, string text, string hintName)
    {
        var run = GeneratorHarness.Run(null, (relativePath, text));
        Assert.Null(run.Single.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var generated = Assert.Single(run.Single.GeneratedSources);
        Assert.Equal(hintName, generated.HintName);
        string source = generated.SourceText.ToString();
        Assert.DoesNotContain("\r", source);

        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, relativePath + ":\n" + string.Join("\n", problems.Take(20)));
        return source;
    }

    [Fact]
    public void SpecsWithoutANamespaceUseTheDefault()
    {
        var run = GeneratorHarness.Run(null, ("Plain.sparse", "format F = csr<f64>;\nkernel Mv(A: F) : y = A * x;\n"));
        string source = Assert.Single(run.Single.GeneratedSources).SourceText.ToString();
        Assert.Contains("namespace SparseDsl.Generated;", source);
        Assert.Contains("public static partial class Plain", source);
        Assert.Contains("public static unsafe void Mv(global::SparseDsl.CsrMatrix<double> a, global::System.ReadOnlySpan<double> x, global::System.Span<double> y, global::SparseDsl.SparseContext? context)", source);
        Assert.Contains("public static void Mv(global::SparseDsl.CsrMatrix<double> a, global::System.ReadOnlySpan<double> x, global::System.Span<double> y)", source);
    }
}

/// <summary>The focused specs: <c>Snapshots/Focused/*.sparse</c>, each with its <c>.verified.cs</c> beside it.</summary>
internal static class FocusedSpecs
{
    public const string Folder = "Focused";

    /// <summary>The folder in the repository (found like the baselines, from the source path; it is not copied to bin/).</summary>
    public static string Directory => Path.Combine(Snapshot.Directory(), Folder);

    public static IEnumerable<string> Files() => System.IO.Directory.GetFiles(Directory, "*.sparse")
        .Select(Path.GetFileName)
        .OfType<string>()
        .OrderBy(n => n, StringComparer.Ordinal);

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    /// <summary>The snapshot name of a focused spec: <c>Focused/CsrMv</c> for <c>CsrMv.sparse</c>.</summary>
    public static string BaselineName(string fileName) => Folder + "/" + Path.GetFileNameWithoutExtension(fileName);
}
