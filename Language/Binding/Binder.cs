using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using SparseDsl.Language.Lowering;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

/// <summary>
/// Checks a parsed spec and lowers it to the kernel IR: names, element types, format arguments, stencil taps,
/// and kernel expressions normalised to <c>out = alpha * op(A) * in + beta * out</c>. Every problem becomes a
/// located diagnostic; declarations that bind cleanly still reach the IR.
/// </summary>
public sealed partial class Binder
{
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly string _text;
    private readonly Dictionary<string, (DeclarationSyntax Declaration, int Line)> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StorageFormat> _formats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperatorDeclaration> _operators = new(StringComparer.Ordinal);
    /// <summary>Names of format and stencil declarations that were reported and not parsed: references to them are not reported again.</summary>
    private readonly HashSet<string> _brokenFormats = new(StringComparer.Ordinal);
    /// <summary>Declared format and stencil names, sorted, lowercased beside them: the candidates of "did you mean".</summary>
    private (string Name, string Lower)[]? _formatCandidates;
    /// <summary>Where the kernel pass began in <see cref="_diagnostics"/>.</summary>
    private int _kernelPassStart;
    private LoweringContext? _context;

    /// <summary>Names longer than this get no "did you mean" suggestion, and are never suggested.</summary>
    public const int MaxSuggestionNameLength = 64;

    /// <summary>Edit-distance cells one spec may spend on "did you mean" suggestions, all together.</summary>
    public const long SuggestionBudget = 1L << 24;

    /// <summary>Edit-distance cells this binder computed (what <see cref="SuggestionBudget"/> bounds).</summary>
    internal long SuggestionWork { get; private set; }

    /// <summary>Edit-distance cells spent by the last <see cref="Bind"/> on this thread (for tests that bound the work).</summary>
    [ThreadStatic] internal static long LastSuggestionWork;

    private Binder(string text, List<DiagnosticInfo> diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
    }

    /// <summary>Binds and lowers a parsed spec; <paramref name="sourceMap"/> gets the position of each kernel of the IR.</summary>
    public static SpecIr Bind(SpecSyntax spec, string filePath, string text, List<DiagnosticInfo> diagnostics, out SourceMap sourceMap)
    {
        var binder = new Binder(text, diagnostics);
        var ir = binder.BindSpec(spec, filePath, out sourceMap);
        LastSuggestionWork = binder.SuggestionWork;
        return ir;
    }

    private SpecIr BindSpec(SpecSyntax spec, string filePath, out SourceMap sourceMap)
    {
        string? ns = null;
        int nsLine = 0;
        foreach (var ns1 in spec.Declarations.OfType<NamespaceSyntax>())
        {
            if (ns is null) { ns = ns1.Name; nsLine = ns1.Span.Line; }
            else Report(D.DuplicateNamespace, ns1.Span, nsLine);
        }

        foreach (var broken in spec.Declarations.OfType<BrokenDeclarationSyntax>())
        {
            if (broken.Name is not null && broken.Keyword is SparseToken.Format or SparseToken.Stencil or SparseToken.Operator or SparseToken.Projection)
                _brokenFormats.Add(broken.Name.Text);
        }

        foreach (var declaration in spec.Declarations)
        {
            var name = declaration switch
            {
                FormatSyntax f => f.Name,
                StencilSyntax s => s.Name,
                OperatorSyntax o => o.Name,
                ProjectionSyntax j => j.Name,
                PipelineSyntax p => p.Name,
                FamilySyntax f => f.Name,
                GradientSyntax g => g.Name,
                KernelSyntax k => k.Name,
                _ => null,
            };
            if (name is null) continue;
            if (_names.TryGetValue(name.Text, out var first))
            {
                Report(D.DuplicateName, name.Span, name.Text, first.Line);
                continue;
            }
            _names.Add(name.Text, (declaration, name.Span.Line));
        }

        var formats = new List<StorageFormat>();
        foreach (var declaration in spec.Declarations)
        {
            // `vector` and `matrix` declare operands in a kernel's parameters: no format or stencil takes those names.
            var declaredName = declaration switch { FormatSyntax f => f.Name, StencilSyntax s => s.Name, OperatorSyntax o => o.Name, ProjectionSyntax j => j.Name, _ => null };
            if (declaredName is not null && BindPass.IsOperandKind(declaredName.Text))
            {
                var reserved = declaredName;
                Report(D.ReservedWord, reserved.Span, reserved.Text);
                _brokenFormats.Add(reserved.Text);
                continue;
            }
            StorageFormat? format = declaration switch
            {
                FormatSyntax f => BindFormat(f),
                StencilSyntax s => BindStencil(s),
                _ => null,
            };
            if (format is null) continue;
            if (_names.TryGetValue(format.Name, out var owner) && owner.Declaration == declaration)
            {
                _formats[format.Name] = format;
                formats.Add(format);
            }
        }

        // Operators after the formats (a factor may name one), before the kernels (a parameter may name an operator).
        var operators = new List<OperatorDeclaration>();
        var positions = new List<KernelPosition>();
        foreach (var operatorSyntax in spec.Declarations.Where(d => d is OperatorSyntax or ProjectionSyntax))
        {
            var declaredName = operatorSyntax is OperatorSyntax o ? o.Name : ((ProjectionSyntax)operatorSyntax).Name;
            if (BindPass.IsOperandKind(declaredName.Text)) continue;
            var declared = operatorSyntax is OperatorSyntax op ? BindOperator(op) : BindProjection((ProjectionSyntax)operatorSyntax);
            if (declared is null)
            {
                _brokenFormats.Add(declaredName.Text);
                continue;
            }
            if (_names.TryGetValue(declared.Name, out var owner) && owner.Declaration == operatorSyntax)
            {
                _operators[declared.Name] = declared;
                operators.Add(declared);
                positions.Add(new KernelPosition(declared.Name, operatorSyntax.Span));
            }
        }

        var pipelines = new List<PipelineIr>();
        foreach (var pipelineSyntax in spec.Declarations.Where(d => d is PipelineSyntax or FamilySyntax))
        {
            var pipeline = pipelineSyntax is PipelineSyntax kroneckerSbl ? BindPipeline(kroneckerSbl) : BindFamily((FamilySyntax)pipelineSyntax);
            if (pipeline is not null && _names.TryGetValue(pipeline.Name, out var owner) && owner.Declaration == pipelineSyntax)
            {
                pipelines.Add(pipeline);
                positions.Add(new KernelPosition(pipeline.Name, pipelineSyntax.Span));
            }
        }

        var gradients = new List<GradientIr>();
        foreach (var gradientSyntax in spec.Declarations.OfType<GradientSyntax>())
        {
            var gradient = BindGradient(gradientSyntax);
            if (gradient is not null && _names.TryGetValue(gradient.Name, out var owner) && owner.Declaration == gradientSyntax)
            {
                gradients.Add(gradient);
                positions.Add(new KernelPosition(gradient.Name, gradientSyntax.Span));
            }
        }

        var kernels = new List<KernelIr>();
        _kernelPassStart = _diagnostics.Count;
        foreach (var kernelSyntax in spec.Declarations.OfType<KernelSyntax>())
        {
            var kernel = BindKernel(kernelSyntax);
            if (kernel is not null && _names.TryGetValue(kernel.Name, out var owner) && owner.Declaration == kernelSyntax)
            {
                kernels.Add(kernel);
                positions.Add(new KernelPosition(kernel.Name, kernelSyntax.Span));
            }
        }
        sourceMap = new SourceMap(positions.ToEquatableArray());

        return new SpecIr(ns ?? Compilation.SpecCompiler.DefaultNamespace, ClassNameFor(filePath), filePath,
            formats.ToEquatableArray(), kernels.ToEquatableArray(), operators.ToEquatableArray(), pipelines.ToEquatableArray(), gradients.ToEquatableArray());
    }

    /// <summary>The generated class is named after the file: <c>my-kernels.sparse</c> → <c>MyKernels</c>.</summary>
    public static string ClassNameFor(string filePath)
    {
        var fileName = filePath.Replace('\\', '/');
        fileName = fileName.Substring(fileName.LastIndexOf('/') + 1);
        int dot = fileName.IndexOf('.');
        if (dot > 0) fileName = fileName.Substring(0, dot);
        var parts = fileName.Split(new[] { '-', '_', ' ', '.' }, StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(parts.Select(p => new string(p.Where(char.IsLetterOrDigit).ToArray()))
            .Where(p => p.Length > 0)
            .Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        if (name.Length == 0) return "Spec";
        return char.IsDigit(name[0]) ? "_" + name : name;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args)
        => _diagnostics.Add(descriptor.At(span, args));

    private bool TryInteger(NumberSyntax number, string what, out int value)
    {
        if (int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        var reason = number.Text.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0
            ? $"{what} must be a whole number"
            : FormattableString.Invariant($"{what} must lie between {int.MinValue} and {int.MaxValue}");
        Report(D.NumberOutOfRange, number.Span, number.Text, reason);
        return false;
    }

    private bool TryReal(NumberSyntax number, out double value) => Context.TryReal(number, out value);

    /// <summary>Whether a finite value stays finite in <paramref name="elementType"/> (in each part of a complex type).</summary>
    private static bool FitsElementType(double value, ScalarType elementType) => LoweringContext.Fits(value, elementType);

    private static string ElementTypeName(ScalarType elementType) => elementType.Description();

    private static string Quote(string text) => "`" + text + "`";

    /// <summary>
    /// The declared format or stencil closest to <paramref name="name"/> in edit distance, if it is close enough.
    /// The work is bounded: long names are skipped, candidates whose length alone rules them out are not compared,
    /// no suggestion is computed for a kernel whose diagnostics fall past the diagnostic cap, and all suggestions of
    /// one spec together spend at most <see cref="SuggestionBudget"/> cells (after that, no more suggestions).
    /// </summary>
    private string? ClosestFormat(string name)
    {
        if (name.Length > MaxSuggestionNameLength) return null;
        if (_diagnostics.Count - _kernelPassStart >= Compilation.SpecCompiler.MaxDiagnostics) return null;
        _formatCandidates ??= _names
            .Where(n => n.Value.Declaration is FormatSyntax or StencilSyntax or OperatorSyntax or ProjectionSyntax && n.Key.Length <= MaxSuggestionNameLength)
            .Select(n => n.Key)
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => (n, n.ToLowerInvariant()))
            .ToArray();
        var lower = name.ToLowerInvariant();
        int threshold = Math.Max(2, name.Length / 3);
        string? best = null;
        int bestDistance = threshold + 1;
        foreach (var (candidate, candidateLower) in _formatCandidates)
        {
            if (Math.Abs(candidate.Length - name.Length) >= bestDistance) continue;
            long cells = (long)(lower.Length + 1) * (candidateLower.Length + 1);
            if (SuggestionWork + cells > SuggestionBudget) break;
            SuggestionWork += cells;
            int distance = EditDistance(lower, candidateLower);
            if (distance < bestDistance) { best = candidate; bestDistance = distance; }
        }
        return best;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

}
