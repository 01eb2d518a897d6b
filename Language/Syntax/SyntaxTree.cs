using System.Collections.Generic;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.Syntax;

// The syntax tree: what was written, with our own spans. The binder checks meaning; nothing here is validated.

/// <summary>A name as written, with its position.</summary>
public sealed record NameSyntax(string Text, SourceSpan Span);

/// <summary>A number as written (its text, so the binder reports out-of-range values with the user's spelling).</summary>
public sealed record NumberSyntax(string Text, bool Negative, SourceSpan Span);

public abstract record DeclarationSyntax(SourceSpan Span);

public sealed record NamespaceSyntax(IReadOnlyList<NameSyntax> Parts, SourceSpan Span) : DeclarationSyntax(Span)
{
    public string Name => string.Join(".", System.Linq.Enumerable.Select(Parts, p => p.Text));
}

/// <summary>An argument value: <c>8</c>, <c>4x4</c>, <c>nx x ny</c>, <c>col</c> (a chain of one or more atoms) or <c>2:4</c>.</summary>
public abstract record ArgumentValueSyntax(SourceSpan Span);

/// <summary>Atoms separated by <c>x</c>; each atom is a NumberSyntax or a NameSyntax.</summary>
public sealed record ExtentChainSyntax(IReadOnlyList<object> Atoms, SourceSpan Span) : ArgumentValueSyntax(Span);

public sealed record RatioSyntax(NumberSyntax Numerator, NumberSyntax Denominator, SourceSpan Span) : ArgumentValueSyntax(Span);

/// <summary><c>name: value</c>, or a positional value when Name is null.</summary>
public sealed record ArgumentSyntax(NameSyntax? Name, ArgumentValueSyntax Value, SourceSpan Span);

/// <summary><c>format Name = kind&lt;elem[, index: width]&gt;[(args)];</c></summary>
public sealed record FormatSyntax(
    NameSyntax Name,
    NameSyntax Kind,
    NameSyntax ElementType,
    NameSyntax? IndexKey,
    NameSyntax? IndexWidth,
    IReadOnlyList<ArgumentSyntax> Arguments,
    SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>[o0, o1] = coefficient;</c></summary>
public sealed record TapSyntax(IReadOnlyList<NumberSyntax> Offsets, NumberSyntax Coefficient, SourceSpan Span);

/// <summary><c>stencil Name&lt;elem&gt;(grid: ..., radius: r) { taps }</c></summary>
public sealed record StencilSyntax(
    NameSyntax Name,
    NameSyntax ElementType,
    IReadOnlyList<ArgumentSyntax> Arguments,
    IReadOnlyList<TapSyntax> Taps,
    SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>P: FormatName</c>, or a declared operand <c>x: vector</c>, <c>X: matrix&lt;f32&gt;</c> (<see cref="ElementType"/> is the optional <c>&lt;…&gt;</c>).</summary>
public sealed record ParameterSyntax(NameSyntax Name, NameSyntax Type, SourceSpan Span, NameSyntax? ElementType = null);

/// <summary><c>kernel Name(params) : output = expression;</c></summary>
public sealed record KernelSyntax(
    NameSyntax Name,
    IReadOnlyList<ParameterSyntax> Parameters,
    NameSyntax Output,
    ExpressionSyntax Expression,
    SourceSpan Span) : DeclarationSyntax(Span);

public abstract record ExpressionSyntax(SourceSpan Span);

public sealed record NumberExpressionSyntax(NumberSyntax Number) : ExpressionSyntax(Number.Span);

/// <summary>A name, optionally transposed (<c>A'</c>).</summary>
public sealed record NameExpressionSyntax(NameSyntax Name, bool Transposed, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record NegateExpressionSyntax(ExpressionSyntax Operand, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record ParenthesizedExpressionSyntax(ExpressionSyntax Inner, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>Operator is '*', '+' or '-'.</summary>
public sealed record BinaryExpressionSyntax(char Operator, ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>
/// A declaration that was reported (syntax error, limit exceeded, reserved word) and not parsed: its keyword and,
/// where the keyword is followed by a plain name, that name, so later references to it are not reported again.
/// </summary>
public sealed record BrokenDeclarationSyntax(SparseToken Keyword, NameSyntax? Name, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>A parsed spec: its declarations in source order.</summary>
public sealed record SpecSyntax(IReadOnlyList<DeclarationSyntax> Declarations);
