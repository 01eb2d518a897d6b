using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    /// <summary>One product of a flattened kernel expression: a sign and its factors (numbers and names).</summary>
    private sealed class Term
    {
        public Term(double sign, List<ExpressionSyntax> factors, SourceSpan span)
        {
            Sign = sign;
            Factors = factors;
            Span = span;
        }

        public double Sign { get; }
        public List<ExpressionSyntax> Factors { get; }
        public SourceSpan Span { get; }
    }

    private KernelIr? BindKernel(KernelSyntax syntax)
    {
        bool ok = true;
        var kernelName = syntax.Name.Text;

        // Parameters: each names a declared format or stencil.
        var parameters = new Dictionary<string, (ParameterSyntax Syntax, StorageFormat? Format)>();
        foreach (var parameter in syntax.Parameters)
        {
            if (parameters.ContainsKey(parameter.Name.Text))
            {
                Report(D.DuplicateParameter, parameter.Name.Span, parameter.Name.Text);
                ok = false;
                continue;
            }
            if (!_formats.TryGetValue(parameter.Type.Text, out var parameterFormat))
            {
                bool declaredButBroken = _names.TryGetValue(parameter.Type.Text, out var declared)
                    && declared.Declaration is FormatSyntax or StencilSyntax
                    || _brokenFormats.Contains(parameter.Type.Text);
                if (!declaredButBroken)
                {
                    var closest = ClosestFormat(parameter.Type.Text);
                    Report(D.UnknownName, parameter.Type.Span, parameter.Type.Text, closest is null ? "" : $"; did you mean {Quote(closest)}?");
                }
                ok = false;
            }
            parameters.Add(parameter.Name.Text, (parameter, parameterFormat));
        }
        if (syntax.Parameters.Count == 0)
        {
            Report(D.UnsupportedKernelForm, syntax.Name.Span, $"the kernel {Quote(kernelName)} has no matrix parameter; declare one, e.g. `kernel {kernelName}(A: MyFormat)`");
            return null;
        }

        var terms = Flatten(syntax.Expression, ref ok);
        if (terms is null) return null;

        var output = syntax.Output;
        var used = new HashSet<string>();
        foreach (var term in terms)
            foreach (var factor in term.Factors.OfType<NameExpressionSyntax>())
                used.Add(factor.Name.Text);
        foreach (var parameter in syntax.Parameters)
        {
            if (!used.Contains(parameter.Name.Text))
            {
                Report(D.UnusedParameter, parameter.Name.Span, parameter.Name.Text);
                ok = false;
            }
        }
        if (parameters.ContainsKey(output.Text))
        {
            Report(D.UnsupportedKernelForm, output.Span, $"{Quote(output.Text)} is a matrix parameter; the output needs another name");
            return null;
        }

        var productTerms = terms.Where(t => t.Factors.OfType<NameExpressionSyntax>().Any(f => parameters.ContainsKey(f.Name.Text))).ToList();
        if (productTerms.Count == 0)
        {
            var unknown = terms.Where(t => t.Factors.Count >= 2 && t.Factors[t.Factors.Count - 2] is NameExpressionSyntax)
                .Select(t => (NameExpressionSyntax)t.Factors[t.Factors.Count - 2]).FirstOrDefault(f => f.Name.Text != output.Text);
            if (unknown is not null)
                Report(D.UnknownOperand, unknown.Name.Span, $"{Quote(unknown.Name.Text)} is not a parameter of kernel {Quote(kernelName)}; declare it, e.g. `({unknown.Name.Text}: MyFormat)`");
            else
                Report(D.UnsupportedKernelForm, syntax.Expression.Span, $"the expression multiplies no matrix parameter of kernel {Quote(kernelName)}");
            return null;
        }
        if (productTerms.Count > 1)
        {
            Report(D.UnsupportedKernelForm, productTerms[1].Span, "only one matrix product per kernel is supported: write one kernel per product");
            return null;
        }

        // The product term: coefficients * A * input.
        var product = productTerms[0];
        var matrixFactors = product.Factors.Select((f, i) => (f, i))
            .Where(p => p.f is NameExpressionSyntax n && parameters.ContainsKey(n.Name.Text)).ToList();
        if (matrixFactors.Count > 1)
        {
            Report(D.UnsupportedKernelForm, matrixFactors[1].f.Span, "a product of two matrices is not supported");
            return null;
        }
        var (matrixSyntax, matrixIndex) = ((NameExpressionSyntax)matrixFactors[0].f, matrixFactors[0].i);
        if (matrixIndex == product.Factors.Count - 1)
        {
            Report(D.UnsupportedKernelForm, matrixSyntax.Span, $"the matrix must multiply an operand on its right: write `{matrixSyntax.Name.Text} * x`");
            return null;
        }
        if (matrixIndex != product.Factors.Count - 2 || product.Factors[product.Factors.Count - 1] is not NameExpressionSyntax input)
        {
            Report(D.UnsupportedKernelForm, product.Factors[product.Factors.Count - 1].Span,
                $"the product must end with `{matrixSyntax.Name.Text} * operand`; scalar factors go before the matrix");
            return null;
        }
        if (input.Transposed)
        {
            Report(D.UnsupportedKernelForm, input.Span, $"the operand {Quote(input.Name.Text)} cannot be transposed");
            return null;
        }
        if (input.Name.Text == output.Text)
        {
            Report(D.OutputAliasesInput, input.Span, output.Text);
            return null;
        }

        bool matrixOutput = char.IsUpper(output.Text[0]);
        bool matrixInput = char.IsUpper(input.Name.Text[0]);
        if (matrixOutput != matrixInput)
        {
            Report(D.ShapeMismatch, input.Span, matrixOutput
                ? $"{Quote(output.Text)} is a dense matrix (uppercase) but {Quote(input.Name.Text)} is a vector (lowercase)"
                : $"{Quote(output.Text)} is a vector (lowercase) but {Quote(input.Name.Text)} is a dense matrix (uppercase)");
            return null;
        }
        if (matrixOutput && matrixSyntax.Transposed)
        {
            Report(D.UnsupportedKernelForm, matrixSyntax.Span, $"the transposed product with a dense matrix ({matrixSyntax.Name.Text}' * {input.Name.Text}) is not supported");
            return null;
        }

        var format = parameters[matrixSyntax.Name.Text].Format;
        var alpha = Coefficient(product, product.Factors.Take(matrixIndex), output.Text, input.Name.Text, format, ref ok);
        if (alpha.Kind == ScalarKind.Literal && alpha.Value == 1.0) alpha = Scalar.None;

        // The other terms: at most one, beta * output.
        var betaTerms = terms.Where(t => t != product).ToList();
        var beta = Scalar.None;
        if (betaTerms.Count > 1)
        {
            Report(D.UnsupportedKernelForm, betaTerms[1].Span, $"only one term may add the output {Quote(output.Text)}");
            return null;
        }
        if (betaTerms.Count == 1)
        {
            var term = betaTerms[0];
            if (term.Factors[term.Factors.Count - 1] is not NameExpressionSyntax added || added.Name.Text != output.Text || added.Transposed)
            {
                Report(D.ShapeMismatch, term.Factors[term.Factors.Count - 1].Span,
                    $"the added term must be the output {Quote(output.Text)} times a scalar (beta * {output.Text})");
                return null;
            }
            beta = Coefficient(term, term.Factors.Take(term.Factors.Count - 1), output.Text, input.Name.Text, format, ref ok);
        }

        if (!ok || format is null) return null;

        var action = matrixOutput ? KernelAction.ApplyToBlock
            : matrixSyntax.Transposed ? KernelAction.ApplyTransposed
            : KernelAction.Apply;
        var kind = matrixOutput ? OperandKind.DenseBlock : OperandKind.Vector;
        return new KernelIr(kernelName, action, new StoredMatrix(matrixSyntax.Name.Text, format),
            new Operand(input.Name.Text, kind, format.Element), new Operand(output.Text, kind, format.Element),
            new Epilogue(alpha, beta), SourceOf(syntax.Span), syntax.Span);
    }

    /// <summary>
    /// Folds numeric factors and at most one scalar name into a coefficient (a literal 1 stays a literal: for beta
    /// it means "add"). Each literal must fit the element type of <paramref name="format"/> (when it bound), and so
    /// must the folded product: an overflow is reported at the literal that causes it, never folded to infinity.
    /// </summary>
    private Scalar Coefficient(Term term, IEnumerable<ExpressionSyntax> factors, string output, string input, StorageFormat? format, ref bool ok)
    {
        double value = term.Sign;
        string? parameter = null;
        NumberExpressionSyntax? firstNumber = null;
        bool folding = true;
        foreach (var factor in factors)
        {
            switch (factor)
            {
                case NumberExpressionSyntax number:
                    firstNumber ??= number;
                    if (!TryReal(number.Number, out double literal) || !FitsElementType(number.Number, literal, format))
                    {
                        ok = false;
                        folding = false;
                        break;
                    }
                    if (!folding) break;
                    value *= literal;
                    if (!FitsElementType(value, format?.Element ?? ScalarType.F64))
                    {
                        var span = Spans.Cover(firstNumber.Span, number.Span);
                        Report(D.CoefficientOutOfRange, span, SourceOf(span),
                            $"the product of its numbers does not fit {ElementTypeName(format?.Element ?? ScalarType.F64)}");
                        ok = false;
                        folding = false;
                    }
                    break;
                case NameExpressionSyntax name when name.Name.Text == output || name.Name.Text == input || name.Transposed:
                    Report(D.UnsupportedKernelForm, name.Span, $"{Quote(name.Name.Text + (name.Transposed ? "'" : ""))} cannot be used as a scalar coefficient");
                    ok = false;
                    break;
                case NameExpressionSyntax name when parameter is null:
                    parameter = name.Name.Text;
                    break;
                case NameExpressionSyntax name:
                    Report(D.UnsupportedKernelForm, name.Span, $"at most one scalar parameter per term is supported ({Quote(parameter!)} and {Quote(name.Name.Text)})");
                    ok = false;
                    break;
            }
        }
        if (parameter is not null) return new Scalar(ScalarKind.Parameter, value, parameter);
        return new Scalar(ScalarKind.Literal, value);
    }

    /// <summary>
    /// Flattens the expression into a sum of signed products; products of sums are rejected. A chain
    /// (<c>a * b * c</c>, <c>a + b - c</c>) is a left-deep tree: its left spine is walked in a loop, so the
    /// recursion goes only into parentheses and unary minuses, whose depth the parser bounds.
    /// </summary>
    private List<Term>? Flatten(ExpressionSyntax expression, ref bool ok)
    {
        switch (expression)
        {
            case NumberExpressionSyntax or NameExpressionSyntax:
                return new List<Term> { new(1.0, new List<ExpressionSyntax> { expression }, expression.Span) };
            case ParenthesizedExpressionSyntax parenthesized:
                return Flatten(parenthesized.Inner, ref ok);
            case NegateExpressionSyntax negate:
            {
                var inner = Flatten(negate.Operand, ref ok);
                return inner?.Select(t => new Term(-t.Sign, t.Factors, Spans.Cover(negate.Span, t.Span))).ToList();
            }
            case BinaryExpressionSyntax:
            {
                var spine = new List<BinaryExpressionSyntax>();
                var leaf = expression;
                while (leaf is BinaryExpressionSyntax binary)
                {
                    spine.Add(binary);
                    leaf = binary.Left;
                }
                var accumulated = Flatten(leaf, ref ok);
                for (int i = spine.Count - 1; i >= 0; i--)
                {
                    var node = spine[i];
                    var right = Flatten(node.Right, ref ok);
                    if (accumulated is null || right is null)
                    {
                        accumulated = null;
                        continue;
                    }
                    if (node.Operator == '*')
                    {
                        if (accumulated.Count > 1 || right.Count > 1)
                        {
                            Report(D.UnsupportedKernelForm, (accumulated.Count > 1 ? node.Left : node.Right).Span,
                                "a product with a sum is not supported; expand it into separate terms");
                            accumulated = null;
                            continue;
                        }
                        var factors = accumulated[0].Factors;
                        factors.AddRange(right[0].Factors);
                        accumulated[0] = new Term(accumulated[0].Sign * right[0].Sign, factors, node.Span);
                    }
                    else
                    {
                        double sign = node.Operator == '-' ? -1.0 : 1.0;
                        foreach (var t in right) accumulated.Add(new Term(sign * t.Sign, t.Factors, t.Span));
                    }
                }
                return accumulated;
            }
        }
        return null;
    }
}
