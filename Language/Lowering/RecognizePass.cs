using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Lowering;

/// <summary>
/// The output of <see cref="RecognizePass"/>: what the kernel does (action, operator tree, typed operands) and its
/// coefficients as written (α = 1 is still a literal here). <see cref="Ok"/> is false when an earlier pass or this
/// one reported a diagnostic that does not stop recognition.
/// </summary>
public sealed record RecognizedKernel(KernelAction Action, OperatorNode Operator, Operand Input, Operand Output, Epilogue Epilogue, bool Ok);

/// <summary>Pass 3 of kernel lowering: the normal form → <c>out = α · op(A) · in + β · out</c>.</summary>
public static class RecognizePass
{
    /// <summary>
    /// Finds the one product of a matrix parameter with an operand and at most one term adding the output, decides
    /// the action (apply, apply transposed, apply to a dense block) and the operands' kinds (as declared, <c>x: vector</c>,
    /// <c>X: matrix</c>; an undeclared operand is a dense block when its name starts with an uppercase letter), and splits each coefficient into its number and at most one
    /// scalar name. Input: the bound kernel and its normal form. Output: a <see cref="RecognizedKernel"/>, or null when
    /// the form is not recognized or the matrix's format did not bind. Reports SPD120 (the output is a matrix
    /// parameter; no product, two products, two matrices, the matrix on the wrong side or not right before the
    /// operand, a transposed operand or dense block, an operand or output used as a coefficient, a declared operand multiplied
    /// like a matrix, two scalar names),
    /// SPD121 (vector and dense block mixed, or an added term that is not β times the output), SPD122 (an operand
    /// multiplied like a matrix that is no parameter), SPD123 (the output read as the input) and SPD114 (a declared
    /// element type that is not the matrix's, at the element type).
    /// </summary>
    public static RecognizedKernel? Run(BoundKernel kernel, NormalForm form, LoweringContext context)
    {
        bool ok = kernel.Ok && form.Ok;
        var kernelName = kernel.Name;
        var syntax = kernel.Syntax;
        var output = syntax.Output;
        var terms = form.Terms;
        if (kernel.IsMatrix(output.Text))
        {
            context.Report(D.UnsupportedKernelForm, output.Span, $"{Q(output.Text)} is a matrix parameter; the output needs another name");
            return null;
        }

        var productTerms = terms.Where(t => t.Names.Any(f => kernel.IsMatrix(f.Name.Text))).ToList();
        if (productTerms.Count == 0)
        {
            var unknown = terms.Where(t => t.Factors.Count >= 2 && t.Factors[t.Factors.Count - 2] is NameExpressionSyntax)
                .Select(t => (NameExpressionSyntax)t.Factors[t.Factors.Count - 2]).FirstOrDefault(f => f.Name.Text != output.Text);
            if (unknown is not null && kernel.OperandOf(unknown.Name.Text) is DeclaredOperand declared)
                context.Report(D.UnsupportedKernelForm, unknown.Name.Span,
                    $"{Q(unknown.Name.Text)} is declared as an operand (`{declared.Spelling}`), not a matrix: only a parameter of a format or stencil multiplies an operand");
            else if (unknown is not null)
                context.Report(D.UnknownOperand, unknown.Name.Span, $"{Q(unknown.Name.Text)} is not a parameter of kernel {Q(kernelName)}; declare it, e.g. `({unknown.Name.Text}: MyFormat)`");
            else
                context.Report(D.UnsupportedKernelForm, syntax.Expression.Span, $"the expression multiplies no matrix parameter of kernel {Q(kernelName)}");
            return null;
        }
        if (productTerms.Count > 1)
        {
            context.Report(D.UnsupportedKernelForm, productTerms[1].Span, "only one matrix product per kernel is supported: write one kernel per product");
            return null;
        }

        // The product term: coefficients * A * input.
        var product = productTerms[0];
        var matrixFactors = product.Factors.Select((f, i) => (f, i))
            .Where(p => p.f is NameExpressionSyntax n && kernel.IsMatrix(n.Name.Text)).ToList();
        if (matrixFactors.Count > 1)
        {
            context.Report(D.UnsupportedKernelForm, matrixFactors[1].f.Span, "a product of two matrices is not supported");
            return null;
        }
        var (matrix, matrixIndex) = ((NameExpressionSyntax)matrixFactors[0].f, matrixFactors[0].i);
        if (matrixIndex == product.Factors.Count - 1)
        {
            context.Report(D.UnsupportedKernelForm, matrix.Span, $"the matrix must multiply an operand on its right: write `{matrix.Name.Text} * x`");
            return null;
        }
        if (matrixIndex != product.Factors.Count - 2 || product.Factors[product.Factors.Count - 1] is not NameExpressionSyntax input)
        {
            context.Report(D.UnsupportedKernelForm, product.Factors[product.Factors.Count - 1].Span,
                $"the product must end with `{matrix.Name.Text} * operand`; scalar factors go before the matrix");
            return null;
        }
        if (input.Transposed)
        {
            context.Report(D.UnsupportedKernelForm, input.Span, $"the operand {Q(input.Name.Text)} cannot be transposed");
            return null;
        }
        if (input.Name.Text == output.Text)
        {
            context.Report(D.OutputAliasesInput, input.Span, output.Text);
            return null;
        }

        bool blockOutput = IsBlock(kernel, output.Text);
        bool blockInput = IsBlock(kernel, input.Name.Text);
        if (blockOutput != blockInput)
        {
            context.Report(D.ShapeMismatch, input.Span,
                $"{Q(output.Text)} is {KindText(kernel, output.Text)} but {Q(input.Name.Text)} is {KindText(kernel, input.Name.Text)}");
            return null;
        }
        if (blockOutput && matrix.Transposed)
        {
            context.Report(D.UnsupportedKernelForm, matrix.Span, $"the transposed product with a dense matrix ({matrix.Name.Text}' * {input.Name.Text}) is not supported");
            return null;
        }

        var alpha = Coefficient(kernel, product, product.Factors.Take(matrixIndex), output.Text, input.Name.Text, context, ref ok);

        // The other terms: at most one, beta * output.
        var betaTerms = terms.Where(t => t != product).ToList();
        var beta = Scalar.None;
        if (betaTerms.Count > 1)
        {
            context.Report(D.UnsupportedKernelForm, betaTerms[1].Span, $"only one term may add the output {Q(output.Text)}");
            return null;
        }
        if (betaTerms.Count == 1)
        {
            var term = betaTerms[0];
            if (term.Factors[term.Factors.Count - 1] is not NameExpressionSyntax added || added.Name.Text != output.Text || added.Transposed)
            {
                context.Report(D.ShapeMismatch, term.Factors[term.Factors.Count - 1].Span,
                    $"the added term must be the output {Q(output.Text)} times a scalar (beta * {output.Text})");
                return null;
            }
            beta = Coefficient(kernel, term, term.Factors.Take(term.Factors.Count - 1), output.Text, input.Name.Text, context, ref ok);
        }

        var format = kernel.FormatOf(matrix.Name.Text);
        var declaredOperator = kernel.OperatorOf(matrix.Name.Text);
        if (format is null && declaredOperator is null) return null;
        var element = format?.Element ?? declaredOperator!.Element;
        var typeName = format?.Name ?? declaredOperator!.Name;
        if (matrix.Conjugated && !matrix.Transposed && element.IsComplex())
        {
            context.Report(D.UnsupportedKernelForm, matrix.Span,
                $"{Q(matrix.Name.Text + "'.'")} is the conjugate of {Q(matrix.Name.Text)} without a transpose, which no kernel applies; write {Q(matrix.Name.Text + "'")} (adjoint) or {Q(matrix.Name.Text + ".'")} (transpose)");
            return null;
        }
        var action = blockOutput ? KernelAction.ApplyToBlock
            : !matrix.Transposed ? KernelAction.Apply
            : matrix.Conjugated && element.IsComplex() ? KernelAction.ApplyAdjoint
            : KernelAction.ApplyTransposed;
        var kind = blockOutput ? OperandKind.DenseBlock : OperandKind.Vector;
        ok &= ElementMatches(kernel, input.Name.Text, matrix.Name.Text, typeName, element, context);
        ok &= ElementMatches(kernel, output.Text, matrix.Name.Text, typeName, element, context);
        OperatorNode applied = format is not null
            ? new StoredMatrix(matrix.Name.Text, format)
            : new DeclaredOperator(matrix.Name.Text, declaredOperator!.Name, element);
        return new RecognizedKernel(action, applied,
            new Operand(input.Name.Text, kind, element), new Operand(output.Text, kind, element),
            new Epilogue(alpha, beta), ok);
    }

    /// <summary>
    /// Whether an operand is a dense block: as declared (<c>matrix</c>), else when its name starts with an uppercase
    /// letter (the rule for undeclared operands).
    /// </summary>
    private static bool IsBlock(BoundKernel kernel, string name)
        => kernel.OperandOf(name) is DeclaredOperand declared ? declared.Kind == OperandKind.DenseBlock : char.IsUpper(name[0]);

    /// <summary>"a dense matrix (uppercase)", "a vector (declared `vector`)" and the like, for SPD121.</summary>
    private static string KindText(BoundKernel kernel, string name)
    {
        var declared = kernel.OperandOf(name);
        bool block = IsBlock(kernel, name);
        var reason = declared is not null ? $"declared `{declared.Spelling}`" : block ? "uppercase" : "lowercase";
        return (block ? "a dense matrix" : "a vector") + " (" + reason + ")";
    }

    /// <summary>SPD114 at a declared element type that is not the matrix's (an operand has the element type of the matrix or operator it meets).</summary>
    private static bool ElementMatches(BoundKernel kernel, string operand, string matrix, string typeName, ScalarType matrixElement, LoweringContext context)
    {
        if (kernel.OperandOf(operand) is not { Element: ScalarType element, ElementSyntax: NameSyntax where } declared || element == matrixElement) return true;
        context.Report(D.OperandElementType, where.Span,
            $"the operand {Q(operand)} is declared `{declared.Spelling}` but the matrix {Q(matrix)} ({Q(typeName)}) holds {matrixElement.Description()}");
        return false;
    }

    /// <summary>
    /// A coefficient: the term's folded number (see <see cref="NormalizePass"/>) times at most one scalar name among
    /// <paramref name="factors"/> (a literal 1 stays a literal: for β it means "add"). The output, the input and a
    /// transposed name cannot be scalars (SPD120), nor can a second scalar name.
    /// </summary>
    private static Scalar Coefficient(BoundKernel kernel, SignedTerm term, IEnumerable<ExpressionSyntax> factors, string output, string input, LoweringContext context, ref bool ok)
    {
        string? parameter = null;
        foreach (var name in factors.OfType<NameExpressionSyntax>())
        {
            if (kernel.OperandOf(name.Name.Text) is DeclaredOperand declared && name.Name.Text != output && name.Name.Text != input)
            {
                context.Report(D.UnsupportedKernelForm, name.Span, $"{Q(name.Name.Text)} is declared `{declared.Spelling}` and cannot be used as a scalar coefficient");
                ok = false;
            }
            else if (name.Name.Text == output || name.Name.Text == input || name.Transposed)
            {
                context.Report(D.UnsupportedKernelForm, name.Span, $"{Q(name.Name.Text + name.Postfix)} cannot be used as a scalar coefficient");
                ok = false;
            }
            else if (parameter is null)
            {
                parameter = name.Name.Text;
            }
            else
            {
                context.Report(D.UnsupportedKernelForm, name.Span, $"at most one scalar parameter per term is supported ({Q(parameter)} and {Q(name.Name.Text)})");
                ok = false;
            }
        }
        return parameter is not null
            ? new Scalar(ScalarKind.Parameter, term.Coefficient, parameter)
            : new Scalar(ScalarKind.Literal, term.Coefficient);
    }

    private static string Q(string text) => LoweringContext.Quote(text);
}
