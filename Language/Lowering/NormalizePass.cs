using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Lowering;

/// <summary>
/// One product of the normal form: its factors in source order (numbers and names) and its coefficient, the sign
/// times every number factor (<see cref="CoefficientOk"/> is false when a number did not fit, already reported).
/// </summary>
public sealed record SignedTerm(double Sign, IReadOnlyList<ExpressionSyntax> Factors, SourceSpan Span, double Coefficient, bool CoefficientOk)
{
    /// <summary>The factors that are names (<c>A</c>, <c>A'</c>, <c>alpha</c>, <c>x</c>), in source order.</summary>
    public IEnumerable<NameExpressionSyntax> Names => Factors.OfType<NameExpressionSyntax>();
}

/// <summary>The output of <see cref="NormalizePass"/>: the expression as a sum of signed terms, in source order.</summary>
public sealed record NormalForm(IReadOnlyList<SignedTerm> Terms, bool Ok);

/// <summary>Pass 2 of kernel lowering: the expression → a sum of signed products with folded coefficients.</summary>
public static class NormalizePass
{
    /// <summary>
    /// Flattens the kernel expression into signed products (parentheses and unary minuses removed, signs multiplied
    /// out) and folds each product's numbers into its coefficient. Input: a bound kernel. Output: the
    /// <see cref="NormalForm"/>, or null when the expression has a product with a sum. Reports SPD120 ("a product with
    /// a sum", at the sum), SPD003 (a number that fits no f64, or not the element type of the kernel's matrix — the
    /// first matrix parameter the expression names) and SPD126 (a product of numbers that overflows that type, over
    /// the numbers from the first to the one that overflows).
    /// </summary>
    public static NormalForm? Run(BoundKernel kernel, LoweringContext context)
    {
        var products = Flatten(kernel.Syntax.Expression, context);
        if (products is null) return null;
        var element = products.SelectMany(p => p.Factors).OfType<NameExpressionSyntax>()
            .Where(n => kernel.IsMatrix(n.Name.Text)).Select(n => kernel.FormatOf(n.Name.Text)).FirstOrDefault();
        bool ok = true;
        var terms = new List<SignedTerm>(products.Count);
        foreach (var product in products)
        {
            var term = Fold(product, element, context);
            ok &= term.CoefficientOk;
            terms.Add(term);
        }
        return new NormalForm(terms, ok);
    }

    /// <summary>
    /// Multiplies the numbers of one product into its sign. Each literal must fit the element type of
    /// <paramref name="format"/> (any finite double when it is null), and so must the running product: an overflow is
    /// reported at the numbers that cause it, never folded to infinity, and folding stops there.
    /// </summary>
    private static SignedTerm Fold(Product product, StorageFormat? format, LoweringContext context)
    {
        double value = product.Sign;
        bool ok = true, folding = true;
        NumberExpressionSyntax? firstNumber = null;
        var element = format?.Element ?? ScalarType.F64;
        foreach (var number in product.Factors.OfType<NumberExpressionSyntax>())
        {
            firstNumber ??= number;
            if (!context.TryReal(number.Number, out double literal))
            {
                ok = folding = false;
                continue;
            }
            if (format is not null && !LoweringContext.Fits(literal, format.Element))
            {
                context.Report(D.NumberOutOfRange, number.Number.Span, number.Number.Text,
                    $"it does not fit {format.Element.Description()}, the element type of {LoweringContext.Quote(format.Name)}");
                ok = folding = false;
                continue;
            }
            if (!folding) continue;
            value *= literal;
            if (!LoweringContext.Fits(value, element))
            {
                var span = Spans.Cover(firstNumber.Span, number.Span);
                context.Report(D.CoefficientOutOfRange, span, context.SourceOf(span),
                    $"the product of its numbers does not fit {element.Description()}");
                ok = folding = false;
            }
        }
        return new SignedTerm(product.Sign, product.Factors, product.Span, value, ok);
    }

    private sealed class Product
    {
        public Product(double sign, List<ExpressionSyntax> factors, SourceSpan span)
        {
            Sign = sign;
            Factors = factors;
            Span = span;
        }

        public double Sign { get; }
        public List<ExpressionSyntax> Factors { get; }
        public SourceSpan Span { get; }
    }

    /// <summary>
    /// Flattens the expression into a sum of signed products; products of sums are rejected. A chain
    /// (<c>a * b * c</c>, <c>a + b - c</c>) is a left-deep tree: its left spine is walked in a loop, so the
    /// recursion goes only into parentheses and unary minuses, whose depth the parser bounds.
    /// </summary>
    private static List<Product>? Flatten(ExpressionSyntax expression, LoweringContext context)
    {
        switch (expression)
        {
            case NumberExpressionSyntax or NameExpressionSyntax:
                return new List<Product> { new(1.0, new List<ExpressionSyntax> { expression }, expression.Span) };
            case ParenthesizedExpressionSyntax parenthesized:
                return Flatten(parenthesized.Inner, context);
            case NegateExpressionSyntax negate:
            {
                var inner = Flatten(negate.Operand, context);
                return inner?.Select(t => new Product(-t.Sign, t.Factors, Spans.Cover(negate.Span, t.Span))).ToList();
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
                var accumulated = Flatten(leaf, context);
                for (int i = spine.Count - 1; i >= 0; i--)
                {
                    var node = spine[i];
                    var right = Flatten(node.Right, context);
                    if (accumulated is null || right is null)
                    {
                        accumulated = null;
                        continue;
                    }
                    if (node.Operator == '*')
                    {
                        if (accumulated.Count > 1 || right.Count > 1)
                        {
                            context.Report(D.UnsupportedKernelForm, (accumulated.Count > 1 ? node.Left : node.Right).Span,
                                "a product with a sum is not supported; expand it into separate terms");
                            accumulated = null;
                            continue;
                        }
                        var factors = accumulated[0].Factors;
                        factors.AddRange(right[0].Factors);
                        accumulated[0] = new Product(accumulated[0].Sign * right[0].Sign, factors, node.Span);
                    }
                    else
                    {
                        double sign = node.Operator == '-' ? -1.0 : 1.0;
                        foreach (var t in right) accumulated.Add(new Product(sign * t.Sign, t.Factors, t.Span));
                    }
                }
                return accumulated;
            }
        }
        return null;
    }
}
