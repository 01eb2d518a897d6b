using System.Collections.Generic;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Lowering;

/// <summary>
/// An operand declared in the parameters (<c>x: vector</c>, <c>X: matrix&lt;f32&gt;</c>): its kind and, when written,
/// its element type (<see cref="ElementSyntax"/> is where, for diagnostics).
/// </summary>
public sealed record DeclaredOperand(OperandKind Kind, ScalarType? Element, NameSyntax? ElementSyntax)
{
    /// <summary>How the declaration is written: <c>vector</c>, <c>matrix&lt;f64&gt;</c>.</summary>
    public string Spelling => (Kind == OperandKind.DenseBlock ? BindPass.MatrixKind : BindPass.VectorKind)
        + (ElementSyntax is null ? "" : "<" + ElementSyntax.Text + ">");
}

/// <summary>
/// A kernel parameter after binding: a matrix parameter (<see cref="Operand"/> null) of a format or stencil
/// (<see cref="Format"/>) or of a declared operator (<see cref="Operator"/>) — both null when its type did not bind —
/// or a declared operand.
/// </summary>
public sealed record BoundParameter(ParameterSyntax Syntax, StorageFormat? Format, DeclaredOperand? Operand = null, OperatorDeclaration? Operator = null)
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
    public bool IsMatrix(string name) => Parameters.TryGetValue(name, out var parameter) && parameter.Operand is null;

    /// <summary>The declaration of operand <paramref name="name"/>, null when the parameters do not declare it.</summary>
    public DeclaredOperand? OperandOf(string name) => Parameters.TryGetValue(name, out var parameter) ? parameter.Operand : null;

    /// <summary>The format of the matrix parameter <paramref name="name"/>, null when it is none or did not bind.</summary>
    public StorageFormat? FormatOf(string name) => Parameters.TryGetValue(name, out var parameter) ? parameter.Format : null;

    /// <summary>The declared operator of the parameter <paramref name="name"/>, null when it is none or did not bind.</summary>
    public OperatorDeclaration? OperatorOf(string name) => Parameters.TryGetValue(name, out var parameter) ? parameter.Operator : null;
}

/// <summary>Pass 1 of kernel lowering: kernel syntax → bound parameters and operand references.</summary>
public static class BindPass
{
    /// <summary>The parameter type of a declared vector operand.</summary>
    public const string VectorKind = "vector";

    /// <summary>The parameter type of a declared dense-matrix operand (a block of vectors).</summary>
    public const string MatrixKind = "matrix";

    /// <summary>Whether a parameter type declares an operand; such names are reserved: no format or stencil takes them (SPD009).</summary>
    public static bool IsOperandKind(string type) => type is VectorKind or MatrixKind;

    /// <summary>
    /// Resolves each parameter's type to a declared format or stencil, or to a declared operand (<c>vector</c>,
    /// <c>matrix</c>, optionally with an element type), and collects the names the expression reads. Input: a parsed
    /// kernel. Output: a <see cref="BoundKernel"/>, or null when the kernel has no matrix parameter (nothing to
    /// lower). Reports SPD124 (a parameter declared twice, at the second), SPD101 (a type that is no declared format
    /// or stencil, with "did you mean"; not for names declared but already reported), SPD103/SPD113 (an operand's
    /// element type), SPD114 (an element type on a format parameter), SPD120 (no matrix parameter, at the kernel's
    /// name) and SPD125 (a parameter the expression does not read, or an operand that is neither read nor the output).
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
            if (IsOperandKind(parameter.Type.Text))
            {
                ScalarType? element = null;
                if (parameter.ElementType is not null)
                {
                    if (context.TryElementType(parameter.ElementType, out var declared)) element = declared;
                    else ok = false;
                }
                var kind = parameter.Type.Text == MatrixKind ? OperandKind.DenseBlock : OperandKind.Vector;
                parameters.Add(parameter.Name.Text, new BoundParameter(parameter, null, new DeclaredOperand(kind, element, parameter.ElementType)));
                continue;
            }
            if (parameter.ElementType is not null)
            {
                context.Report(D.OperandElementType, parameter.ElementType.Span,
                    $"only operands (`{VectorKind}`, `{MatrixKind}`) take an element type; the parameter {LoweringContext.Quote(parameter.Name.Text)} has the element type of {LoweringContext.Quote(parameter.Type.Text)}");
                ok = false;
            }
            if (context.Operators.TryGetValue(parameter.Type.Text, out var declaredOperator))
            {
                parameters.Add(parameter.Name.Text, new BoundParameter(parameter, null, Operator: declaredOperator));
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
        bool anyMatrix = false;
        foreach (var parameter in syntax.Parameters) anyMatrix |= !IsOperandKind(parameter.Type.Text);
        if (!anyMatrix)
        {
            context.Report(D.UnsupportedKernelForm, syntax.Name.Span,
                $"the kernel {LoweringContext.Quote(kernelName)} has no matrix parameter; declare one, e.g. `kernel {kernelName}(A: MyFormat)`");
            return null;
        }

        var referenced = References(syntax.Expression);
        foreach (var parameter in syntax.Parameters)
        {
            bool operandOutput = IsOperandKind(parameter.Type.Text) && parameter.Name.Text == syntax.Output.Text;
            if (!referenced.Contains(parameter.Name.Text) && !operandOutput)
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
