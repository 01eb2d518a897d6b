using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using SparseDsl.Generator;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>The incremental pipeline caches what it should, and its models hold no Roslyn compilation state.</summary>
public class CachingTests
{
    private const string SpecPath = GeneratorHarness.ProjectDirectory + "Specs/Benchmarks.sparse";

    private static (GeneratorDriver Driver, CSharpCompilationHolder Compilation, AdditionalText Text) FirstRun(string text)
    {
        var additional = new InMemoryAdditionalText(SpecPath, text);
        var compilation = GeneratorHarness.ConsumerCompilation();
        var driver = GeneratorHarness.CreateDriver(new[] { (AdditionalText)additional }).RunGenerators(compilation, Xunit.TestContext.Current.CancellationToken);
        return (driver, new CSharpCompilationHolder(compilation), additional);
    }

    private sealed record CSharpCompilationHolder(Compilation Value);

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result)
        => result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void UnchangedTextIsServedFromTheCache()
    {
        string text = GeneratorHarness.ReadSpec("Benchmarks.sparse");
        var (driver, compilation, _) = FirstRun(text);
        var second = driver.RunGenerators(compilation.Value, Xunit.TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        foreach (var step in new[] { SparseDslSteps.ReadSpec, SparseDslSteps.Compile, SparseDslSteps.SelectIr, SparseDslSteps.Emit, SparseDslSteps.Diagnostics })
            Assert.All(Reasons(second, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(OutputReasons(second), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void CommentOnlyChangeStopsAtTheCompileStep()
    {
        string text = GeneratorHarness.ReadSpec("Benchmarks.sparse");
        string edited = ReplaceOnce(text, "// W1 in SELL-C-sigma", "// w1 IN sell-c-SIGMA"); // same length: no span moves
        var (driver, compilation, original) = FirstRun(text);
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(SpecPath, edited));
        var second = driver.RunGenerators(compilation.Value, Xunit.TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        Assert.All(Reasons(second, SparseDslSteps.ReadSpec), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(second, SparseDslSteps.Compile), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(second, SparseDslSteps.Emit), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(OutputReasons(second), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void RealChangeRegeneratesTheSource()
    {
        string text = GeneratorHarness.ReadSpec("Benchmarks.sparse");
        string edited = ReplaceOnce(text, "kernel CsrSpmvF64(", "kernel CsrSpmvX64(");
        var (driver, compilation, original) = FirstRun(text);
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(SpecPath, edited));
        var run = driver.RunGenerators(compilation.Value, Xunit.TestContext.Current.CancellationToken).GetRunResult();
        var second = run.Results.Single();
        Assert.All(Reasons(second, SparseDslSteps.Compile), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(second, SparseDslSteps.Emit), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains("CsrSpmvX64(", second.GeneratedSources.Single().SourceText.ToString());
    }

    /// <summary>
    /// The real language and generator: a blank line inserted at the top moves every span (the Compile step's output
    /// changes), yet the emitter's input is unchanged, the emitted source is served from the cache, and only the
    /// diagnostics are re-reported (at their new lines).
    /// </summary>
    [Theory]
    [InlineData("Benchmarks.sparse")]
    [InlineData("StencilKernels.sparse")]
    [InlineData("Kernels.sparse")]
    public void MovingEveryLineLeavesTheSourceOutputCached(string file)
    {
        string text = GeneratorHarness.ReadSpec(file) + "kernel Broken(A: Missing) : y = A * x;\n";
        string path = GeneratorHarness.ProjectDirectory + "Specs/" + file;
        var additional = new InMemoryAdditionalText(path, text);
        var compilation = GeneratorHarness.ConsumerCompilation();
        var driver = GeneratorHarness.CreateDriver(new[] { (AdditionalText)additional }).RunGenerators(compilation, Xunit.TestContext.Current.CancellationToken);
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        driver = driver.ReplaceAdditionalText(additional, new InMemoryAdditionalText(path, "\n" + text));
        var second = driver.RunGenerators(compilation, Xunit.TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        Assert.All(Reasons(second, SparseDslSteps.Compile), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(second, SparseDslSteps.SelectIr), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(second, SparseDslSteps.Emit), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        var outputs = second.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs).ToList();
        // A source output's tracked value is (added sources, reported diagnostics): the code's output adds the source.
        static int Sources(object? value) => ((ICollection)value!.GetType().GetField("Item1")!.GetValue(value)!).Count;
        var code = outputs.Where(o => Sources(o.Value) == 1).ToList();
        Assert.Single(code);
        Assert.All(code, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Contains(outputs, o => Sources(o.Value) == 0 && o.Reason == IncrementalStepRunReason.Modified); // the diagnostics, re-reported at their new lines
        Assert.Equal(before, second.GeneratedSources.Single().SourceText.ToString());
        var moved = Assert.Single(second.Diagnostics, d => d.Id == "SPD101");
        Assert.Equal(text.Split('\n').Length - 1, moved.Location.GetLineSpan().StartLinePosition.Line); // 0-based: one line further down
        Assert.DoesNotContain("line ", before.Split('\n').Where(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)).FirstOrDefault(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"line \d")) ?? "");
    }

    [Fact]
    public void TwoRunsAreByteIdentical()
    {
        foreach (var file in GeneratorHarness.CorpusFiles())
        {
            string text = GeneratorHarness.ReadSpec(file);
            string first = GeneratorHarness.Run(null, ("Specs/" + file, text)).Single.GeneratedSources.Single().SourceText.ToString();
            string second = GeneratorHarness.Run(null, ("Specs/" + file, text)).Single.GeneratedSources.Single().SourceText.ToString();
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void CachedModelsHoldNoCompilationOrSymbols()
    {
        var (driver, _, _) = FirstRun(GeneratorHarness.ReadSpec("Benchmarks.sparse"));
        var result = driver.GetRunResult().Results.Single();
        int walked = 0;
        foreach (var step in new[] { SparseDslSteps.ReadSpec, SparseDslSteps.Compile, SparseDslSteps.SelectIr, SparseDslSteps.Emit, SparseDslSteps.Diagnostics })
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
                walked += Walk(output.Value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
        Assert.True(walked > 50, $"walked only {walked} objects");
    }

    private static readonly Type[] Forbidden = { typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location), typeof(AdditionalText) };

    private static int Walk(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 1;
        var type = value.GetType();
        foreach (var forbidden in Forbidden)
            Assert.False(forbidden.IsAssignableFrom(type), $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value)) return 0;
        int count = 1;
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence) count += Walk(item, seen, path + "[]");
        }
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                count += Walk(field.GetValue(value), seen, path + "." + field.Name);
        return count;
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' not found in the spec");
        return text.Substring(0, at) + to + text.Substring(at + from.Length);
    }
}
