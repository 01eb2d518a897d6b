using System;
using System.Linq;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    private const string HouseholderKind = "householder";

    /// <summary>Longest reflector a spec may declare (the chain stores k × n values and the generated class checks them).</summary>
    public const int MaxProjectionDimension = 1 << 24;

    /// <summary>
    /// Binds <c>projection Q = householder&lt;f64&gt;(n: 512, reflectors: 16[, rank: 10]);</c>. Reports SPD130 (an unknown
    /// kind), SPD103/SPD113 (the element type), SPD104 (unknown, repeated, missing or malformed arguments) and SPD134
    /// (a complex element type, n or reflectors out of range, reflectors &gt; n, rank outside [1, reflectors]).
    /// </summary>
    private OperatorDeclaration? BindProjection(ProjectionSyntax syntax)
    {
        var name = syntax.Name.Text;
        if (syntax.Kind.Text != HouseholderKind)
        {
            Report(D.UnknownOperatorKind, syntax.Kind.Span, syntax.Kind.Text, Quote(HouseholderKind));
            return null;
        }
        bool ok = Context.TryElementType(syntax.ElementType, out var element);
        if (ok && element.IsComplex())
        {
            Report(D.InvalidProjection, syntax.ElementType.Span, $"a Householder chain is real: {Quote(name)} takes f32 or f64, not {element.Spelling()}");
            ok = false;
        }
        var arguments = CollectArguments(syntax.Arguments, HouseholderKind, new[] { "n", "reflectors", "rank" }, positionalName: null, ref ok);
        int? Size(string key)
        {
            if (!arguments.TryGetValue(key, out var argument))
            {
                if (key != "rank")
                {
                    Report(D.InvalidFormatArgument, syntax.Name.Span, $"the projection {Quote(name)} needs `{key}`, e.g. `householder<f64>(n: 512, reflectors: 16)`");
                    ok = false;
                }
                return null;
            }
            if (!TrySizes(argument, key, 1, out var sizes)) { ok = false; return null; }
            if (sizes[0] < 1 || sizes[0] > MaxProjectionDimension)
            {
                Report(D.InvalidProjection, argument.Value.Span, FormattableString.Invariant($"`{key}` must lie between 1 and {MaxProjectionDimension}; it is {sizes[0]}"));
                ok = false;
                return null;
            }
            return sizes[0];
        }
        int? n = Size("n"), reflectors = Size("reflectors"), rank = Size("rank");
        if (n is int dimension && reflectors is int count && count > dimension)
        {
            Report(D.InvalidProjection, arguments["reflectors"].Value.Span,
                FormattableString.Invariant($"{Quote(name)} has {count} reflectors of length {dimension}: a chain has at most n reflectors"));
            ok = false;
        }
        if (reflectors is int k && rank is int r && r > k)
        {
            Report(D.InvalidProjection, arguments["rank"].Value.Span,
                FormattableString.Invariant($"the rank {r} of {Quote(name)} exceeds its {k} reflectors"));
            ok = false;
        }
        if (!ok || n is null || reflectors is null) return null;
        return new OperatorDeclaration(name, element, new HouseholderProjection(n.Value, reflectors.Value, rank),
            new MatrixShape(n.Value, n.Value), Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }
}
