using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    /// <summary>The input gradient, Targetᵀ·g, a parameter of every gradient.</summary>
    private const string InputParameter = "input";

    /// <summary>
    /// Binds <c>gradient G of Target : wrt p, …;</c>. Reports SPD101 (no operator or format of that name), SPD147 (a
    /// parameter the target does not have, one named twice, a complex element type, a target whose gradient is not
    /// implemented: a rank-truncated Householder projector, a format other than csr). Returns null when reported.
    /// </summary>
    private GradientIr? BindGradient(GradientSyntax syntax)
    {
        var targetName = syntax.Target.Text;
        OperatorDeclaration? declared = _operators.TryGetValue(targetName, out var op) ? op : null;
        StorageFormat? format = declared is null && _formats.TryGetValue(targetName, out var f) ? f : null;
        if (declared is null && format is null)
        {
            if (!_brokenFormats.Contains(targetName))
            {
                var closest = ClosestFormat(targetName);
                Report(D.UnknownName, syntax.Target.Span, targetName, closest is null ? "" : $"; did you mean {Quote(closest)}?");
            }
            return null;
        }
        var element = declared?.Element ?? format!.Element;
        if (element.IsComplex())
        {
            Report(D.InvalidGradient, syntax.Target.Span, $"the gradients are real vector–Jacobian products: {Quote(targetName)} holds {element.Spelling()}");
            return null;
        }

        string[] parameters;
        switch (declared?.Definition)
        {
            case KroneckerProduct product:
                parameters = product.Factors.Select(factor => factor.ParameterName).Append(InputParameter).ToArray();
                break;
            case LowRankPlusSparseNode:
                parameters = new[] { "B", "A", "values", InputParameter };
                break;
            case HouseholderProjection { Rank: null }:
                parameters = new[] { "reflectors", InputParameter };
                break;
            case HouseholderProjection:
                Report(D.InvalidGradient, syntax.Target.Span, $"the gradient of a rank-truncated Householder projector is not implemented; declare {Quote(targetName)} without `rank` (the chain Q)");
                return null;
            case RandomProjection:
                parameters = new[] { InputParameter };
                break;
            case null when format is { Kind: FormatKind.Csr, Index: IndexWidth.I32 }:
                parameters = new[] { "values", InputParameter };
                break;
            case null when format is { Kind: FormatKind.Csr }:
                Report(D.InvalidGradient, syntax.Target.Span, $"the gradient of a csr format is implemented for 32-bit indices; {Quote(targetName)} has index: i64");
                return null;
            default:
                Report(D.InvalidGradient, syntax.Target.Span, $"gradients of {(format is not null ? format.Kind.ToString().ToLowerInvariant() + " formats" : "this operator")} are not implemented; a gradient takes an operator or a csr format");
                return null;
        }

        bool ok = true;
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var parameter in syntax.Parameters)
        {
            if (!parameters.Contains(parameter.Text))
            {
                Report(D.InvalidGradient, parameter.Span, $"{Quote(targetName)} has no parameter {Quote(parameter.Text)}; its parameters are {string.Join(", ", parameters.Select(Quote))}");
                ok = false;
            }
            else if (!seen.Add(parameter.Text))
            {
                Report(D.InvalidGradient, parameter.Span, $"{Quote(parameter.Text)} is listed twice");
                ok = false;
            }
        }
        if (!ok) return null;
        return new GradientIr(syntax.Name.Text, element, declared, format, syntax.Parameters.Select(p => p.Text).ToEquatableArray(),
            Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }
}
