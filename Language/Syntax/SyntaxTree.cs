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

/// <summary>
/// A name, optionally transposed: <c>A'</c> is the conjugate transpose (the adjoint; the transpose for real values),
/// <c>A.'</c> the transpose without conjugation. <see cref="Conjugated"/> is set when conjugations do not cancel
/// (<c>A'</c>, or <c>A'.'</c>, a conjugate without a transpose).
/// </summary>
public sealed record NameExpressionSyntax(NameSyntax Name, bool Transposed, SourceSpan Span, bool Conjugated = false) : ExpressionSyntax(Span)
{
    /// <summary>The postfix as written in messages: <c>'</c>, <c>.'</c> or nothing.</summary>
    public string Postfix => Transposed ? (Conjugated ? "'" : ".'") : "";
}

public sealed record NegateExpressionSyntax(ExpressionSyntax Operand, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record ParenthesizedExpressionSyntax(ExpressionSyntax Inner, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>Operator is '*', '+' or '-'.</summary>
public sealed record BinaryExpressionSyntax(char Operator, ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>
/// The type of an operator's factor: a declared format (<see cref="FormatName"/>), or written in place as
/// <c>kind&lt;elem[, index: width]&gt;[(args)]</c> (<see cref="Inline"/>, whose name the binder makes up).
/// </summary>
public sealed record FactorTypeSyntax(NameSyntax? FormatName, FormatSyntax? Inline, SourceSpan Span);

/// <summary><c>A1: dense&lt;c128&gt;[3 x 18]</c>: a factor, its type and optionally its literal size in brackets.</summary>
public sealed record FactorSyntax(NameSyntax Name, FactorTypeSyntax Type, ExtentChainSyntax? Size, SourceSpan Span);

/// <summary>A call value in an argument: <c>random(0.03)</c>.</summary>
public sealed record CallValueSyntax(NameSyntax Function, NumberSyntax Argument, SourceSpan Span) : ArgumentValueSyntax(Span);

/// <summary><c>kind&lt;elem&gt;(arguments)</c>, one term of an operator sum: <c>lowrank&lt;f32&gt;(B: 1024 x 32, A: 32 x 1024)</c>, <c>sparse&lt;f32&gt;(csr, support: random(0.03), seed: 1)</c>.</summary>
public sealed record OperatorTermSyntax(NameSyntax Kind, NameSyntax ElementType, IReadOnlyList<ArgumentSyntax> Arguments, SourceSpan Span);

/// <summary>
/// <c>operator Name = kron(factor, ...);</c> (the Kronecker product of its factors), or a sum of terms
/// <c>operator W = lowrank&lt;f32&gt;(…) + sparse&lt;f32&gt;(…);</c> (<see cref="Terms"/> non-null; then <see cref="Kind"/> is the first term's).
/// </summary>
public sealed record OperatorSyntax(NameSyntax Name, NameSyntax Kind, IReadOnlyList<FactorSyntax> Factors, SourceSpan Span,
    IReadOnlyList<OperatorTermSyntax>? Terms = null) : DeclarationSyntax(Span);

/// <summary><c>projection Name = kind&lt;elem&gt;(arguments);</c> — today the kind is <c>householder</c>.</summary>
public sealed record ProjectionSyntax(NameSyntax Name, NameSyntax Kind, NameSyntax ElementType, IReadOnlyList<ArgumentSyntax> Arguments, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>name: value;</c> in a solver's settings block; the value is a number or a word (<c>svd</c>, <c>known</c>).</summary>
public sealed record SettingSyntax(NameSyntax Name, NumberSyntax? Number, NameSyntax? Word, SourceSpan Span)
{
    public SourceSpan ValueSpan => Number?.Span ?? Word!.Span;
    public string ValueText => Number?.Text ?? Word!.Text;
}

public abstract record PipelineItemSyntax(SourceSpan Span);

/// <summary>
/// <c>dictionary H = kron(F1: type[R x C], …);</c> (its definition, parsed like an operator's) or
/// <c>dictionary H = Op;</c> (an <c>operator</c> declared in the spec: <see cref="Reference"/>).
/// </summary>
public sealed record DictionarySyntax(NameSyntax Name, OperatorSyntax? Definition, NameSyntax? Reference, SourceSpan Span) : PipelineItemSyntax(Span);

/// <summary><c>solve x = kron_sbl(H, y) { setting; … }</c>: the estimate's name, the solver, its arguments and settings.</summary>
public sealed record SolveSyntax(NameSyntax Output, NameSyntax Solver, IReadOnlyList<NameSyntax> Arguments, IReadOnlyList<SettingSyntax> Settings, SourceSpan Span) : PipelineItemSyntax(Span);

/// <summary><c>pipeline Name { dictionary …; solve …; }</c></summary>
public sealed record PipelineSyntax(NameSyntax Name, IReadOnlyList<PipelineItemSyntax> Items, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>A call in a PDE equation: <c>d2(u, x)</c>, <c>f(x, y)</c> (only the equation parser makes these).</summary>
public sealed record CallExpressionSyntax(NameSyntax Function, IReadOnlyList<ExpressionSyntax> Arguments, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>u^3</c>: a power with a whole-number exponent (only the equation parser makes these).</summary>
public sealed record PowerExpressionSyntax(ExpressionSyntax Base, NumberSyntax Exponent, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>2*pi/3</c>: a quotient (only the constant-expression parser of a domain's bounds makes these).</summary>
public sealed record DivideExpressionSyntax(ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>One statement of a solver family's body: its leading word (<c>domain</c>, <c>kernel</c>, <c>layers</c>, …) and what follows.</summary>
public abstract record FamilyStatementSyntax(NameSyntax Keyword, SourceSpan Span);

/// <summary><c>domain x in [0, 2*pi] grid 400;</c></summary>
public sealed record DomainStatementSyntax(NameSyntax Keyword, NameSyntax Variable, ExpressionSyntax Lower, ExpressionSyntax Upper, NumberSyntax Points, SourceSpan Span)
    : FamilyStatementSyntax(Keyword, Span);

/// <summary><c>kernel spectral_mixture(components: 30, spectrum: student_t);</c>, <c>sparsity nm(2:4);</c> or a bare <c>sparsity dense;</c> (no arguments).</summary>
public sealed record CallStatementSyntax(NameSyntax Keyword, NameSyntax Function, IReadOnlyList<ArgumentSyntax> Arguments, SourceSpan Span)
    : FamilyStatementSyntax(Keyword, Span);

/// <summary><c>equation d2(u, x) + d2(u, y) = f(x, y);</c>, <c>boundary u = g;</c>: two sides of an equals sign.</summary>
public sealed record EquationStatementSyntax(NameSyntax Keyword, ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan Span)
    : FamilyStatementSyntax(Keyword, Span);

/// <summary><c>weights log_domain;</c>, <c>training learned { max_iter: 500; }</c>, <c>inference ssvi { kl_weight: 0.01; }</c>: a word and optional settings.</summary>
public sealed record ChoiceStatementSyntax(NameSyntax Keyword, NameSyntax Choice, IReadOnlyList<SettingSyntax> Settings, SourceSpan Span)
    : FamilyStatementSyntax(Keyword, Span);

/// <summary><c>layers 784 -> 300 -> 100 -> 10;</c></summary>
public sealed record LayersStatementSyntax(NameSyntax Keyword, IReadOnlyList<NumberSyntax> Widths, SourceSpan Span)
    : FamilyStatementSyntax(Keyword, Span);

/// <summary>
/// <c>pipeline Name = family&lt;elem&gt; { statements }</c> (<c>gp_pde</c>) or <c>network Name = family&lt;elem&gt; { statements }</c>
/// (<c>bayes_mlp</c>): a solver family, its element type and its statements; <see cref="Keyword"/> is the declaration's keyword.
/// </summary>
public sealed record FamilySyntax(SparseToken Keyword, NameSyntax Name, NameSyntax Family, NameSyntax ElementType,
    IReadOnlyList<FamilyStatementSyntax> Statements, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>gradient Name of Target : wrt p1, p2;</c>: the vector–Jacobian products of an operator or format with respect to the named parameters.</summary>
public sealed record GradientSyntax(NameSyntax Name, NameSyntax Target, IReadOnlyList<NameSyntax> Parameters, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>
/// A declaration that was reported (syntax error, limit exceeded, reserved word) and not parsed: its keyword and,
/// where the keyword is followed by a plain name, that name, so later references to it are not reported again.
/// </summary>
public sealed record BrokenDeclarationSyntax(SparseToken Keyword, NameSyntax? Name, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>A parsed spec: its declarations in source order.</summary>
public sealed record SpecSyntax(IReadOnlyList<DeclarationSyntax> Declarations);
