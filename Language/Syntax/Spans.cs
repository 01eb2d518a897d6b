using Superpower.Model;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.Syntax;

/// <summary>Converts Superpower positions to our own <see cref="SourceSpan"/> (tokens never span lines).</summary>
internal static class Spans
{
    public static SourceSpan Of(Token<SparseToken> token)
    {
        var p = token.Span.Position;
        return new SourceSpan(p.Absolute, token.Span.Length, p.Line, p.Column, p.Line, p.Column + token.Span.Length);
    }

    public static SourceSpan Cover(SourceSpan first, SourceSpan last)
        => new(first.Start, last.End - first.Start, first.Line, first.Column, last.EndLine, last.EndColumn);
}
