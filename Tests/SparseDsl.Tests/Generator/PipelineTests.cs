using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using SparseDsl.Generator;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using SparseDsl.Language.Text;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>
/// The pipeline's caching and diagnostics split with a tiny stand-in compiler (independent of the real language):
/// lines "kernel NAME" become CSR kernels, "error L C" a located SPD001, lines starting with "//" are ignored.
/// </summary>
public class PipelineTests
{
    private const string Path = GeneratorHarness.ProjectDirectory + "Specs/Fake.sparse";

    internal static SpecCompilation FakeCompile(string path, string text)
    {
        var format = TestIr.Csr("F", ScalarType.F64);
        var lines = text.Split('\n');
        var kernels = lines
            .Select((line, index) => (line, index))
            .Where(l => l.line.StartsWith("kernel ", StringComparison.Ordinal))
            .Select(l => (Kernel: TestIr.Kernel(l.line.Substring(7).Trim(), KernelAction.Apply, format, "y = A * x"), Line: l.index + 1))
            .ToArray();
        var diagnostics = lines
            .Select((line, index) => (line, index))
            .Where(l => l.line.StartsWith("error ", StringComparison.Ordinal))
            .Select(l =>
            {
                var parts = l.line.Split(' ');
                int line = int.Parse(parts[1]), column = int.Parse(parts[2]);
                return Diagnostics.SyntaxError.At(new SourceSpan(0, 1, line, column, line, column + 1), "fake error");
            })
            .ToEquatableArray();
        return new SpecCompilation(TestIr.Spec("Fake", "Fake", path, kernels.Select(k => k.Kernel).ToArray()), diagnostics, TestIr.Map(kernels));
    }

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText Text) First(string text)
    {
        var additional = new InMemoryAdditionalText(Path, text);
        var compilation = GeneratorHarness.ConsumerCompilation();
        var driver = GeneratorHarness.CreateDriver(new[] { (AdditionalText)additional }, new SparseGenerator(FakeCompile))
            .RunGenerators(compilation, TestContext.Current.CancellationToken);
        return (driver, compilation, additional);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation, AdditionalText old, string text)
        => driver.ReplaceAdditionalText(old, new InMemoryAdditionalText(Path, text))
            .RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

    private static IncrementalStepRunReason Reason(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).Single();

    [Fact]
    public void UnchangedInputIsCachedEverywhere()
    {
        var (driver, compilation, text) = First("kernel A\n");
        var result = driver.RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        foreach (var step in new[] { SparseDslSteps.ReadSpec, SparseDslSteps.Compile, SparseDslSteps.SelectIr, SparseDslSteps.Emit, SparseDslSteps.Diagnostics })
            Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, step));
        Assert.All(result.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Single(result.GeneratedSources);
    }

    [Fact]
    public void CommentChangeStopsAtCompile()
    {
        var (driver, compilation, text) = First("// one\nkernel A\n");
        var result = Rerun(driver, compilation, text, "// two\nkernel A\n");
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, SparseDslSteps.ReadSpec));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(result, SparseDslSteps.Compile));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, SparseDslSteps.Emit));
        Assert.All(result.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void MovedDiagnosticDoesNotRegenerateCode()
    {
        var (driver, compilation, text) = First("kernel A\nerror 2 1\n");
        var result = Rerun(driver, compilation, text, "kernel A\nerror 2 5\n");
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, SparseDslSteps.Compile));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(result, SparseDslSteps.SelectIr));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, SparseDslSteps.Emit));
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, SparseDslSteps.Diagnostics));
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "SPD001");
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(1, 4), diagnostic.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void RealChangeRegenerates()
    {
        var (driver, compilation, text) = First("kernel A\n");
        var result = Rerun(driver, compilation, text, "kernel B\n");
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, SparseDslSteps.Compile));
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, SparseDslSteps.Emit));
        Assert.Contains("public static unsafe void B(", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void OnlyTheEditedSpecIsRecompiled()
    {
        var one = new InMemoryAdditionalText(GeneratorHarness.ProjectDirectory + "Specs/One.sparse", "kernel A\n");
        var two = new InMemoryAdditionalText(GeneratorHarness.ProjectDirectory + "Specs/Two.sparse", "kernel B\n");
        var compilation = GeneratorHarness.ConsumerCompilation();
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { one, two }, new SparseGenerator(FakeCompile))
            .RunGenerators(compilation, TestContext.Current.CancellationToken);
        driver = driver.ReplaceAdditionalText(two, new InMemoryAdditionalText(two.Path, "kernel C\n"));
        var result = driver.RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        var compileReasons = result.TrackedSteps[SparseDslSteps.Compile].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }, compileReasons);
        Assert.Equal(new[] { "Specs.One.sparse.g.cs", "Specs.Two.sparse.g.cs" }, result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void NonSparseAdditionalFilesAreIgnoredAndMissingProjectDirFallsBackToFileName()
    {
        var compilation = GeneratorHarness.ConsumerCompilation();
        var driver = GeneratorHarness.CreateDriver(
            new AdditionalText[] { new InMemoryAdditionalText("/x/notes.txt", "kernel A\n"), new InMemoryAdditionalText("/x/deep/Fake.sparse", "kernel A\n") },
            new SparseGenerator(FakeCompile), withProjectDirectory: false).RunGenerators(compilation, TestContext.Current.CancellationToken);
        var generated = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        Assert.Equal("Fake.sparse.g.cs", generated.HintName);
    }
}
