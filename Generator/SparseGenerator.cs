using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator;

/// <summary>Tracking names of the pipeline's stages (tests assert their cache behaviour by these names).</summary>
public static class SparseDslSteps
{
    /// <summary>A .sparse additional file read into (relative path, text).</summary>
    public const string ReadSpec = "SparseDsl.ReadSpec";
    /// <summary>The spec compiled to IR + diagnostics.</summary>
    public const string Compile = "SparseDsl.Compile";
    /// <summary>The IR projected for code generation (without the diagnostics and the source map).</summary>
    public const string SelectIr = "SparseDsl.SelectIr";
    /// <summary>The generated C# source of one spec.</summary>
    public const string Emit = "SparseDsl.Emit";
    /// <summary>The diagnostics of one spec (language and generator), reported apart from the source.</summary>
    public const string Diagnostics = "SparseDsl.Diagnostics";
    /// <summary>Every spec's hint name (to keep hint names unique).</summary>
    public const string HintNames = "SparseDsl.HintNames";
    /// <summary>The class and kernel names of every spec (to report a kernel two specs generate into one class).</summary>
    public const string Members = "SparseDsl.Members";
}

/// <summary>
/// The incremental generator: every <c>*.sparse</c> AdditionalFile → SpecCompiler → one generated C# file.
/// Every cached stage holds plain equatable data (no Compilation, no symbols, no Roslyn locations), so editing
/// one spec recompiles only that spec, and a change that leaves the IR unchanged regenerates nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SparseGenerator : IIncrementalGenerator
{
    private readonly Action<string, string>? _faultInjection;
    private readonly Func<string, string, SpecCompilation> _compile = SpecCompiler.Compile;

    public SparseGenerator() { }

    /// <summary>
    /// Test hooks: <paramref name="compile"/> stands in for <see cref="SpecCompiler.Compile"/> (pipeline tests
    /// independent of the language); <paramref name="faultInjection"/>(stage, relativePath) runs inside each guarded stage and may throw.
    /// </summary>
    internal SparseGenerator(Func<string, string, SpecCompilation>? compile = null, Action<string, string>? faultInjection = null)
    {
        _compile = compile ?? SpecCompiler.Compile;
        _faultInjection = faultInjection;
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.projectdir", out var dir) ? dir : null);

        var specs = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".sparse", StringComparison.OrdinalIgnoreCase))
            .Combine(projectDirectory)
            .Select(static (pair, cancellation) => new SpecText(
                pair.Left.Path,
                SpecPaths.Relative(pair.Left.Path, pair.Right),
                pair.Left.GetText(cancellation)?.ToString() ?? string.Empty))
            .WithTrackingName(SparseDslSteps.ReadSpec);

        var compiled = specs
            .Select((spec, _) => CompileSpec(spec))
            .WithTrackingName(SparseDslSteps.Compile);

        // The source map stays behind here (the IR has no positions): the emitted code must not change when a declaration only moves.
        var forEmit = compiled
            .Select(static (model, _) => new EmitInput(model.FilePath, model.RelativePath, model.Ir))
            .WithTrackingName(SparseDslSteps.SelectIr);

        var emitted = forEmit
            .Select((input, _) => EmitSpec(input))
            .WithTrackingName(SparseDslSteps.Emit);

        var hintNames = specs
            .Select(static (spec, _) => new SpecFile(spec.FilePath, spec.RelativePath))
            .Collect()
            .Select(static (files, _) => SpecPaths.UniqueHintNames(files).ToEquatableArray())
            .WithTrackingName(SparseDslSteps.HintNames);

        context.RegisterSourceOutput(emitted.Combine(hintNames), static (output, pair) =>
        {
            var (spec, allHintNames) = pair;
            // Only internal errors (SPD900) come from emission; the generator's located diagnostics travel below.
            foreach (var info in spec.Diagnostics) output.ReportDiagnostic(RoslynDiagnostics.Create(info, spec.FilePath));
            if (spec.Source is null) return;
            output.AddSource(SpecPaths.HintNameOf(spec.FilePath, spec.RelativePath, allHintNames), SourceText.From(spec.Source, Encoding.UTF8));
        });

        // The class and kernel names every spec generates (no positions), to find two specs writing the same member.
        var generatedMembers = compiled
            .Select(static (model, _) => SpecMembers.Of(model.FilePath, model.RelativePath, model.Ir))
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(SparseDslSteps.Members);

        // Language and generator diagnostics travel separately: a diagnostic that only moves is re-reported without regenerating code.
        var diagnostics = compiled
            .Combine(generatedMembers)
            .Select(static (pair, _) => new SpecDiagnostics(pair.Left.FilePath, CollectDiagnostics(pair.Left, pair.Right)))
            .WithTrackingName(SparseDslSteps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, spec) =>
        {
            foreach (var info in spec.Diagnostics) output.ReportDiagnostic(RoslynDiagnostics.Create(info, spec.FilePath));
        });
    }

    private static EquatableArray<DiagnosticInfo> CollectDiagnostics(SpecModel model, EquatableArray<SpecMembers> all)
    {
        if (model.Ir is null) return model.Diagnostics;
        var list = new System.Collections.Generic.List<DiagnosticInfo>(model.Diagnostics);
        try
        {
            list.AddRange(SpecChecks.Diagnostics(model.Ir, model.SourceMap));
            list.AddRange(SpecMembers.Clashes(model.FilePath, model.Ir, model.SourceMap, all));
        }
        catch (Exception exception)
        {
            list.Add(InternalError(model.RelativePath, exception));
        }
        return list.ToEquatableArray();
    }

    private SpecModel CompileSpec(SpecText spec)
    {
        try
        {
            _faultInjection?.Invoke(SparseDslSteps.Compile, spec.RelativePath);
            var result = _compile(spec.RelativePath, spec.Text);
            return new SpecModel(spec.FilePath, spec.RelativePath, result.Ir, result.Diagnostics, result.SourceMap);
        }
        catch (Exception exception)
        {
            return new SpecModel(spec.FilePath, spec.RelativePath, null,
                new EquatableArray<DiagnosticInfo>(new[] { InternalError(spec.RelativePath, exception) }), SourceMap.Empty);
        }
    }

    private GeneratedSpec EmitSpec(EmitInput input)
    {
        if (input.Ir is null) return new GeneratedSpec(input.FilePath, input.RelativePath, null, EquatableArray<DiagnosticInfo>.Empty);
        try
        {
            _faultInjection?.Invoke(SparseDslSteps.Emit, input.RelativePath);
            var result = SpecEmitter.Emit(input.Ir, input.RelativePath);
            return new GeneratedSpec(input.FilePath, input.RelativePath, result.Source, EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception exception)
        {
            return new GeneratedSpec(input.FilePath, input.RelativePath, null,
                new EquatableArray<DiagnosticInfo>(new[] { InternalError(input.RelativePath, exception) }));
        }
    }

    private static DiagnosticInfo InternalError(string relativePath, Exception exception)
        => Language.Diagnostics.Diagnostics.InternalError.At(Language.Text.SourceSpan.Empty, relativePath, exception.GetType().Name + ": " + exception.Message);
}
