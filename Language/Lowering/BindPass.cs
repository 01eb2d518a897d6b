using System.Collections.Generic;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Lowering;

/// <summary>A kernel parameter after binding: a matrix parameter, whose <see cref="Format"/> is null when its format or stencil did not bind.</summary>
public sealed record BoundParameter(ParameterSyntax Syntax, StorageFormat? Format)
{
    public string Name => Syntax.Name.Text;
}

/// <summary>
/// The output of <see cref="BindPass"/>: the kernel's syntax, its parameters by name (the first of each name) and the
/// names its expression reads. <see cref="Ok"/> is false when a diagnostic was reported (later passes still run, to
/// report what they find, but no IR is planned).
/// </summary>
public sealed record BoundKernel(KernelSyntax Syntax, IReadOnlyDictionary<string, BoundParameter> Parameters, IReadOnlyCollection<string> Referenced, bool Ok)
{
    public string Name => Syntax.Name.Text;

    /// <summary>Whether <paramref name="name"/> is a matrix parameter (a format or stencil, bound or not).</summary>
    public bool IsMatrix(string name) => Parameters.ContainsKey(name);

    /// <summary>The format of the matrix parameter <paramref name="name"/>, null when it is none or did not bind.</summary>
    public StorageFormat? FormatOf(string name) => Parameters.TryGetValue(name, out var parameter) ? parameter.Format : null;
}

/// <summary>Pass 1 of kernel lowering: kernel syntax → bound parameters and operand references.</summary>
public static class BindPass
{
    /// <summary>
    /// Resolves each parameter's type to a declared format or stencil and collects the names the expression reads.
    /// Input: a parsed kernel. Output: a <see cref="BoundKernel"/>, or null when the kernel has no parameter (nothing
    /// to lower). Reports SPD124 (a parameter declared twice, at the second), SPD101 (a type that is no declared
    /// format or stencil, with "did you mean"; not for names declared but already reported), SPD120 (no parameter,
    /// at the kernel's name) and SPD125 (a parameter the expression does not read, at the parameter).
    /// </summary>
    public static BoundKernel? Run(KernelSyntax syntax, LoweringContext context)
    {
        bool ok = true;
        var kernelName = syntax.Name.Text;
        var parameters = new Dictionary<string, BoundParameter>();
        foreach (var parameter in syntax.Parameters)
        {
            if (parameters.ContainsKey(parameter.Name.Text))
            {
                context.Report(D.DuplicateParameter, parameter.Name.Span, parameter.Name.Text);
                ok = false;
                continue;
            }
            if (!context.Formats.TryGetValue(parameter.Type.Text, out var format))
            {
                if (!context.IsDeclaredButBroken(parameter.Type.Text))
                {
                    var closest = context.Suggest(parameter.Type.Text);
                    context.Report(D.UnknownName, parameter.Type.Span, parameter.Type.Text,
                        closest is null ? "" : $"; did you mean {LoweringContext.Quote(closest)}?");
                }
                ok = false;
            }
            parameters.Add(parameter.Name.Text, new BoundParameter(parameter, format));
        }
        if (syntax.Parameters.Count == 0)
        {
            context.Report(D.UnsupportedKernelForm, syntax.Name.Span,
                $"the kernel {LoweringContext.Quote(kernelName)} has no matrix parameter; declare one, e.g. `kernel {kernelName}(A: MyFormat)`");
            return null;
        }

        var referenced = References(syntax.Expression);
        foreach (var parameter in syntax.Parameters)
        {
            if (!referenced.Contains(parameter.Name.Text))
            {
                context.Report(D.UnusedParameter, parameter.Name.Span, parameter.Name.Text);
                ok = false;
            }
        }
        return new BoundKernel(syntax, parameters, referenced, ok);
    }

    /// <summary>Every name the expression reads. An explicit stack, not recursion: a chain of 256 operators is a left-deep tree.</summary>
    private static HashSet<string> References(ExpressionSyntax expression)
    {
        var names = new HashSet<string>();
        var pending = new Stack<ExpressionSyntax>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NameExpressionSyntax name: names.Add(name.Name.Text); break;
                case NegateExpressionSyntax negate: pending.Push(negate.Operand); break;
                case ParenthesizedExpressionSyntax parenthesized: pending.Push(parenthesized.Inner); break;
                case BinaryExpressionSyntax binary: pending.Push(binary.Left); pending.Push(binary.Right); break;
            }
        }
        return names;
    }
}
