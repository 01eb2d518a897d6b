using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.Text;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace SparseDsl.Language.Syntax;

/// <summary>
/// Parses a spec. Recovery: the token stream is cut into declarations (at top-level <c>;</c>, at a stencil's
/// closing <c>}</c>, and before every declaration keyword) and each one is parsed on its own, so one file reports
/// every broken declaration. Nesting depth is checked by scanning before parsing, never by recursion.
/// </summary>
public static class SparseParser
{
    /// <summary>Deepest nesting of parentheses or brackets accepted in one declaration.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>Most tokens accepted in one declaration (keeps every later pass shallow and fast).</summary>
    public const int MaxDeclarationTokens = 4096;

    public static SpecSyntax ParseSpec(IReadOnlyList<Token<SparseToken>> tokens, List<DiagnosticInfo> diagnostics)
    {
        var declarations = new List<DeclarationSyntax>();
        foreach (var (chunk, follower) in SplitDeclarations(tokens))
        {
            if (!CheckNesting(chunk, diagnostics)) continue;
            var list = new TokenList<SparseToken>(chunk);
            var result = Declaration.TryParse(list);
            if (result.HasValue)
            {
                declarations.Add(result.Value);
                continue;
            }
            diagnostics.Add(Diagnostics.Diagnostics.SyntaxError.At(ErrorSpan(result, chunk), ErrorMessage(result, follower)));
        }
        return new SpecSyntax(declarations);
    }

    /// <summary>Cuts the tokens into declarations; the follower is the keyword that cut a declaration short, if any.</summary>
    private static IEnumerable<(Token<SparseToken>[] Chunk, string? Follower)> SplitDeclarations(IReadOnlyList<Token<SparseToken>> tokens)
    {
        var current = new List<Token<SparseToken>>();
        int braceDepth = 0;
        foreach (var token in tokens)
        {
            bool startsDeclaration = token.Kind is SparseToken.Namespace or SparseToken.Format or SparseToken.Stencil or SparseToken.Kernel;
            if (startsDeclaration && current.Count > 0)
            {
                yield return (current.ToArray(), token.ToStringValue());
                current.Clear();
                braceDepth = 0;
            }
            current.Add(token);
            if (token.Kind == SparseToken.LBrace) braceDepth++;
            else if (token.Kind == SparseToken.RBrace && --braceDepth <= 0)
            {
                yield return (current.ToArray(), null);
                current.Clear();
                braceDepth = 0;
            }
            else if (token.Kind == SparseToken.Semicolon && braceDepth == 0)
            {
                yield return (current.ToArray(), null);
                current.Clear();
            }
        }
        if (current.Count > 0) yield return (current.ToArray(), null);
    }

    private static bool CheckNesting(Token<SparseToken>[] chunk, List<DiagnosticInfo> diagnostics)
    {
        if (chunk.Length > MaxDeclarationTokens)
        {
            diagnostics.Add(Diagnostics.Diagnostics.DeclarationTooLong.At(Spans.Of(chunk[0]), chunk.Length, MaxDeclarationTokens));
            return false;
        }
        int depth = 0, unaryRun = 0;
        foreach (var token in chunk)
        {
            unaryRun = token.Kind == SparseToken.Minus ? unaryRun + 1 : 0;
            if (unaryRun > MaxNestingDepth)
            {
                diagnostics.Add(Diagnostics.Diagnostics.NestingTooDeep.At(Spans.Of(token), MaxNestingDepth));
                return false;
            }
            if (token.Kind is SparseToken.LParen or SparseToken.LBracket)
            {
                if (++depth > MaxNestingDepth)
                {
                    diagnostics.Add(Diagnostics.Diagnostics.NestingTooDeep.At(Spans.Of(token), MaxNestingDepth));
                    return false;
                }
            }
            else if (token.Kind is SparseToken.RParen or SparseToken.RBracket)
            {
                depth--;
            }
        }
        return true;
    }

    private static SourceSpan ErrorSpan<T>(TokenListParserResult<SparseToken, T> result, Token<SparseToken>[] chunk)
    {
        if (!result.Remainder.IsAtEnd) return Spans.Of(result.Remainder.ConsumeToken().Value);
        // Ran out of tokens: point just after the declaration's last token.
        var last = Spans.Of(chunk[chunk.Length - 1]);
        return new SourceSpan(last.End, 0, last.EndLine, last.EndColumn, last.EndLine, last.EndColumn);
    }

    private static string ErrorMessage<T>(TokenListParserResult<SparseToken, T> result, string? follower)
    {
        var message = result.FormatErrorMessageFragment();
        const string atEnd = "unexpected end of input, ";
        if (result.Remainder.IsAtEnd && message.StartsWith(atEnd, System.StringComparison.Ordinal))
            return message.Substring(atEnd.Length) + (follower is null ? " at the end of the declaration" : $" before `{follower}`");
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message.Substring(1) : "syntax error";
    }

    // ---- grammar -------------------------------------------------------------------------------------

    private static TokenListParser<SparseToken, Token<SparseToken>> Punct(SparseToken kind) => Token.EqualTo(kind);

    private static readonly TokenListParser<SparseToken, NameSyntax> Name =
        Token.EqualTo(SparseToken.Identifier).Select(t => new NameSyntax(t.ToStringValue(), Spans.Of(t))).Named("identifier");

    private static TokenListParser<SparseToken, NameSyntax> Word(string word) =>
        Token.EqualToValue(SparseToken.Identifier, word).Select(t => new NameSyntax(t.ToStringValue(), Spans.Of(t))).Named($"`{word}`");

    private static readonly TokenListParser<SparseToken, NumberSyntax> UnsignedNumber =
        Token.EqualTo(SparseToken.Number).Select(t => new NumberSyntax(t.ToStringValue(), false, Spans.Of(t))).Named("number");

    private static readonly TokenListParser<SparseToken, NumberSyntax> SignedNumber =
        (from minus in Token.EqualTo(SparseToken.Minus)
         from number in UnsignedNumber
         select new NumberSyntax("-" + number.Text, true, Spans.Cover(Spans.Of(minus), number.Span)))
        .Or(UnsignedNumber)
        .Named("number");

    // ---- namespace A.B.C; -------------------------------------------------------------------------------

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> NamespaceDeclaration =
        from keyword in Punct(SparseToken.Namespace)
        from first in Name
        from rest in (from dot in Punct(SparseToken.Dot) from part in Name select part).Many()
        from semicolon in Punct(SparseToken.Semicolon)
        select (DeclarationSyntax)new NamespaceSyntax(new[] { first }.Concat(rest).ToArray(), Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)));

    // ---- arguments: name: value | value ------------------------------------------------------------------

    private static readonly TokenListParser<SparseToken, object> ExtentAtom =
        UnsignedNumber.Select(n => (object)n)
            .Or(Name.Where(n => n.Text != "x", "extent").Select(n => (object)n));

    private static readonly TokenListParser<SparseToken, ArgumentValueSyntax> ExtentChain =
        from first in ExtentAtom
        from rest in (from separator in Word("x") from atom in ExtentAtom select atom).Many()
        let atoms = new[] { first }.Concat(rest).ToArray()
        select (ArgumentValueSyntax)new ExtentChainSyntax(atoms, Spans.Cover(AtomSpan(atoms[0]), AtomSpan(atoms[atoms.Length - 1])));

    private static readonly TokenListParser<SparseToken, ArgumentValueSyntax> Ratio =
        from numerator in UnsignedNumber
        from colon in Punct(SparseToken.Colon)
        from denominator in UnsignedNumber
        select (ArgumentValueSyntax)new RatioSyntax(numerator, denominator, Spans.Cover(numerator.Span, denominator.Span));

    private static readonly TokenListParser<SparseToken, ArgumentValueSyntax> ArgumentValue =
        Ratio.Try().Or(ExtentChain).Named("argument value");

    private static readonly TokenListParser<SparseToken, ArgumentSyntax> Argument =
        (from name in Name
         from colon in Punct(SparseToken.Colon)
         from value in ArgumentValue
         select new ArgumentSyntax(name, value, Spans.Cover(name.Span, value.Span)))
        .Try()
        .Or(ArgumentValue.Select(v => new ArgumentSyntax(null, v, v.Span)));

    private static readonly TokenListParser<SparseToken, ArgumentSyntax[]> ArgumentList =
        from open in Punct(SparseToken.LParen)
        from arguments in Argument.ManyDelimitedBy(Punct(SparseToken.Comma))
        from close in Punct(SparseToken.RParen)
        select arguments;

    // ---- format Name = kind<elem[, index: i64]>[(args)]; -------------------------------------------------

    private static readonly TokenListParser<SparseToken, (NameSyntax Key, NameSyntax Width)> IndexWidth =
        from comma in Punct(SparseToken.Comma)
        from key in Name
        from colon in Punct(SparseToken.Colon)
        from width in Name
        select (key, width);

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> FormatDeclaration =
        from keyword in Punct(SparseToken.Format)
        from name in Name
        from assign in Punct(SparseToken.Equals)
        from kind in Name
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from index in IndexWidth.Select(i => ((NameSyntax Key, NameSyntax Width)?)i).OptionalOrDefault()
        from close in Punct(SparseToken.GreaterThan)
        from arguments in ArgumentList.OptionalOrDefault(new ArgumentSyntax[0])
        from semicolon in Punct(SparseToken.Semicolon)
        select (DeclarationSyntax)new FormatSyntax(name, kind, element, index?.Key, index?.Width, arguments,
            Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)));

    // ---- stencil Name<elem>(args) { [o, o] = c; ... } ----------------------------------------------------

    private static readonly TokenListParser<SparseToken, TapSyntax> Tap =
        from open in Punct(SparseToken.LBracket)
        from offsets in SignedNumber.AtLeastOnceDelimitedBy(Punct(SparseToken.Comma))
        from close in Punct(SparseToken.RBracket)
        from assign in Punct(SparseToken.Equals)
        from coefficient in SignedNumber
        from semicolon in Punct(SparseToken.Semicolon)
        select new TapSyntax(offsets, coefficient, Spans.Cover(Spans.Of(open), Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> StencilDeclaration =
        from keyword in Punct(SparseToken.Stencil)
        from name in Name
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from close in Punct(SparseToken.GreaterThan)
        from arguments in ArgumentList
        from openBrace in Punct(SparseToken.LBrace)
        from taps in Tap.Many()
        from closeBrace in Punct(SparseToken.RBrace)
        select (DeclarationSyntax)new StencilSyntax(name, element, arguments, taps, Spans.Cover(Spans.Of(keyword), Spans.Of(closeBrace)));

    // ---- kernel Name(P: F, ...) : out = expr; ------------------------------------------------------------

    private static readonly TokenListParser<SparseToken, ParameterSyntax> Parameter =
        from name in Name
        from colon in Punct(SparseToken.Colon)
        from type in Name
        select new ParameterSyntax(name, type, Spans.Cover(name.Span, type.Span));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> NameOperand =
        from name in Name
        from primes in Punct(SparseToken.Apostrophe).Many()
        select (ExpressionSyntax)new NameExpressionSyntax(name, primes.Length % 2 == 1,
            primes.Length == 0 ? name.Span : Spans.Cover(name.Span, Spans.Of(primes[primes.Length - 1])));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> Parenthesized =
        from open in Punct(SparseToken.LParen)
        from inner in Parse.Ref(() => Expression!)
        from close in Punct(SparseToken.RParen)
        select (ExpressionSyntax)new ParenthesizedExpressionSyntax(inner, Spans.Cover(Spans.Of(open), Spans.Of(close)));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> Primary =
        UnsignedNumber.Select(n => (ExpressionSyntax)new NumberExpressionSyntax(n))
            .Or(NameOperand)
            .Or(Parenthesized)
            .Named("operand");

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> Unary =
        (from minus in Punct(SparseToken.Minus)
         from operand in Parse.Ref(() => Unary!)
         select (ExpressionSyntax)new NegateExpressionSyntax(operand, Spans.Cover(Spans.Of(minus), operand.Span)))
        .Or(Primary);

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> Product =
        Parse.Chain(Punct(SparseToken.Star), Unary,
            (op, left, right) => new BinaryExpressionSyntax('*', left, right, Spans.Cover(left.Span, right.Span)));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> Expression =
        Parse.Chain(Punct(SparseToken.Plus).Or(Punct(SparseToken.Minus)), Product,
            (op, left, right) => new BinaryExpressionSyntax(op.Kind == SparseToken.Plus ? '+' : '-', left, right, Spans.Cover(left.Span, right.Span)));

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> KernelDeclaration =
        from keyword in Punct(SparseToken.Kernel)
        from name in Name
        from open in Punct(SparseToken.LParen)
        from parameters in Parameter.ManyDelimitedBy(Punct(SparseToken.Comma))
        from close in Punct(SparseToken.RParen)
        from colon in Punct(SparseToken.Colon)
        from output in Name
        from assign in Punct(SparseToken.Equals)
        from expression in Expression
        from semicolon in Punct(SparseToken.Semicolon)
        select (DeclarationSyntax)new KernelSyntax(name, parameters, output, expression, Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> Declaration =
        NamespaceDeclaration
            .Or(FormatDeclaration)
            .Or(StencilDeclaration)
            .Or(KernelDeclaration)
            .Named("declaration (`namespace`, `format`, `stencil` or `kernel`)")
            .AtEnd();

    private static SourceSpan AtomSpan(object atom) => atom is NumberSyntax n ? n.Span : ((NameSyntax)atom).Span;
}
