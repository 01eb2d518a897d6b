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
/// closing <c>}</c>, and before every declaration keyword that can start one) and each one is parsed on its own,
/// so one file reports every broken declaration. The limits below are checked by scanning the tokens of a
/// declaration before parsing it, so the parser's recursion stays shallow on any input.
/// </summary>
public static class SparseParser
{
    /// <summary>
    /// Deepest expression nesting accepted in one declaration: every open parenthesis or bracket and every
    /// unary minus counts one level, and the levels add up (<c>-(-(A * x))</c> is 4 deep).
    /// </summary>
    public const int MaxNestingDepth = 64;

    /// <summary>Most tokens accepted in one declaration (keeps every later pass shallow and fast).</summary>
    public const int MaxDeclarationTokens = 4096;

    /// <summary>Most binary operators (<c>*</c>, <c>+</c>, <c>-</c>) accepted in one declaration.</summary>
    public const int MaxOperators = 256;

    /// <summary>Longest name accepted, in UTF-16 characters (generated C# names are built from it).</summary>
    public const int MaxNameLength = 128;

    /// <summary>Most declarations accepted in one spec; the rest is reported once and not compiled.</summary>
    public const int MaxDeclarations = 10_000;

    public static SpecSyntax ParseSpec(IReadOnlyList<Token<SparseToken>> tokens, List<DiagnosticInfo> diagnostics)
    {
        var declarations = new List<DeclarationSyntax>();
        int count = 0;
        foreach (var (chunk, follower, reservedWords) in SplitDeclarations(tokens))
        {
            if (++count > MaxDeclarations)
            {
                diagnostics.Add(Diagnostics.Diagnostics.TooManyDeclarations.At(Spans.Of(chunk[0]), MaxDeclarations));
                break;
            }
            foreach (var word in reservedWords)
                diagnostics.Add(Diagnostics.Diagnostics.ReservedWord.At(Spans.Of(word), word.ToStringValue()));
            bool parsed = false;
            if (CheckLimits(chunk, diagnostics))
            {
                var result = Declaration.TryParse(new TokenList<SparseToken>(chunk));
                if (result.HasValue && reservedWords.Count == 0)
                {
                    declarations.Add(result.Value);
                    parsed = true;
                }
                else if (!result.HasValue)
                {
                    diagnostics.Add(Diagnostics.Diagnostics.SyntaxError.At(ErrorSpan(result, chunk), ErrorMessage(result, follower)));
                }
            }
            if (!parsed) declarations.Add(Broken(chunk));
        }
        return new SpecSyntax(declarations);
    }

    /// <summary>What is known of a declaration that was reported and not parsed: its keyword and, where it is plain, its name.</summary>
    private static BrokenDeclarationSyntax Broken(Token<SparseToken>[] chunk)
    {
        var first = Spans.Of(chunk[0]);
        var span = Spans.Cover(first, Spans.Of(chunk[chunk.Length - 1]));
        NameSyntax? name = chunk.Length > 1 && chunk[1].Kind == SparseToken.Identifier
            ? new NameSyntax(chunk[1].ToStringValue(), Spans.Of(chunk[1]))
            : null;
        return new BrokenDeclarationSyntax(chunk[0].Kind, name, span);
    }

    /// <summary>
    /// Cuts the tokens into declarations; the follower is the keyword that cut a declaration short, if any.
    /// A keyword cuts only where a declaration could have ended just before it (after a name, a number or a
    /// closing bracket); anywhere else it stands where a name belongs, so it is returned as a reserved word and
    /// parsed as an identifier, giving one accurate diagnostic instead of two broken declarations.
    /// </summary>
    private static IEnumerable<(Token<SparseToken>[] Chunk, string? Follower, List<Token<SparseToken>> ReservedWords)> SplitDeclarations(
        IReadOnlyList<Token<SparseToken>> tokens)
    {
        var current = new List<Token<SparseToken>>();
        var reserved = new List<Token<SparseToken>>();
        int braceDepth = 0;
        foreach (var original in tokens)
        {
            var token = original;
            bool keyword = token.Kind is SparseToken.Namespace or SparseToken.Format or SparseToken.Stencil or SparseToken.Kernel or SparseToken.Operator or SparseToken.Pipeline or SparseToken.Projection or SparseToken.Network or SparseToken.Gradient;
            // Inside a solver family's braces `kernel` starts a statement (`kernel spectral_mixture(…);`), not a declaration.
            if (token.Kind == SparseToken.Kernel && braceDepth > 0 && current[0].Kind is SparseToken.Pipeline or SparseToken.Network)
            {
                keyword = false;
                token = new Token<SparseToken>(SparseToken.Identifier, token.Span);
            }
            if (keyword && current.Count > 0)
            {
                if (CanEndDeclaration(current[current.Count - 1].Kind))
                {
                    yield return (current.ToArray(), token.ToStringValue(), reserved);
                    current.Clear();
                    reserved = new List<Token<SparseToken>>();
                    braceDepth = 0;
                }
                else
                {
                    reserved.Add(token);
                    token = new Token<SparseToken>(SparseToken.Identifier, token.Span);
                }
            }
            current.Add(token);
            if (token.Kind == SparseToken.LBrace) braceDepth++;
            else if (token.Kind == SparseToken.RBrace && --braceDepth <= 0)
            {
                yield return (current.ToArray(), null, reserved);
                current.Clear();
                reserved = new List<Token<SparseToken>>();
                braceDepth = 0;
            }
            else if (token.Kind == SparseToken.Semicolon && braceDepth == 0)
            {
                yield return (current.ToArray(), null, reserved);
                current.Clear();
                reserved = new List<Token<SparseToken>>();
            }
        }
        if (current.Count > 0) yield return (current.ToArray(), null, reserved);
    }

    private static bool CanEndDeclaration(SparseToken kind) => kind is SparseToken.Identifier or SparseToken.Number
        or SparseToken.GreaterThan or SparseToken.RParen or SparseToken.RBracket or SparseToken.Apostrophe
        or SparseToken.Semicolon or SparseToken.LBrace or SparseToken.RBrace;

    /// <summary>Checks the declaration's size limits in one pass; reports the first one exceeded at the token that exceeds it.</summary>
    private static bool CheckLimits(Token<SparseToken>[] chunk, List<DiagnosticInfo> diagnostics)
    {
        if (chunk.Length > MaxDeclarationTokens)
        {
            diagnostics.Add(Diagnostics.Diagnostics.DeclarationTooLong.At(Spans.Of(chunk[MaxDeclarationTokens]), chunk.Length, MaxDeclarationTokens));
            return false;
        }
        // depth: the parser's recursion at this token, the sum over the open brackets of the unary minuses
        // before each plus one; opened: what each open bracket added.
        int depth = 0, unaryRun = 0, operators = 0;
        var opened = new Stack<int>();
        var previous = SparseToken.Semicolon;
        foreach (var token in chunk)
        {
            switch (token.Kind)
            {
                case SparseToken.Identifier when token.Span.Length > MaxNameLength:
                    diagnostics.Add(Diagnostics.Diagnostics.NameTooLong.At(Spans.Of(token), token.Span.Length, MaxNameLength));
                    return false;
                case SparseToken.Minus when !EndsOperand(previous):
                    unaryRun++;
                    if (depth + unaryRun > MaxNestingDepth)
                    {
                        diagnostics.Add(Diagnostics.Diagnostics.NestingTooDeep.At(Spans.Of(token), MaxNestingDepth));
                        return false;
                    }
                    break;
                case SparseToken.Minus or SparseToken.Plus or SparseToken.Star or SparseToken.Slash or SparseToken.Caret:
                    unaryRun = 0;
                    if (++operators > MaxOperators)
                    {
                        diagnostics.Add(Diagnostics.Diagnostics.ExpressionTooLong.At(Spans.Of(token), MaxOperators));
                        return false;
                    }
                    break;
                case SparseToken.LParen or SparseToken.LBracket:
                    opened.Push(unaryRun + 1);
                    depth += unaryRun + 1;
                    unaryRun = 0;
                    if (depth > MaxNestingDepth)
                    {
                        diagnostics.Add(Diagnostics.Diagnostics.NestingTooDeep.At(Spans.Of(token), MaxNestingDepth));
                        return false;
                    }
                    break;
                case SparseToken.RParen or SparseToken.RBracket:
                    if (opened.Count > 0) depth -= opened.Pop();
                    unaryRun = 0;
                    break;
                default:
                    unaryRun = 0;
                    break;
            }
            previous = token.Kind;
        }
        return true;
    }

    /// <summary>A <c>-</c> after one of these is binary; after anything else it is unary.</summary>
    private static bool EndsOperand(SparseToken kind)
        => kind is SparseToken.Identifier or SparseToken.Number or SparseToken.RParen or SparseToken.Apostrophe;

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

    // `x` is accepted as an extent here (`nx x ny` still splits greedily) so the binder can say why it is wrong.
    private static readonly TokenListParser<SparseToken, object> ExtentAtom =
        UnsignedNumber.Select(n => (object)n)
            .Or(Name.Select(n => (object)n));

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

    private static readonly TokenListParser<SparseToken, ArgumentValueSyntax> CallValue =
        from function in Name
        from open in Punct(SparseToken.LParen)
        from argument in UnsignedNumber
        from close in Punct(SparseToken.RParen)
        select (ArgumentValueSyntax)new CallValueSyntax(function, argument, Spans.Cover(function.Span, Spans.Of(close)));

    private static readonly TokenListParser<SparseToken, ArgumentValueSyntax> ArgumentValue =
        Ratio.Try().Or(CallValue.Try()).Or(ExtentChain).Named("argument value");

    // Once `name:` is read the argument is named: an error in its value is reported at the value.
    private static readonly TokenListParser<SparseToken, ArgumentSyntax> Argument =
        (from name in Name
         from colon in Punct(SparseToken.Colon)
         select name)
        .Try()
        .Then(name => ArgumentValue.Select(value => new ArgumentSyntax(name, value, Spans.Cover(name.Span, value.Span))))
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

    private static readonly TokenListParser<SparseToken, (NameSyntax Element, SourceSpan Close)> ElementArgument =
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from close in Punct(SparseToken.GreaterThan)
        select (element, Spans.Of(close));

    private static readonly TokenListParser<SparseToken, ParameterSyntax> Parameter =
        from name in Name
        from colon in Punct(SparseToken.Colon)
        from type in Name
        from element in ElementArgument.Select(e => ((NameSyntax Element, SourceSpan Close)?)e).OptionalOrDefault()
        select new ParameterSyntax(name, type, Spans.Cover(name.Span, element?.Close ?? type.Span), element?.Element);

    // `'` (the adjoint) or `.'` (the transpose): each one flips the transpose, `'` also the conjugation.
    private static readonly TokenListParser<SparseToken, (bool Conjugates, Token<SparseToken> Last)> TransposeMark =
        Punct(SparseToken.Apostrophe).Select(t => (true, t))
            .Or(from dot in Punct(SparseToken.Dot) from prime in Punct(SparseToken.Apostrophe) select (false, prime));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> NameOperand =
        from name in Name
        from marks in TransposeMark.Many()
        select (ExpressionSyntax)new NameExpressionSyntax(name, marks.Length % 2 == 1,
            marks.Length == 0 ? name.Span : Spans.Cover(name.Span, Spans.Of(marks[marks.Length - 1].Last)),
            marks.Count(m => m.Conjugates) % 2 == 1);

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

    // ---- operator Name = kron(F1: Format[R x C], F2: dense<f64>[R x C], ...); ------------------------------

    private static readonly TokenListParser<SparseToken, FormatSyntax> InlineFormat =
        from kind in Name
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from index in IndexWidth.Select(i => ((NameSyntax Key, NameSyntax Width)?)i).OptionalOrDefault()
        from close in Punct(SparseToken.GreaterThan)
        from arguments in ArgumentList.OptionalOrDefault(new ArgumentSyntax[0])
        select new FormatSyntax(kind, kind, element, index?.Key, index?.Width, arguments, Spans.Cover(kind.Span, Spans.Of(close)));

    private static readonly TokenListParser<SparseToken, FactorTypeSyntax> FactorType =
        InlineFormat.Try().Select(f => new FactorTypeSyntax(null, f, f.Span))
            .Or(Name.Select(n => new FactorTypeSyntax(n, null, n.Span)))
            .Named("factor type (a format name or `dense<f64>`)");

    private static readonly TokenListParser<SparseToken, (ExtentChainSyntax Size, SourceSpan Close)> FactorSize =
        from open in Punct(SparseToken.LBracket)
        from size in ExtentChain
        from close in Punct(SparseToken.RBracket)
        select ((ExtentChainSyntax)size, Spans.Of(close));

    private static readonly TokenListParser<SparseToken, FactorSyntax> Factor =
        from name in Name
        from colon in Punct(SparseToken.Colon)
        from type in FactorType
        from size in FactorSize.Select(s => ((ExtentChainSyntax Size, SourceSpan Close)?)s).OptionalOrDefault()
        select new FactorSyntax(name, type, size?.Size, Spans.Cover(name.Span, size?.Close ?? type.Span));

    private static readonly TokenListParser<SparseToken, (NameSyntax Kind, FactorSyntax[] Factors, SourceSpan Close)> OperatorDefinition =
        from kind in Name
        from open in Punct(SparseToken.LParen)
        from factors in Factor.ManyDelimitedBy(Punct(SparseToken.Comma))
        from close in Punct(SparseToken.RParen)
        select (kind, factors, Spans.Of(close));

    private static TokenListParser<SparseToken, OperatorTermSyntax> OperatorTermAfter(NameSyntax kind) =>
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from close in Punct(SparseToken.GreaterThan)
        from arguments in ArgumentList
        select new OperatorTermSyntax(kind, element, arguments, Spans.Cover(kind.Span, arguments.Length > 0 ? arguments[arguments.Length - 1].Span : Spans.Of(close)));

    private static readonly TokenListParser<SparseToken, OperatorTermSyntax> OperatorTerm =
        Name.Then(OperatorTermAfter);

    // After the kind: `(` starts a Kronecker product's factors, `<` the first term of a sum (one token decides).
    private static TokenListParser<SparseToken, (FactorSyntax[]? Factors, OperatorTermSyntax[]? Terms)> OperatorBodyAfter(NameSyntax kind) =>
        (from open in Punct(SparseToken.LParen)
         from factors in Factor.ManyDelimitedBy(Punct(SparseToken.Comma))
         from close in Punct(SparseToken.RParen)
         select ((FactorSyntax[]?)factors, (OperatorTermSyntax[]?)null))
        .Or(from first in OperatorTermAfter(kind)
            from rest in (from plus in Punct(SparseToken.Plus) from term in OperatorTerm select term).Many()
            select ((FactorSyntax[]?)null, (OperatorTermSyntax[]?)new[] { first }.Concat(rest).ToArray()));

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> OperatorDeclaration =
        from keyword in Punct(SparseToken.Operator)
        from name in Name
        from assign in Punct(SparseToken.Equals)
        from kind in Name
        from body in OperatorBodyAfter(kind)
        from semicolon in Punct(SparseToken.Semicolon)
        select (DeclarationSyntax)(body.Factors is { } factors
            ? new OperatorSyntax(name, kind, factors, Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)))
            : new OperatorSyntax(name, kind, new FactorSyntax[0], Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)), body.Terms));

    // ---- projection Name = householder<f64>(n: 512, reflectors: 16, rank: 10); ------------------------------

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> ProjectionDeclaration =
        from keyword in Punct(SparseToken.Projection)
        from name in Name
        from assign in Punct(SparseToken.Equals)
        from kind in Name
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from close in Punct(SparseToken.GreaterThan)
        from arguments in ArgumentList
        from semicolon in Punct(SparseToken.Semicolon)
        select (DeclarationSyntax)new ProjectionSyntax(name, kind, element, arguments, Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)));

    // ---- pipeline Name { dictionary H = kron(...); solve x = kron_sbl(H, y) { key: value; } } ---------------

    // A dictionary is defined in place (`kron(...)`) or names a declared operator.
    private static readonly TokenListParser<SparseToken, PipelineItemSyntax> DictionaryItem =
        from keyword in Word("dictionary")
        from name in Name
        from assign in Punct(SparseToken.Equals)
        from body in OperatorDefinition.Try().Select(d => (Definition: ((NameSyntax Kind, FactorSyntax[] Factors, SourceSpan Close)?)d, Reference: (NameSyntax?)null))
            .Or(Name.Select(n => (Definition: ((NameSyntax Kind, FactorSyntax[] Factors, SourceSpan Close)?)null, Reference: (NameSyntax?)n)))
        from semicolon in Punct(SparseToken.Semicolon)
        select (PipelineItemSyntax)new DictionarySyntax(name,
            body.Definition is { } d ? new OperatorSyntax(name, d.Kind, d.Factors, Spans.Cover(keyword.Span, d.Close)) : null,
            body.Reference, Spans.Cover(keyword.Span, Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, SettingSyntax> Setting =
        from name in Name
        from colon in Punct(SparseToken.Colon)
        from value in SignedNumber.Select(n => (Number: (NumberSyntax?)n, Word: (NameSyntax?)null))
            .Or(Name.Select(w => (Number: (NumberSyntax?)null, Word: (NameSyntax?)w)))
        from semicolon in Punct(SparseToken.Semicolon)
        select new SettingSyntax(name, value.Number, value.Word, Spans.Cover(name.Span, Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, (SettingSyntax[] Settings, SourceSpan Close)> SettingsBlock =
        from open in Punct(SparseToken.LBrace)
        from settings in Setting.Many()
        from close in Punct(SparseToken.RBrace)
        select (settings, Spans.Of(close));

    private static readonly TokenListParser<SparseToken, PipelineItemSyntax> SolveItem =
        from keyword in Word("solve")
        from output in Name
        from assign in Punct(SparseToken.Equals)
        from solver in Name
        from open in Punct(SparseToken.LParen)
        from arguments in Name.ManyDelimitedBy(Punct(SparseToken.Comma))
        from close in Punct(SparseToken.RParen)
        from settings in SettingsBlock.Select(b => ((SettingSyntax[] Settings, SourceSpan Close)?)b).OptionalOrDefault()
        from semicolon in Punct(SparseToken.Semicolon).Select(t => (Token<SparseToken>?)t).OptionalOrDefault()
        select (PipelineItemSyntax)new SolveSyntax(output, solver, arguments, settings?.Settings ?? new SettingSyntax[0],
            Spans.Cover(keyword.Span, semicolon is { } end ? Spans.Of(end) : settings?.Close ?? Spans.Of(close)));

    // `pipeline Name { … }` is a Kronecker-SBL pipeline; `pipeline Name = gp_pde<f64> { … }` a solver family (one token decides).
    private static readonly TokenListParser<SparseToken, DeclarationSyntax> PipelineDeclaration =
        from keyword in Punct(SparseToken.Pipeline)
        from name in Name
        from declaration in
            (from open in Punct(SparseToken.LBrace)
             from items in DictionaryItem.Or(SolveItem).Named("pipeline statement (`dictionary` or `solve`)").Many()
             from close in Punct(SparseToken.RBrace)
             select (DeclarationSyntax)new PipelineSyntax(name, items, Spans.Cover(Spans.Of(keyword), Spans.Of(close))))
            .Or(FamilyBody(keyword, name))
        select declaration;

    // ---- pipeline P = gp_pde<f64> { domain …; kernel …; equation …; } / network N = bayes_mlp<f32> { … } ----

    // Arithmetic of a domain's bounds and of a PDE's sides: numbers, names, calls `d2(u, x)`, `^`, `*`, `/`, `+`, `-`.
    private static readonly TokenListParser<SparseToken, ExpressionSyntax> FamilyPrimary =
        UnsignedNumber.Select(n => (ExpressionSyntax)new NumberExpressionSyntax(n))
            .Or(from name in Name
                from call in (from open in Punct(SparseToken.LParen)
                              from arguments in Parse.Ref(() => FamilyExpression!).ManyDelimitedBy(Punct(SparseToken.Comma))
                              from close in Punct(SparseToken.RParen)
                              select (Arguments: arguments, Close: Spans.Of(close)))
                    .Select(c => ((ExpressionSyntax[] Arguments, SourceSpan Close)?)c).OptionalOrDefault()
                select call is { } c
                    ? (ExpressionSyntax)new CallExpressionSyntax(name, c.Arguments, Spans.Cover(name.Span, c.Close))
                    : new NameExpressionSyntax(name, false, name.Span))
            .Or(from open in Punct(SparseToken.LParen)
                from inner in Parse.Ref(() => FamilyExpression!)
                from close in Punct(SparseToken.RParen)
                select (ExpressionSyntax)new ParenthesizedExpressionSyntax(inner, Spans.Cover(Spans.Of(open), Spans.Of(close))))
            .Named("operand");

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> FamilyPower =
        from operand in FamilyPrimary
        from exponent in (from caret in Punct(SparseToken.Caret) from power in UnsignedNumber select power).OptionalOrDefault()
        select exponent is null ? operand : new PowerExpressionSyntax(operand, exponent, Spans.Cover(operand.Span, exponent.Span));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> FamilyUnary =
        (from minus in Punct(SparseToken.Minus)
         from operand in Parse.Ref(() => FamilyUnary!)
         select (ExpressionSyntax)new NegateExpressionSyntax(operand, Spans.Cover(Spans.Of(minus), operand.Span)))
        .Or(FamilyPower);

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> FamilyProduct =
        Parse.Chain(Punct(SparseToken.Star).Or(Punct(SparseToken.Slash)), FamilyUnary,
            (op, left, right) => op.Kind == SparseToken.Star
                ? new BinaryExpressionSyntax('*', left, right, Spans.Cover(left.Span, right.Span))
                : new DivideExpressionSyntax(left, right, Spans.Cover(left.Span, right.Span)));

    private static readonly TokenListParser<SparseToken, ExpressionSyntax> FamilyExpression =
        Parse.Chain(Punct(SparseToken.Plus).Or(Punct(SparseToken.Minus)), FamilyProduct,
            (op, left, right) => new BinaryExpressionSyntax(op.Kind == SparseToken.Plus ? '+' : '-', left, right, Spans.Cover(left.Span, right.Span)));

    private static TokenListParser<SparseToken, NameSyntax> Words(params string[] words)
    {
        var parser = Word(words[0]);
        for (int i = 1; i < words.Length; i++) parser = parser.Or(Word(words[i]));
        return parser;
    }

    private static readonly TokenListParser<SparseToken, FamilyStatementSyntax> DomainStatement =
        from keyword in Word("domain")
        from variable in Name
        from inWord in Word("in")
        from open in Punct(SparseToken.LBracket)
        from lower in FamilyExpression
        from comma in Punct(SparseToken.Comma)
        from upper in FamilyExpression
        from close in Punct(SparseToken.RBracket)
        from gridWord in Word("grid")
        from points in UnsignedNumber
        from semicolon in Punct(SparseToken.Semicolon)
        select (FamilyStatementSyntax)new DomainStatementSyntax(keyword, variable, lower, upper, points, Spans.Cover(keyword.Span, Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, FamilyStatementSyntax> EquationStatement =
        from keyword in Words("equation", "boundary")
        from left in FamilyExpression
        from assign in Punct(SparseToken.Equals)
        from right in FamilyExpression
        from semicolon in Punct(SparseToken.Semicolon)
        select (FamilyStatementSyntax)new EquationStatementSyntax(keyword, left, right, Spans.Cover(keyword.Span, Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, FamilyStatementSyntax> LayersStatement =
        from keyword in Word("layers")
        from first in UnsignedNumber
        from rest in (from minus in Punct(SparseToken.Minus) from arrow in Punct(SparseToken.GreaterThan) from width in UnsignedNumber select width).Many()
        from semicolon in Punct(SparseToken.Semicolon)
        select (FamilyStatementSyntax)new LayersStatementSyntax(keyword, new[] { first }.Concat(rest).ToArray(), Spans.Cover(keyword.Span, Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, FamilyStatementSyntax> CallStatement =
        from keyword in Words("kernel", "sparsity")
        from function in Name
        from arguments in ArgumentList.OptionalOrDefault(new ArgumentSyntax[0])
        from semicolon in Punct(SparseToken.Semicolon)
        select (FamilyStatementSyntax)new CallStatementSyntax(keyword, function, arguments, Spans.Cover(keyword.Span, Spans.Of(semicolon)));

    // `weights log_domain;` or `training learned { max_iter: 500; }` (the `;` after a settings block is optional).
    private static readonly TokenListParser<SparseToken, FamilyStatementSyntax> ChoiceStatement =
        from keyword in Words("weights", "training", "inference")
        from choice in Name
        from tail in
            (from block in SettingsBlock
             from semicolon in Punct(SparseToken.Semicolon).Select(t => (Token<SparseToken>?)t).OptionalOrDefault()
             select (Settings: block.Settings, End: semicolon is { } end ? Spans.Of(end) : block.Close))
            .Or(Punct(SparseToken.Semicolon).Select(t => (Settings: new SettingSyntax[0], End: Spans.Of(t))))
        select (FamilyStatementSyntax)new ChoiceStatementSyntax(keyword, choice, tail.Settings, Spans.Cover(keyword.Span, tail.End));

    private static readonly TokenListParser<SparseToken, FamilyStatementSyntax> FamilyStatement =
        DomainStatement.Or(EquationStatement).Or(LayersStatement).Or(CallStatement).Or(ChoiceStatement)
            .Named("statement (`domain`, `kernel`, `equation`, `boundary`, `weights`, `training`, `layers`, `sparsity` or `inference`)");

    private static TokenListParser<SparseToken, DeclarationSyntax> FamilyBody(Token<SparseToken> keyword, NameSyntax name) =>
        from assign in Punct(SparseToken.Equals)
        from family in Name
        from open in Punct(SparseToken.LessThan)
        from element in Name
        from close in Punct(SparseToken.GreaterThan)
        from openBrace in Punct(SparseToken.LBrace)
        from statements in FamilyStatement.Many()
        from closeBrace in Punct(SparseToken.RBrace)
        select (DeclarationSyntax)new FamilySyntax(keyword.Kind, name, family, element, statements, Spans.Cover(Spans.Of(keyword), Spans.Of(closeBrace)));

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> NetworkDeclaration =
        from keyword in Punct(SparseToken.Network)
        from name in Name
        from declaration in FamilyBody(keyword, name)
        select declaration;

    // ---- gradient G of Op : wrt B, A, values; -----------------------------------------------------------------

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> GradientDeclaration =
        from keyword in Punct(SparseToken.Gradient)
        from name in Name
        from of in Word("of")
        from target in Name
        from colon in Punct(SparseToken.Colon)
        from wrt in Word("wrt")
        from parameters in Name.AtLeastOnceDelimitedBy(Punct(SparseToken.Comma))
        from semicolon in Punct(SparseToken.Semicolon)
        select (DeclarationSyntax)new GradientSyntax(name, target, parameters, Spans.Cover(Spans.Of(keyword), Spans.Of(semicolon)));

    private static readonly TokenListParser<SparseToken, DeclarationSyntax> Declaration =
        NamespaceDeclaration
            .Or(FormatDeclaration)
            .Or(StencilDeclaration)
            .Or(OperatorDeclaration)
            .Or(ProjectionDeclaration)
            .Or(PipelineDeclaration)
            .Or(NetworkDeclaration)
            .Or(GradientDeclaration)
            .Or(KernelDeclaration)
            .Named("declaration (`namespace`, `format`, `stencil`, `operator`, `projection`, `pipeline`, `network`, `gradient` or `kernel`)")
            .AtEnd();

    private static SourceSpan AtomSpan(object atom) => atom is NumberSyntax n ? n.Span : ((NameSyntax)atom).Span;
}
