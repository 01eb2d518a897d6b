using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Compilation;
using SparseDsl.Tests.Generator;
using LanguageSeverity = SparseDsl.Language.Diagnostics.DiagnosticSeverity;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>One way a spec broke the compiler. <see cref="Signature"/> groups failures of one cause (and drives shrinking).</summary>
internal sealed record FuzzFailure(string Signature, string Detail);

/// <summary>What the front end and the emitter made of one spec.</summary>
internal sealed record FrontEndResult(SpecCase Case, SpecCompilation? Compilation, EmitResult? Emitted, FuzzFailure? Failure)
{
    /// <summary>The spec bound without errors and was emitted: its output goes into the compile sample.</summary>
    public bool Binds => Failure is null && Emitted is not null;
}

/// <summary>
/// The checks of the fuzz tests. Front end and emitter, on a 1 MB stack: never throw, finish quickly, every
/// diagnostic inside the text, no internal error; a spec without errors is emitted with warnings only. Compile:
/// the real generator (driver, hint names, diagnostics) over several specs at once, and the output compiled
/// against SparseDsl.Runtime with Roslyn in memory: no C# error or warning.
/// </summary>
internal static class FuzzPipeline
{
    public static FrontEndResult FrontEnd(SpecCase spec)
    {
        var watch = Stopwatch.StartNew();
        SpecCompilation compilation;
        try
        {
            compilation = SmallStack.Run(() => SpecCompiler.Compile(spec.Path, spec.Text));
        }
        catch (Exception exception)
        {
            return new(spec, null, null, Thrown("SpecCompiler.Compile", exception));
        }
        if (watch.Elapsed > FuzzSettings.PerCaseLimit)
            return new(spec, compilation, null, new("slow:compile", $"SpecCompiler.Compile took {watch.Elapsed.TotalSeconds:F1} s (limit {FuzzSettings.PerCaseLimit.TotalSeconds:F0} s) for {spec.Text.Length} characters"));
        if (LocationProblem(spec.Text, compilation) is FuzzFailure misplaced) return new(spec, compilation, null, misplaced);
        if (compilation.Diagnostics.FirstOrDefault(d => d.Code == "SPD900") is { } internalError)
            return new(spec, compilation, null, new("internal:" + ExceptionTypeIn(internalError.Message), internalError.ToString() + " " + internalError.Message));
        if (compilation.HasErrors || compilation.Ir is null) return new(spec, compilation, null, null);

        watch.Restart();
        EmitResult emitted;
        try
        {
            emitted = SmallStack.Run(() => SpecEmitter.Emit(compilation.Ir, spec.Path));
        }
        catch (Exception exception)
        {
            return new(spec, compilation, null, Thrown("SpecEmitter.Emit", exception));
        }
        if (watch.Elapsed > FuzzSettings.PerCaseLimit)
            return new(spec, compilation, null, new("slow:emit", $"SpecEmitter.Emit took {watch.Elapsed.TotalSeconds:F1} s"));
        // SPD201-SPD203 are the generator's own located errors where the user must act (a reserved name, a kernel
        // two specs generate, too many kernels); the code emitted for the rest must still compile.
        if (emitted.Diagnostics.FirstOrDefault(d => d.Severity == LanguageSeverity.Error && !UserMustAct.Contains(d.Code)) is { } emitError)
            return new(spec, compilation, null, new("emit-error:" + emitError.Code, $"{emitError.Code} {emitError.Span}: {emitError.Message}"));
        return new(spec, compilation, emitted, null);
    }

    private static readonly System.Collections.Generic.HashSet<string> UserMustAct = new() { "SPD201", "SPD202", "SPD203", "SPD204" };

    /// <summary>Every diagnostic a well-formed code and a span inside the text (positions 1-based).</summary>
    private static FuzzFailure? LocationProblem(string text, SpecCompilation compilation)
    {
        string body = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        // Lines as Roslyn (and so every editor) counts them: LF, CR LF, lone CR, U+0085, U+2028, U+2029.
        int lines = Microsoft.CodeAnalysis.Text.SourceText.From(body).Lines.Count;
        foreach (var d in compilation.Diagnostics)
        {
            bool ok = Regex.IsMatch(d.Code, "^SPD[0-9]{3}$")
                && d.Span.Line >= 1 && d.Span.Line <= lines
                && d.Span.Column >= 1 && d.Span.Column <= body.Length + 1
                && d.Span.Start >= 0 && d.Span.Start <= body.Length
                && d.Span.End >= d.Span.Start && d.Span.End <= body.Length
                && !string.IsNullOrWhiteSpace(d.Message);
            if (!ok)
                return new("misplaced:" + d.Code, $"{d.Code} at line {d.Span.Line}, column {d.Span.Column}, [{d.Span.Start}, {d.Span.End}) in a text of {body.Length} characters and {lines} lines: {d.Message}");
        }
        return null;
    }

    private static FuzzFailure Thrown(string stage, Exception exception)
    {
        var frame = new StackTrace(exception, false).GetFrames().Select(f => f.GetMethod()).FirstOrDefault(m => m is not null);
        string where = frame is null ? "?" : $"{frame.DeclaringType?.Name}.{frame.Name}";
        return new($"throw:{stage}:{exception.GetType().Name}:{where}", $"{stage} threw {exception.GetType().FullName}: {exception.Message}\n{Head(exception.StackTrace, 12)}");
    }

    private static string ExceptionTypeIn(string message) => Regex.Match(message, @"\b([A-Z][A-Za-z]*Exception)\b") is { Success: true } m ? m.Groups[1].Value : "SPD900";

    public static string Head(string? text, int lines) => text is null ? "" : string.Join("\n", text.Split('\n').Take(lines));

    // ---- compiling the output ----------------------------------------------------------------------

    /// <summary>
    /// Runs the generator over the specs (each binds) in one driver run and compiles everything it generated in
    /// one consumer compilation. Returns a failure per spec whose generated file has a C# error or warning, or
    /// for which the generator reported an error or produced no source. Specs must have distinct
    /// (namespace, class) pairs; a cross-spec clash is told apart by <see cref="CompileAlone"/> when shrinking.
    /// </summary>
    public static Dictionary<SpecCase, FuzzFailure> CompileBatch(IReadOnlyList<SpecCase> specs)
    {
        var failures = new Dictionary<SpecCase, FuzzFailure>();
        GeneratorRun run;
        try
        {
            run = SmallStack.Run(() => GeneratorHarness.Run(null, specs.Select(s => (s.Path, s.Text)).ToArray()));
        }
        catch (Exception exception)
        {
            foreach (var spec in specs) failures[spec] = Thrown("generator driver", exception);
            return failures;
        }
        var result = run.Single;
        if (result.Exception is { } thrown)
        {
            foreach (var spec in specs) failures[spec] = Thrown("SparseGenerator", thrown);
            return failures;
        }
        var byPath = specs.ToDictionary(s => GeneratorHarness.ProjectDirectory + s.Path, StringComparer.Ordinal);
        foreach (var diagnostic in run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !UserMustAct.Contains(d.Id)))
        {
            var path = diagnostic.Location.GetLineSpan().Path;
            var culprits = byPath.TryGetValue(path, out var spec) ? new[] { spec } : specs.ToArray();
            foreach (var culprit in culprits)
                failures.TryAdd(culprit, new("generator-error:" + diagnostic.Id, diagnostic.ToString()));
        }

        // Generated trees by the spec they came from: hint names start with the spec's folder (s17/...) as s17.
        var treeOwner = new Dictionary<SyntaxTree, SpecCase>();
        foreach (var source in result.GeneratedSources)
        {
            var owner = specs.FirstOrDefault(s => source.HintName.StartsWith(Folder(s) + ".", StringComparison.Ordinal));
            if (owner is not null) treeOwner[source.SyntaxTree] = owner;
        }
        foreach (var spec in specs)
            if (!failures.ContainsKey(spec) && !treeOwner.ContainsValue(spec))
                failures[spec] = new("no-source", "the generator produced no source for a spec without errors; generated: "
                    + string.Join(", ", result.GeneratedSources.Select(s => s.HintName)));

        var errors = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        foreach (var group in errors.GroupBy(d => d.Location.SourceTree))
        {
            var culprits = group.Key is not null && treeOwner.TryGetValue(group.Key, out var owner) ? new[] { owner } : specs.ToArray();
            foreach (var culprit in culprits)
                failures.TryAdd(culprit, CSharpFailure(group.ToList()));
        }
        return failures;
    }

    /// <summary>The generator and the C# compile over this one spec alone (for shrinking and to confirm a batch failure).</summary>
    public static FuzzFailure? CompileAlone(SpecCase spec)
    {
        var front = FrontEnd(spec);
        if (front.Failure is not null) return front.Failure;
        if (!front.Binds) return null;
        return CompileBatch(new[] { spec }).TryGetValue(spec, out var failure) ? failure : null;
    }

    private static FuzzFailure CSharpFailure(List<Diagnostic> diagnostics)
    {
        var first = diagnostics.OrderBy(d => d.Severity == DiagnosticSeverity.Error ? 0 : 1).ThenBy(d => d.Location.SourceSpan.Start).First();
        string Line(Diagnostic d)
        {
            var text = d.Location.SourceTree?.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim() ?? "";
            return $"{d.Id} {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage(CultureInfo.InvariantCulture)}\n      in: {(text.Length > 160 ? text.Substring(0, 160) + "…" : text)}";
        }
        return new("csharp:" + first.Id, string.Join("\n", diagnostics.Take(4).Select(Line)) + (diagnostics.Count > 4 ? $"\n(+{diagnostics.Count - 4} more)" : ""));
    }

    public static string Folder(SpecCase spec) => spec.Path.Substring(0, Math.Max(0, spec.Path.IndexOf('/')));

    /// <summary>The (namespace, class) a spec's generated class has: two specs of one batch must differ in it.</summary>
    public static string ClassKey(FrontEndResult front) => front.Compilation?.Ir is { } ir ? ir.Namespace + "." + ir.ClassName : "";
}
