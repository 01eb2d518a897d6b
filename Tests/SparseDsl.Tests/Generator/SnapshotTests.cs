using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using SparseDsl.Generator;
using SparseDsl.Tests.Verification;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>Every valid spec of Specs/: the generated source matches its reviewed baseline and compiles warning-free.</summary>
public class SnapshotTests
{
    public static IEnumerable<TheoryDataRow<string>> Corpus() => GeneratorHarness.CorpusFiles().Select(f => new TheoryDataRow<string>(f));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void GeneratedSourceMatchesBaselineAndCompiles(string fileName)
    {
        var run = GeneratorHarness.Run(null, ("Specs/" + fileName, GeneratorHarness.ReadSpec(fileName)));
        Assert.Null(run.Single.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var generated = Assert.Single(run.Single.GeneratedSources);
        Assert.Equal("Specs." + fileName + ".g.cs", generated.HintName);
        string source = generated.SourceText.ToString();
        Assert.DoesNotContain("\r", source);

        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));

        Snapshot.Verify(Path.GetFileNameWithoutExtension(fileName), source);
    }

    [Fact]
    public void SpecsWithoutANamespaceUseTheDefault()
    {
        var run = GeneratorHarness.Run(null, ("Plain.sparse", "format F = csr<f64>;\nkernel Mv(A: F) : y = A * x;\n"));
        string source = Assert.Single(run.Single.GeneratedSources).SourceText.ToString();
        Assert.Contains("namespace SparseDsl.Generated;", source);
        Assert.Contains("public static partial class Plain", source);
        Assert.Contains("public static unsafe void Mv(global::SparseDsl.CsrMatrix<double> a, global::System.ReadOnlySpan<double> x, global::System.Span<double> y)", source);
    }
}
