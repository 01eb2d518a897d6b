using System.Collections.Generic;
using Superpower;
using Superpower.Model;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.Syntax;

/// <summary>
/// Permissive tokenizer: it never fails. Characters it does not know become <see cref="SparseToken.Invalid"/>
/// tokens that the compiler reports and drops, so one stray character does not hide the rest of the file.
/// A size literal such as <c>4x4</c> comes out as Number, Identifier "x", Number, like <c>nx x ny</c>.
/// Token positions carry lines and columns as Roslyn counts them (<see cref="LineMap"/>), not as Superpower does
/// (which breaks lines at LF only).
/// </summary>
public sealed class SparseTokenizer : Tokenizer<SparseToken>
{
    public static SparseTokenizer Instance { get; } = new();

    protected override IEnumerable<Result<SparseToken>> Tokenize(TextSpan span)
    {
        var lines = LineMap.Of(span.Source ?? string.Empty);
        var next = SkipWhiteSpace(span);
        while (next.HasValue)
        {
            char c = next.Value;
            var (line, column) = lines.PositionOf(next.Location.Position.Absolute);
            var start = new TextSpan(next.Location.Source!, new Position(next.Location.Position.Absolute, line, column), next.Location.Length);

            if (c == '/' && Peek(next.Remainder) == '/')
            {
                next = next.Remainder.ConsumeChar();
                while (next.HasValue && !LineMap.IsLineBreak(next.Value)) next = next.Remainder.ConsumeChar();
            }
            else if (c == '/' && Peek(next.Remainder) == '*')
            {
                next = next.Remainder.ConsumeChar().Remainder.ConsumeChar();
                bool closed = false;
                while (next.HasValue)
                {
                    if (next.Value == '*' && Peek(next.Remainder) == '/')
                    {
                        next = next.Remainder.ConsumeChar().Remainder.ConsumeChar();
                        closed = true;
                        break;
                    }
                    next = next.Remainder.ConsumeChar();
                }
                if (!closed)
                {
                    yield return Result.Value(SparseToken.UnterminatedComment, start, start.Skip(2));
                    yield break;
                }
            }
            else if (char.IsDigit(c))
            {
                next = ConsumeNumber(next);
                yield return Result.Value(SparseToken.Number, start, next.Location);
                // "4x4": the x directly between two numbers is the size separator.
                if (next.HasValue && next.Value == 'x' && char.IsDigit(Peek(next.Remainder)))
                {
                    var (byLine, byColumn) = lines.PositionOf(next.Location.Position.Absolute);
                    var by = new TextSpan(next.Location.Source!, new Position(next.Location.Position.Absolute, byLine, byColumn), next.Location.Length);
                    next = next.Remainder.ConsumeChar();
                    yield return Result.Value(SparseToken.Identifier, by, next.Location);
                }
            }
            else if (char.IsLetter(c) || c == '_')
            {
                do next = next.Remainder.ConsumeChar();
                while (next.HasValue && (char.IsLetterOrDigit(next.Value) || next.Value == '_'));
                yield return Result.Value(KeywordOrIdentifier(start, next.Location), start, next.Location);
            }
            else if (char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(next.Remainder)))
            {
                // A character outside the BMP is one invalid character, not two lone surrogates.
                next = next.Remainder.ConsumeChar().Remainder.ConsumeChar();
                yield return Result.Value(SparseToken.Invalid, start, next.Location);
            }
            else
            {
                var kind = c switch
                {
                    ';' => SparseToken.Semicolon,
                    ',' => SparseToken.Comma,
                    ':' => SparseToken.Colon,
                    '.' => SparseToken.Dot,
                    '=' => SparseToken.Equals,
                    '<' => SparseToken.LessThan,
                    '>' => SparseToken.GreaterThan,
                    '(' => SparseToken.LParen,
                    ')' => SparseToken.RParen,
                    '[' => SparseToken.LBracket,
                    ']' => SparseToken.RBracket,
                    '{' => SparseToken.LBrace,
                    '}' => SparseToken.RBrace,
                    '*' => SparseToken.Star,
                    '+' => SparseToken.Plus,
                    '-' => SparseToken.Minus,
                    '\'' => SparseToken.Apostrophe,
                    '/' => SparseToken.Slash,
                    '^' => SparseToken.Caret,
                    _ => SparseToken.Invalid,
                };
                next = next.Remainder.ConsumeChar();
                yield return Result.Value(kind, start, next.Location);
            }

            next = SkipWhiteSpace(next.Location);
        }
    }

    private static char Peek(TextSpan span)
    {
        var c = span.ConsumeChar();
        return c.HasValue ? c.Value : '\0';
    }

    /// <summary>digits [. digits] [(e|E) [+|-] digits]</summary>
    private static Result<char> ConsumeNumber(Result<char> next)
    {
        while (next.HasValue && char.IsDigit(next.Value)) next = next.Remainder.ConsumeChar();
        if (next.HasValue && next.Value == '.' && char.IsDigit(Peek(next.Remainder)))
        {
            next = next.Remainder.ConsumeChar();
            while (next.HasValue && char.IsDigit(next.Value)) next = next.Remainder.ConsumeChar();
        }
        if (next.HasValue && (next.Value == 'e' || next.Value == 'E'))
        {
            var afterE = next.Remainder;
            char sign = Peek(afterE);
            var digits = sign == '+' || sign == '-' ? afterE.ConsumeChar().Remainder : afterE;
            if (char.IsDigit(Peek(digits)))
            {
                next = digits.ConsumeChar();
                while (next.HasValue && char.IsDigit(next.Value)) next = next.Remainder.ConsumeChar();
            }
        }
        return next;
    }

    private static SparseToken KeywordOrIdentifier(TextSpan start, TextSpan end)
    {
        var text = start.Until(end).ToStringValue();
        return text switch
        {
            "namespace" => SparseToken.Namespace,
            "format" => SparseToken.Format,
            "stencil" => SparseToken.Stencil,
            "kernel" => SparseToken.Kernel,
            "operator" => SparseToken.Operator,
            "pipeline" => SparseToken.Pipeline,
            "projection" => SparseToken.Projection,
            "network" => SparseToken.Network,
            "gradient" => SparseToken.Gradient,
            _ => SparseToken.Identifier,
        };
    }
}
