using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SparseDsl.Generator;

namespace SparseDsl.Tests.Generator;

/// <summary>Runs the SparseDsl generator in memory over .sparse texts and compiles what it produces.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDirectory = "/project/";

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(CsrMatrix<>).Assembly.Location);
        paths.Add(typeof(ILGPU.Context).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    /// <summary>The BCL and SparseDsl.Runtime.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithAllowUnsafe(true)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithWarningLevel(9999) // every warning wave: generated code must be clean under all of them
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            // The consumer's own hidden/info diagnostics (unused usings) are not the generator's business.
            ["CS8019"] = ReportDiagnostic.Suppress,
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    /// <summary>A consumer compilation with one trivial source file, against the BCL and the real SparseDsl.Runtime (<see cref="References"/>).</summary>
    public static CSharpCompilation ConsumerCompilation(string assemblyName = "Consumer")
    {
        var placeholder = CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Placeholder { } }", ParseOptions, "Placeholder.cs");
        return CSharpCompilation.Create(assemblyName, [placeholder], References, CompilationOptions);
    }

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, SparseGenerator? generator = null, bool withProjectDirectory = true)
    {
        var options = new TestAnalyzerConfigOptionsProvider(withProjectDirectory ? ProjectDirectory : null);
        return CSharpGeneratorDriver.Create(
            new[] { (generator ?? new SparseGenerator()).AsSourceGenerator() },
            specs,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs the generator over the given (project-relative path, text) specs.</summary>
    public static GeneratorRun Run(SparseGenerator? generator = null, params (string RelativePath, string Text)[] specs)
    {
        var compilation = ConsumerCompilation();
        var driver = CreateDriver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(ProjectDirectory + s.RelativePath, s.Text)), generator);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), (CSharpCompilation)output, generatorDiagnostics);
    }

    /// <summary>Compiles generated source in a consumer compilation; returns every warning and error.</summary>
    public static ImmutableArray<Diagnostic> CompileDiagnostics(string source, string path = "Generated.g.cs")
    {
        var compilation = ConsumerCompilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, ParseOptions, path));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
    }

    /// <summary>Compiles generated source and loads it (a collectible context; SparseDsl.Runtime is shared with the tests).</summary>
    public static Assembly CompileAndLoad(string source, string assemblyName)
    {
        var compilation = ConsumerCompilation(assemblyName).AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, ParseOptions, "Generated.g.cs"));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
            throw new InvalidOperationException("generated code does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext(assemblyName, isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>Reads a spec of the repository's Specs/ folder (copied beside the test binaries).</summary>
    public static string ReadSpec(string fileName) => File.ReadAllText(Path.Combine(SpecsDirectory, fileName));

    public static string SpecsDirectory => Path.Combine(AppContext.BaseDirectory, "Specs");

    public static IEnumerable<string> CorpusFiles() => Directory.GetFiles(SpecsDirectory, "*.sparse")
        .Select(Path.GetFileName)
        .OfType<string>()
        .OrderBy(n => n, StringComparer.Ordinal);
}

internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, CSharpCompilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public GeneratorRunResult Single => Result.Results.Single();

    public string SourceOf(string hintName) => Single.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}

internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestAnalyzerConfigOptionsProvider(string? projectDirectory) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(projectDirectory);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(string? projectDirectory) : AnalyzerConfigOptions
    {
        public static Options Empty { get; } = new(null);

        public override bool TryGetValue(string key, out string value)
        {
            value = (key == "build_property.projectdir" ? projectDirectory : null)!;
            return value is not null;
        }
    }
}
