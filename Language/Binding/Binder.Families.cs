using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    private const string GpPdeFamily = "gp_pde";
    private const string BayesMlpFamily = "bayes_mlp";

    /// <summary>The most dimensions of a GP-PDE grid (each factored densely; the grid is their product).</summary>
    public const int MaxGridDimensions = 3;

    /// <summary>The most points on one axis of a GP-PDE grid (its covariance factor is a dense points × points matrix).</summary>
    public const int MaxAxisPoints = 4096;

    /// <summary>The most points of a whole GP-PDE grid (the solution vector and its workspaces).</summary>
    public const int MaxGridPoints = 1 << 24;

    /// <summary>The most spectral-mixture components a kernel may declare.</summary>
    public const int MaxComponents = 1000;

    /// <summary>The widest layer a network may declare.</summary>
    public const int MaxLayerWidth = 1_000_000;

    /// <summary>
    /// Binds <c>pipeline P = family&lt;elem&gt; { … }</c> and <c>network N = family&lt;elem&gt; { … }</c>. Reports SPD140 (an
    /// unknown family), SPD142 (a family under the wrong keyword) and the family's own diagnostics.
    /// </summary>
    private PipelineIr? BindFamily(FamilySyntax syntax)
    {
        switch (syntax.Family.Text)
        {
            case GpPdeFamily when syntax.Keyword == SparseToken.Pipeline:
                return BindGpPde(syntax);
            case BayesMlpFamily when syntax.Keyword == SparseToken.Network:
                return BindNetwork(syntax);
            case GpPdeFamily:
                Report(D.InvalidPipeline, syntax.Family.Span, $"{GpPdeFamily} is a pipeline: write `pipeline {syntax.Name.Text} = {GpPdeFamily}<f64> {{ … }}`");
                return null;
            case BayesMlpFamily:
                Report(D.InvalidPipeline, syntax.Family.Span, $"{BayesMlpFamily} is a network: write `network {syntax.Name.Text} = {BayesMlpFamily}<f32> {{ … }}`");
                return null;
            default:
                Report(D.UnknownSolver, syntax.Family.Span, syntax.Family.Text,
                    syntax.Keyword == SparseToken.Network ? Quote(BayesMlpFamily) : $"{Quote(GpPdeFamily)} (or `pipeline {syntax.Name.Text} {{ dictionary …; solve x = kron_sbl(…); }}`)");
                return null;
        }
    }

    /// <summary>The family's element type must be <paramref name="expected"/>: SPD103 for an unknown spelling, SPD143 (with <paramref name="why"/>) for another type.</summary>
    private void FamilyElementType(FamilySyntax syntax, ScalarType expected, Func<ScalarType, string> why, ref bool ok)
    {
        var element = ScalarTypes.Parse(syntax.ElementType.Text);
        if (element is null)
        {
            Report(D.UnknownElementType, syntax.ElementType.Span, syntax.ElementType.Text, ScalarTypes.Spellings);
            ok = false;
        }
        else if (element.Type != expected)
        {
            Report(D.SolverElementType, syntax.ElementType.Span, why(element.Type));
            ok = false;
        }
    }

    /// <summary>
    /// The statements of a family body by keyword, each checked against what the family takes: SPD142 for a
    /// statement the family does not know, one given more often than allowed, or a required one missing.
    /// </summary>
    private Dictionary<string, List<FamilyStatementSyntax>> GroupStatements(FamilySyntax syntax, (string Keyword, bool Repeatable, string? Required)[] allowed, ref bool ok)
    {
        var groups = new Dictionary<string, List<FamilyStatementSyntax>>(StringComparer.Ordinal);
        foreach (var statement in syntax.Statements)
        {
            var keyword = statement.Keyword.Text;
            var rule = allowed.FirstOrDefault(a => a.Keyword == keyword);
            if (rule.Keyword is null)
            {
                Report(D.InvalidPipeline, statement.Keyword.Span,
                    $"`{keyword}` is not a statement of a {syntax.Family.Text} {(syntax.Keyword == SparseToken.Network ? "network" : "pipeline")}; expected {string.Join(", ", allowed.Select(a => Quote(a.Keyword)))}");
                ok = false;
                continue;
            }
            if (!groups.TryGetValue(keyword, out var list)) groups[keyword] = list = new List<FamilyStatementSyntax>();
            if (list.Count > 0 && !rule.Repeatable)
            {
                Report(D.InvalidPipeline, statement.Keyword.Span, $"`{keyword}` is given twice in {Quote(syntax.Name.Text)}; it is given once");
                ok = false;
                continue;
            }
            list.Add(statement);
        }
        foreach (var rule in allowed)
        {
            if (rule.Required is not null && !groups.ContainsKey(rule.Keyword))
            {
                Report(D.InvalidPipeline, syntax.Name.Span, $"{Quote(syntax.Name.Text)} needs {rule.Required}");
                ok = false;
            }
        }
        return groups;
    }

    private static T? Single<T>(Dictionary<string, List<FamilyStatementSyntax>> groups, string keyword) where T : FamilyStatementSyntax
        => groups.TryGetValue(keyword, out var list) ? (T)list[0] : null;

    // ---- gp_pde ------------------------------------------------------------------------------------------

    private static readonly (string, bool, string?)[] GpPdeStatements =
    {
        ("domain", true, "a `domain x in [a, b] grid N;` statement per dimension"),
        ("kernel", false, "a `kernel spectral_mixture(components: 30, spectrum: student_t);` statement"),
        ("equation", false, "an `equation` statement, e.g. `equation d2(u, x) = f(x);`"),
        ("boundary", false, "a `boundary u = g;` statement: the Dirichlet values on the edge of the domain, without which the solve is not determined"),
        ("weights", false, null),
        ("training", false, null),
    };

    private static readonly string[] GpPdeSettingNames = { "max_iter", "lr", "tol", "prune", "boundary_weight", "jitter", "seed" };

    /// <summary>
    /// Binds a <c>gp_pde</c> pipeline. Reports SPD143 (not f64), SPD142 (statements), SPD144 (the domain, the kernel,
    /// the equation or the boundary malformed: an unknown operator, a term the solver does not implement, a dimension
    /// not declared), SPD145 (a frequency scale the grid cannot resolve) and SPD141 (training settings).
    /// </summary>
    private PipelineIr? BindGpPde(FamilySyntax syntax)
    {
        var name = syntax.Name.Text;
        bool ok = true;
        FamilyElementType(syntax, ScalarType.F64, actual => actual == ScalarType.F32
            ? $"{GpPdeFamily} runs in f64: in f32 the Cholesky factorization of the covariance breaks at the paper's jitter 1e-6 (its small eigenvalues fall below f32's resolution); write `{GpPdeFamily}<f64>`"
            : $"{GpPdeFamily} is real: the solution and the kernel take f64, not {actual.Spelling()}", ref ok);
        var groups = GroupStatements(syntax, GpPdeStatements, ref ok);
        var axes = groups.TryGetValue("domain", out var domains) ? BindAxes(domains.Cast<DomainStatementSyntax>().ToList(), ref ok) : null;
        var (spectrum, components, frequencyScale) = Single<CallStatementSyntax>(groups, "kernel") is { } kernel
            ? BindSpectralMixture(kernel, axes, ref ok)
            : (SpectrumKind.StudentT, 0, null);
        var boundary = Single<EquationStatementSyntax>(groups, "boundary");
        var equation = Single<EquationStatementSyntax>(groups, "equation");

        // The unknown is what the boundary statement assigns, else what the first derivative differentiates.
        string? unknown = null;
        if (boundary is not null)
        {
            if (boundary.Left is NameExpressionSyntax { Transposed: false } boundaryTarget && !IsReservedPdeName(boundaryTarget.Name.Text, axes))
                unknown = boundaryTarget.Name.Text;
            else
            {
                Report(D.InvalidPde, boundary.Left.Span, "the boundary statement names the unknown on its left: `boundary u = g;`");
                ok = false;
            }
        }
        else if (equation is not null) unknown = FirstDifferentiated(equation.Left);

        var terms = new List<PdeTerm>();
        double cubic = 0;
        if (equation is not null && unknown is not null && axes is not null && BindPdeLeft(equation.Left, unknown, axes, out terms, out cubic) is false) ok = false;
        string? source = null, boundaryData = null;
        double sourceConstant = 0, boundaryConstant = 0;
        if (axes is not null && unknown is not null)
        {
            if (equation is not null && !BindPdeData(equation.Right, "source", unknown, axes, out source, out sourceConstant)) ok = false;
            if (boundary is not null && !BindPdeData(boundary.Right, "boundary data", unknown, axes, out boundaryData, out boundaryConstant)) ok = false;
            if (source is not null && source == boundaryData)
            {
                Report(D.InvalidPde, boundary!.Right.Span, $"the source and the boundary data are both named {Quote(source)}; they are two different inputs of Solve");
                ok = false;
            }
        }

        if (groups.TryGetValue("weights", out var weightStatements))
        {
            var weights = (ChoiceStatementSyntax)weightStatements[0];
            if (weights.Choice.Text != "log_domain" || weights.Settings.Count > 0)
            {
                Report(D.InvalidPde, weights.Choice.Span, $"{Quote(weights.Choice.Text)} is not implemented: write `weights log_domain;` (log w optimized under a flat prior, the paper's Jeffreys prior)");
                ok = false;
            }
        }

        var training = GpPdeTrainingKind.Learned;
        var settings = new GpPdeSettings();
        if (groups.TryGetValue("training", out var trainingStatements))
        {
            var statement = (ChoiceStatementSyntax)trainingStatements[0];
            switch (statement.Choice.Text)
            {
                case "fixed": training = GpPdeTrainingKind.Fixed; break;
                case "learned": training = GpPdeTrainingKind.Learned; break;
                case "joint_adam": training = GpPdeTrainingKind.JointAdam; break;
                default:
                    Report(D.InvalidSetting, statement.Choice.Span, $"{Quote(statement.Choice.Text)} is not a training route; expected `fixed` (the kernel given to Solve), `learned` or `joint_adam`");
                    ok = false;
                    break;
            }
            settings = BindGpPdeSettings(statement.Settings, ref ok);
            if (training != GpPdeTrainingKind.Fixed && axes is { Count: > 1 })
            {
                Report(D.InvalidPde, statement.Choice.Span, $"`{statement.Choice.Text}` training is implemented on 1-D grids; {Quote(name)} has {axes.Count} dimensions: use `training fixed;` (the kernel given to Solve)");
                ok = false;
            }
        }
        else if (axes is { Count: > 1 })
        {
            Report(D.InvalidPde, syntax.Name.Span, $"{Quote(name)} has {axes.Count} dimensions, where only `training fixed;` is implemented (the default, learned, is 1-D): add `training fixed;`");
            ok = false;
        }
        if (!ok || axes is null || unknown is null || boundary is null || equation is null) return null;
        return new GpPdePipelineIr(name, axes.ToEquatableArray(), spectrum, components, frequencyScale, terms.ToEquatableArray(), cubic,
            unknown, source, sourceConstant, boundaryData, boundaryConstant, training, settings, Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }

    private static string? FirstDifferentiated(ExpressionSyntax expression) => expression switch
    {
        CallExpressionSyntax { Arguments: [NameExpressionSyntax target, ..] } => target.Name.Text,
        ParenthesizedExpressionSyntax p => FirstDifferentiated(p.Inner),
        NegateExpressionSyntax n => FirstDifferentiated(n.Operand),
        BinaryExpressionSyntax b => FirstDifferentiated(b.Left) ?? FirstDifferentiated(b.Right),
        DivideExpressionSyntax d => FirstDifferentiated(d.Left),
        PowerExpressionSyntax p => FirstDifferentiated(p.Base),
        _ => null,
    };

    private static bool IsReservedPdeName(string name, IReadOnlyList<GridAxis>? axes)
        => name == "pi" || (axes?.Any(a => a.Name == name) ?? false);

    private List<GridAxis>? BindAxes(List<DomainStatementSyntax> domains, ref bool ok)
    {
        if (domains.Count > MaxGridDimensions)
        {
            Report(D.InvalidPde, domains[MaxGridDimensions].Span, FormattableString.Invariant($"a GP-PDE grid has 1 to {MaxGridDimensions} dimensions; this is dimension {MaxGridDimensions + 1}"));
            ok = false;
            return null;
        }
        var axes = new List<GridAxis>();
        long total = 1;
        bool valid = true;
        foreach (var domain in domains)
        {
            var variable = domain.Variable.Text;
            if (variable == "pi" || axes.Any(a => a.Name == variable))
            {
                Report(D.InvalidPde, domain.Variable.Span, variable == "pi" ? "`pi` is the constant π, not a dimension's name" : $"the dimension {Quote(variable)} is declared twice");
                valid = false;
                continue;
            }
            bool boundsOk = TryConstant(domain.Lower, out double lower) & TryConstant(domain.Upper, out double upper);
            if (boundsOk && !(lower < upper))
            {
                Report(D.InvalidPde, domain.Upper.Span, FormattableString.Invariant($"the domain of {Quote(variable)} is [{lower}, {upper}]: the upper bound must exceed the lower one"));
                boundsOk = false;
            }
            int points = 0;
            bool pointsOk = TryInteger(domain.Points, "a grid's point count", out points);
            if (pointsOk && (points < 3 || points > MaxAxisPoints))
            {
                Report(D.InvalidPde, domain.Points.Span, points < 3
                    ? FormattableString.Invariant($"the grid of {Quote(variable)} has {points} points: it needs at least 3 (two on the boundary, one inside)")
                    : FormattableString.Invariant($"the grid of {Quote(variable)} has {points} points; at most {MaxAxisPoints} per dimension (each dimension's covariance is factored as a dense matrix)"));
                pointsOk = false;
            }
            if (!boundsOk || !pointsOk) { valid = false; continue; }
            total *= points;
            if (total > MaxGridPoints)
            {
                Report(D.InvalidPde, domain.Points.Span, FormattableString.Invariant($"the grid has more than {MaxGridPoints} points in all"));
                valid = false;
                continue;
            }
            axes.Add(new GridAxis(variable, lower, upper, points, SourceText(domain.Lower.Span), SourceText(domain.Upper.Span)));
        }
        if (!valid) { ok = false; return null; }
        return axes;
    }

    private string SourceText(SourceSpan span) => Lowering.LoweringContext.SourceOf(_text, span);

    /// <summary>Evaluates a constant expression of numbers and <c>pi</c> (SPD144 for anything else, or a value that is not finite).</summary>
    private bool TryConstant(ExpressionSyntax expression, out double value)
    {
        value = 0;
        switch (expression)
        {
            case NumberExpressionSyntax number:
                return TryReal(number.Number, out value);
            case NameExpressionSyntax { Name.Text: "pi", Transposed: false }:
                value = Math.PI;
                return true;
            case ParenthesizedExpressionSyntax parenthesized:
                return TryConstant(parenthesized.Inner, out value);
            case NegateExpressionSyntax negate:
                if (!TryConstant(negate.Operand, out value)) return false;
                value = -value;
                return true;
            case BinaryExpressionSyntax binary:
                if (!(TryConstant(binary.Left, out double left) & TryConstant(binary.Right, out double right))) return false;
                value = binary.Operator switch { '+' => left + right, '-' => left - right, _ => left * right };
                break;
            case DivideExpressionSyntax divide:
                if (!(TryConstant(divide.Left, out double numerator) & TryConstant(divide.Right, out double denominator))) return false;
                value = numerator / denominator;
                break;
            case PowerExpressionSyntax power:
                if (!TryConstant(power.Base, out double b) || !TryInteger(power.Exponent, "an exponent", out int e)) return false;
                value = Math.Pow(b, e);
                break;
            default:
                Report(D.InvalidPde, expression.Span, "a bound is a number or an expression of numbers and `pi`, e.g. `2*pi`");
                return false;
        }
        if (!double.IsNaN(value) && !double.IsInfinity(value)) return true;
        Report(D.InvalidPde, expression.Span, "the value is not a finite number");
        return false;
    }

    private (SpectrumKind Spectrum, int Components, double? FrequencyScale) BindSpectralMixture(CallStatementSyntax kernel, List<GridAxis>? axes, ref bool ok)
    {
        var spectrum = SpectrumKind.StudentT;
        int components = 30;
        double? scale = null;
        if (kernel.Function.Text != "spectral_mixture")
        {
            Report(D.InvalidPde, kernel.Function.Span, $"{Quote(kernel.Function.Text)} is not a kernel; expected `spectral_mixture(components: 30, spectrum: student_t)`");
            ok = false;
            return (spectrum, components, scale);
        }
        var arguments = CollectArguments(kernel.Arguments, "spectral_mixture", new[] { "components", "spectrum", "freq_scale" }, positionalName: null, ref ok);
        if (arguments.TryGetValue("components", out var componentsArgument))
        {
            if (!TrySizes(componentsArgument, "components", 1, out var sizes)) ok = false;
            else if (sizes[0] < 1 || sizes[0] > MaxComponents)
            {
                Report(D.InvalidPde, componentsArgument.Value.Span, FormattableString.Invariant($"`components` lies between 1 and {MaxComponents}; it is {sizes[0]}"));
                ok = false;
            }
            else components = sizes[0];
        }
        if (arguments.TryGetValue("spectrum", out var spectrumArgument))
        {
            var word = (spectrumArgument.Value as ExtentChainSyntax)?.Atoms is { Count: 1 } atoms ? (atoms[0] as NameSyntax)?.Text : null;
            if (word == "student_t") spectrum = SpectrumKind.StudentT;
            else if (word == "gaussian") spectrum = SpectrumKind.Gaussian;
            else
            {
                Report(D.InvalidPde, spectrumArgument.Value.Span, "`spectrum` is `student_t` (a Matérn-5/2 envelope) or `gaussian`");
                ok = false;
            }
        }
        if (arguments.TryGetValue("freq_scale", out var scaleArgument))
        {
            if (scaleArgument.Value is ExtentChainSyntax { Atoms: [NumberSyntax number] } && TryReal(number, out double value) && value > 0)
            {
                scale = value;
                foreach (var axis in axes ?? new List<GridAxis>())
                {
                    // μ is in cycles per unit length (cos 2πμd): the grid resolves up to 1/(2h).
                    double h = (axis.Upper - axis.Lower) / (axis.Points - 1), nyquist = 1 / (2 * h);
                    if (value > nyquist)
                    {
                        double needed = Math.Ceiling(2 * value * (axis.Upper - axis.Lower)) + 1;
                        Report(D.GridTooCoarse, scaleArgument.Value.Span, FormattableString.Invariant(
                            $"the grid of {Quote(axis.Name)} ({axis.Points} points on [{axis.LowerText}, {axis.UpperText}]) resolves frequencies up to {nyquist:G4} cycles per unit; freq_scale {value:G4} needs at least {needed:F0} points"));
                        ok = false;
                    }
                }
            }
            else
            {
                Report(D.InvalidPde, scaleArgument.Value.Span, "`freq_scale` is a positive number: the largest initial frequency μ (cycles per unit length)");
                ok = false;
            }
        }
        return (spectrum, components, scale);
    }

    /// <summary>
    /// The left side of a PDE as Σ c·∂^k u/∂x_d^k + c3·u³, expanded from any arrangement of sums, products with
    /// constants, and powers of u (<c>u*(u^2 - 1)</c> is −u + u³). SPD144 for anything else, at the piece that is.
    /// </summary>
    private bool BindPdeLeft(ExpressionSyntax left, string unknown, IReadOnlyList<GridAxis> axes, out List<PdeTerm> terms, out double cubic)
    {
        terms = new List<PdeTerm>();
        cubic = 0;
        var expanded = Expand(left, unknown, axes);
        if (expanded is null) return false;
        bool ok = true;
        if (expanded.TryGetValue(Monomial.OfU(0), out double constant) && constant != 0)
        {
            Report(D.InvalidPde, left.Span, "the left side has a constant term; move it into the source on the right");
            ok = false;
        }
        if (expanded.TryGetValue(Monomial.OfU(2), out double square) && square != 0)
        {
            Report(D.InvalidPde, left.Span, "the left side has a u² term; the nonlinear term the solver implements is c·u³ (Allen–Cahn)");
            ok = false;
        }
        if (!ok) return false;
        foreach (var pair in expanded.Where(p => p.Value != 0).OrderBy(p => p.Key.Dimension).ThenByDescending(p => p.Key.Order))
        {
            if (pair.Key.Order >= 0) terms.Add(new PdeTerm(pair.Value, pair.Key.Dimension, pair.Key.Order));
            else if (pair.Key.Power == 1) terms.Add(new PdeTerm(pair.Value, 0, 0));
            else if (pair.Key.Power == 3) cubic = pair.Value;
        }
        if (!terms.Any(t => t.Order > 0))
        {
            Report(D.InvalidPde, left.Span, $"the left side has no derivative of {Quote(unknown)}: write one with `d1({unknown}, {axes[0].Name})` or `d2({unknown}, {axes[0].Name})`");
            return false;
        }
        return true;
    }

    /// <summary>A monomial of a PDE's left side: a derivative ∂^Order u/∂x_Dimension^Order (Order ≥ 1), or u^Power (Order = -1).</summary>
    private readonly record struct Monomial(int Dimension, int Order, int Power)
    {
        public static Monomial OfU(int power) => new(0, -1, power);
    }

    private Dictionary<Monomial, double>? Expand(ExpressionSyntax expression, string unknown, IReadOnlyList<GridAxis> axes)
    {
        switch (expression)
        {
            case NumberExpressionSyntax number:
                return TryReal(number.Number, out double value) ? new() { [Monomial.OfU(0)] = value } : null;
            case NameExpressionSyntax { Transposed: false } name when name.Name.Text == unknown:
                return new() { [Monomial.OfU(1)] = 1 };
            case NameExpressionSyntax { Name.Text: "pi", Transposed: false }:
                return new() { [Monomial.OfU(0)] = Math.PI };
            case NameExpressionSyntax name:
                Report(D.InvalidPde, name.Span, axes.Any(a => a.Name == name.Name.Text)
                    ? $"the left side's coefficients are constants; a term in {Quote(name.Name.Text)} belongs in the source on the right"
                    : $"{Quote(name.Name.Text)} is not the unknown {Quote(unknown)}, a dimension or `pi`");
                return null;
            case CallExpressionSyntax call:
                return ExpandDerivative(call, unknown, axes);
            case ParenthesizedExpressionSyntax parenthesized:
                return Expand(parenthesized.Inner, unknown, axes);
            case NegateExpressionSyntax negate:
                return Scale(Expand(negate.Operand, unknown, axes), -1);
            case BinaryExpressionSyntax { Operator: '+' or '-' } sum:
            {
                var left = Expand(sum.Left, unknown, axes);
                var right = Expand(sum.Right, unknown, axes);
                if (left is null || right is null) return null;
                foreach (var pair in right)
                    left[pair.Key] = (left.TryGetValue(pair.Key, out double existing) ? existing : 0) + (sum.Operator == '+' ? pair.Value : -pair.Value);
                return left;
            }
            case BinaryExpressionSyntax product:
                return Multiply(Expand(product.Left, unknown, axes), Expand(product.Right, unknown, axes), product.Span);
            case DivideExpressionSyntax divide:
            {
                var numerator = Expand(divide.Left, unknown, axes);
                if (numerator is null || !TryConstant(divide.Right, out double denominator)) return null;
                if (denominator == 0)
                {
                    Report(D.InvalidPde, divide.Right.Span, "division by zero");
                    return null;
                }
                return Scale(numerator, 1 / denominator);
            }
            case PowerExpressionSyntax power:
            {
                if (!TryInteger(power.Exponent, "an exponent", out int exponent)) return null;
                if (exponent < 1 || exponent > 3)
                {
                    Report(D.InvalidPde, power.Exponent.Span, FormattableString.Invariant($"the exponent is {exponent}; the left side has powers of u up to u³"));
                    return null;
                }
                var basis = Expand(power.Base, unknown, axes);
                var result = basis;
                for (int i = 1; i < exponent && result is not null; i++) result = Multiply(result, basis, power.Span);
                return result;
            }
            default:
                Report(D.InvalidPde, expression.Span, "not a term of a PDE's left side");
                return null;
        }
    }

    private Dictionary<Monomial, double>? ExpandDerivative(CallExpressionSyntax call, string unknown, IReadOnlyList<GridAxis> axes)
    {
        int order = call.Function.Text switch { "d1" or "d" => 1, "d2" => 2, _ => 0 };
        if (order == 0)
        {
            Report(D.InvalidPde, call.Function.Span, $"{Quote(call.Function.Text)} is not a differential operator; expected `d1({unknown}, {axes[0].Name})` (first derivative) or `d2({unknown}, {axes[0].Name})` (second)");
            return null;
        }
        if (call.Arguments.Count != 2 || call.Arguments[0] is not NameExpressionSyntax { Transposed: false } target || call.Arguments[1] is not NameExpressionSyntax { Transposed: false } variable)
        {
            Report(D.InvalidPde, call.Span, $"{call.Function.Text} takes the unknown and a dimension: `{call.Function.Text}({unknown}, {axes[0].Name})`");
            return null;
        }
        if (target.Name.Text != unknown)
        {
            Report(D.InvalidPde, target.Span, $"{call.Function.Text} differentiates the unknown {Quote(unknown)} (the one the boundary statement names), not {Quote(target.Name.Text)}");
            return null;
        }
        int dimension = axes.ToList().FindIndex(a => a.Name == variable.Name.Text);
        if (dimension < 0)
        {
            Report(D.InvalidPde, variable.Span, $"{Quote(variable.Name.Text)} is not a dimension of the domain ({string.Join(", ", axes.Select(a => a.Name))})");
            return null;
        }
        return new() { [new Monomial(dimension, order, 1)] = 1 };
    }

    private static Dictionary<Monomial, double>? Scale(Dictionary<Monomial, double>? terms, double factor)
    {
        if (terms is null) return null;
        foreach (var key in terms.Keys.ToList()) terms[key] *= factor;
        return terms;
    }

    private Dictionary<Monomial, double>? Multiply(Dictionary<Monomial, double>? left, Dictionary<Monomial, double>? right, SourceSpan span)
    {
        if (left is null || right is null) return null;
        var result = new Dictionary<Monomial, double>();
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (a.Value == 0 || b.Value == 0) continue;
                Monomial product;
                if (a.Key.Order < 0 && b.Key.Order < 0)
                {
                    if (a.Key.Power + b.Key.Power > 3)
                    {
                        Report(D.InvalidPde, span, "the product has a power of u above u³; the nonlinear term the solver implements is c·u³");
                        return null;
                    }
                    product = Monomial.OfU(a.Key.Power + b.Key.Power);
                }
                else if (a.Key == Monomial.OfU(0)) product = b.Key;
                else if (b.Key == Monomial.OfU(0)) product = a.Key;
                else
                {
                    Report(D.InvalidPde, span, "a derivative multiplies u or another derivative here: the left side is linear in u and its derivatives, plus c·u³");
                    return null;
                }
                result[product] = (result.TryGetValue(product, out double existing) ? existing : 0) + a.Value * b.Value;
            }
        }
        return result;
    }

    /// <summary>
    /// A PDE's source or boundary data: a name (<c>f</c>), a call naming the dimensions in order (<c>f(x, y)</c>), or a
    /// constant. SPD144 for anything else (the unknown on the right, arguments out of order).
    /// </summary>
    private bool BindPdeData(ExpressionSyntax expression, string what, string unknown, IReadOnlyList<GridAxis> axes, out string? name, out double constant)
    {
        name = null;
        constant = 0;
        string Example() => $"`f({string.Join(", ", axes.Select(a => a.Name))})`, `f` or a constant";
        switch (expression)
        {
            case NameExpressionSyntax { Transposed: false } plain when plain.Name.Text != unknown && !IsReservedPdeName(plain.Name.Text, axes):
                name = plain.Name.Text;
                return true;
            case CallExpressionSyntax call when call.Function.Text is not ("d" or "d1" or "d2") && call.Function.Text != unknown && !IsReservedPdeName(call.Function.Text, axes):
                if (call.Arguments.Count != axes.Count || call.Arguments.Where((a, i) => a is not NameExpressionSyntax { Transposed: false } n || n.Name.Text != axes[i].Name).Any())
                {
                    Report(D.InvalidPde, call.Span, $"the {what} is written {Quote(call.Function.Text + "(" + string.Join(", ", axes.Select(a => a.Name)) + ")")}: its arguments are the dimensions in domain order");
                    return false;
                }
                name = call.Function.Text;
                return true;
            default:
                if (Mentions(expression, unknown) || expression is CallExpressionSyntax)
                {
                    Report(D.InvalidPde, expression.Span, $"the {what} is a function of the position or a constant ({Example()}); it may not contain the unknown or its derivatives");
                    return false;
                }
                return TryConstant(expression, out constant);
        }
    }

    private static bool Mentions(ExpressionSyntax expression, string name) => expression switch
    {
        NameExpressionSyntax n => n.Name.Text == name,
        CallExpressionSyntax c => c.Function.Text == name || c.Arguments.Any(a => Mentions(a, name)),
        ParenthesizedExpressionSyntax p => Mentions(p.Inner, name),
        NegateExpressionSyntax n => Mentions(n.Operand, name),
        BinaryExpressionSyntax b => Mentions(b.Left, name) || Mentions(b.Right, name),
        DivideExpressionSyntax d => Mentions(d.Left, name) || Mentions(d.Right, name),
        PowerExpressionSyntax p => Mentions(p.Base, name),
        _ => false,
    };

    private GpPdeSettings BindGpPdeSettings(IReadOnlyList<SettingSyntax> settings, ref bool ok)
    {
        var result = new GpPdeSettings();
        foreach (var (setting, key) in DistinctSettings(settings, "a GP-PDE training", GpPdeSettingNames, ref ok))
        {
            string? problem = null;
            switch (key)
            {
                case "max_iter":
                    if (WholeSetting(setting, 1, MaxSolverIterations) is int cap) result = result with { MaxIterations = cap };
                    else problem = FormattableString.Invariant($"a whole number from 1 to {MaxSolverIterations}");
                    break;
                case "seed":
                    if (WholeSetting(setting, 0, int.MaxValue) is int seed) result = result with { Seed = seed };
                    else problem = "a whole number from 0 to 2^31 - 1";
                    break;
                case "lr":
                    if (Real(setting) is double lr && lr > 0 && lr <= 10) result = result with { LearningRate = lr };
                    else problem = "a number in (0, 10]";
                    break;
                case "tol":
                    if (Real(setting) is double tol && tol > 0 && tol < 1) result = result with { Tolerance = tol };
                    else problem = "a number in (0, 1)";
                    break;
                case "prune":
                    if (Real(setting) is double prune && prune >= 0 && prune < 1) result = result with { Prune = prune };
                    else problem = "a number in [0, 1)";
                    break;
                case "boundary_weight":
                    if (Real(setting) is double weight && weight > 0) result = result with { BoundaryWeight = weight };
                    else problem = "a positive number (λ)";
                    break;
                case "jitter":
                    if (Real(setting) is double jitter && jitter > 0 && jitter < 1) result = result with { Jitter = jitter };
                    else problem = "a number in (0, 1)";
                    break;
            }
            ReportSettingProblem(setting, key, problem, ref ok);
        }
        return result;
    }

    // ---- bayes_mlp -------------------------------------------------------------------------------------------

    private static readonly (string, bool, string?)[] NetworkStatements =
    {
        ("layers", false, "a `layers 784 -> 300 -> 10;` statement: the input width, the hidden widths and the classes"),
        ("sparsity", false, null),
        ("inference", false, null),
    };

    private static readonly string[] NetworkSettingNames = { "kl_weight", "prior_sigma", "drop", "update_every", "update_until", "lr", "momentum", "epochs", "batch" };

    /// <summary>
    /// Binds a <c>bayes_mlp</c> network. Reports SPD143 (not f32), SPD142 (statements), SPD146 (layer widths, the
    /// support: density outside (0, 1], N:M or blocks that do not divide a layer, an unknown kind) and SPD141 (settings).
    /// </summary>
    private PipelineIr? BindNetwork(FamilySyntax syntax)
    {
        var name = syntax.Name.Text;
        bool ok = true;
        FamilyElementType(syntax, ScalarType.F32, _ => $"{BayesMlpFamily} trains in f32 (its sparse kernels and the SSVI reference run in single precision); write `{BayesMlpFamily}<f32>`", ref ok);
        var groups = GroupStatements(syntax, NetworkStatements, ref ok);
        if (Single<LayersStatementSyntax>(groups, "layers") is not { } layersStatement) return null;
        var layers = new List<int>();
        bool layersOk = true;
        foreach (var width in layersStatement.Widths)
        {
            if (!TryInteger(width, "a layer width", out int value)) { layersOk = false; continue; }
            if (value < 1 || value > MaxLayerWidth)
            {
                Report(D.InvalidNetwork, width.Span, FormattableString.Invariant($"a layer has 1 to {MaxLayerWidth} units; this one has {value}"));
                layersOk = false;
                continue;
            }
            layers.Add(value);
        }
        if (layersStatement.Widths.Count < 2)
        {
            Report(D.InvalidNetwork, layersStatement.Span, "a network has an input width and an output width at least: `layers 784 -> 10;`");
            layersOk = false;
        }
        if (!layersOk) return null;

        var support = NetworkSupportKind.Dense;
        double density = 1;
        int groupN = 2, groupM = 4, blockRows = 4, blockColumns = 4;
        if (groups.TryGetValue("sparsity", out var sparsityStatements))
        {
            var sparsity = (CallStatementSyntax)sparsityStatements[0];
            switch (sparsity.Function.Text)
            {
                case "dense":
                    if (sparsity.Arguments.Count > 0) { Report(D.InvalidNetwork, sparsity.Arguments[0].Span, "`dense` takes no arguments"); ok = false; }
                    break;
                case "unstructured":
                {
                    support = NetworkSupportKind.Unstructured;
                    var arguments = CollectArguments(sparsity.Arguments, "unstructured", new[] { "density" }, positionalName: "density", ref ok);
                    if (!arguments.TryGetValue("density", out var argument))
                    {
                        Report(D.InvalidNetwork, sparsity.Function.Span, "`unstructured` needs its density: `unstructured(density: 0.1)`");
                        ok = false;
                    }
                    else if (Density(argument, "weights") is double value)
                    {
                        density = value;
                        for (int i = 0; i + 1 < layers.Count; i++)
                        {
                            if (Math.Round(value * layers[i] * (double)layers[i + 1]) < 1)
                            {
                                Report(D.InvalidNetwork, argument.Value.Span, FormattableString.Invariant($"at density {value} layer {i + 1} ({layers[i]} -> {layers[i + 1]}) keeps no weight"));
                                ok = false;
                            }
                        }
                    }
                    else ok = false;
                    break;
                }
                case "nm":
                    support = NetworkSupportKind.NM;
                    if (sparsity.Arguments is [{ Name: null, Value: RatioSyntax ratio }]
                        && TryInteger(ratio.Numerator, "N", out groupN) && TryInteger(ratio.Denominator, "M", out groupM))
                    {
                        if (groupN < 1 || groupN >= groupM || groupM > 64)
                        {
                            Report(D.InvalidNetwork, ratio.Span, FormattableString.Invariant($"N:M keeps N of every M inputs with 1 ≤ N < M ≤ 64; {groupN}:{groupM} does not"));
                            ok = false;
                            break;
                        }
                        density = groupN / (double)groupM;
                        for (int i = 0; i + 1 < layers.Count; i++)
                        {
                            if (layers[i] % groupM != 0)
                            {
                                Report(D.InvalidNetwork, layersStatement.Widths[i].Span, FormattableString.Invariant(
                                    $"layer {i + 1} has {layers[i]} inputs, not a multiple of M = {groupM}: N:M groups M consecutive inputs of each output"));
                                ok = false;
                            }
                        }
                    }
                    else
                    {
                        Report(D.InvalidNetwork, sparsity.Function.Span, "`nm` takes its ratio: `nm(2:4)`");
                        ok = false;
                    }
                    break;
                case "block":
                    support = NetworkSupportKind.Block;
                    if (sparsity.Arguments.Count >= 1 && sparsity.Arguments[0] is { Name: null, Value: ExtentChainSyntax { Atoms: [NumberSyntax rows, NumberSyntax columns] } }
                        && TryInteger(rows, "block rows", out blockRows) && TryInteger(columns, "block columns", out blockColumns) && blockRows >= 1 && blockColumns >= 1)
                    {
                        var arguments = CollectArguments(sparsity.Arguments.Skip(1).ToList(), "block", new[] { "density" }, positionalName: null, ref ok);
                        density = 0.1;
                        if (arguments.TryGetValue("density", out var argument))
                        {
                            if (Density(argument, "blocks") is double value) density = value;
                            else ok = false;
                        }
                        for (int i = 0; i + 1 < layers.Count; i++)
                        {
                            if (layers[i] % blockColumns != 0 || layers[i + 1] % blockRows != 0)
                            {
                                Report(D.InvalidNetwork, layersStatement.Widths[layers[i] % blockColumns != 0 ? i : i + 1].Span, FormattableString.Invariant(
                                    $"layer {i + 1} ({layers[i]} -> {layers[i + 1]}) does not split into {blockRows}x{blockColumns} blocks (outputs x inputs)"));
                                ok = false;
                            }
                        }
                    }
                    else
                    {
                        Report(D.InvalidNetwork, sparsity.Function.Span, "`block` takes its block size and optionally the density: `block(4x4, density: 0.1)`");
                        ok = false;
                    }
                    break;
                default:
                    Report(D.InvalidNetwork, sparsity.Function.Span, $"{Quote(sparsity.Function.Text)} is not a support; expected `dense`, `unstructured(density: p)`, `nm(N:M)` or `block(RxC, density: p)`");
                    ok = false;
                    break;
            }
        }

        var settings = new NetworkSettings();
        if (groups.TryGetValue("inference", out var inferenceStatements))
        {
            var inference = (ChoiceStatementSyntax)inferenceStatements[0];
            if (inference.Choice.Text != "ssvi")
            {
                Report(D.UnknownSolver, inference.Choice.Span, inference.Choice.Text, "`ssvi` (with `sparsity dense;` it is dense mean-field VI)");
                ok = false;
            }
            settings = BindNetworkSettings(inference.Settings, ref ok);
        }
        if (!ok) return null;
        return new NetworkIr(name, layers.ToEquatableArray(), support, density, groupN, groupM, blockRows, blockColumns, settings,
            Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }

    /// <summary>A support's density, a number in (0, 1] (SPD146 otherwise, naming what it is the fraction of).</summary>
    private double? Density(ArgumentSyntax argument, string units)
    {
        if (argument.Value is ExtentChainSyntax { Atoms: [NumberSyntax number] } && TryReal(number, out double value) && value > 0 && value <= 1) return value;
        Report(D.InvalidNetwork, argument.Value.Span, $"the density is a number in (0, 1]: the fraction of each layer's {units} kept");
        return null;
    }

    private NetworkSettings BindNetworkSettings(IReadOnlyList<SettingSyntax> settings, ref bool ok)
    {
        var result = new NetworkSettings();
        foreach (var (setting, key) in DistinctSettings(settings, "ssvi", NetworkSettingNames, ref ok))
        {
            string? problem = null;
            double? real = Real(setting);
            switch (key)
            {
                case "kl_weight":
                    if (real is >= 0) result = result with { KlWeight = real };
                    else problem = "a number ≥ 0";
                    break;
                case "prior_sigma":
                    if (real is > 0) result = result with { PriorSigma = real };
                    else problem = "a positive number (the prior's standard deviation)";
                    break;
                case "drop":
                    if (real is >= 0 and < 1) result = result with { Drop = real };
                    else problem = "a number in [0, 1): the largest fraction of the support replaced at one update";
                    break;
                case "update_until":
                    if (real is > 0 and <= 1) result = result with { UpdateUntil = real };
                    else problem = "a number in (0, 1]: the fraction of training during which the support changes";
                    break;
                case "lr":
                    if (real is > 0 and <= 10) result = result with { LearningRate = real };
                    else problem = "a number in (0, 10]";
                    break;
                case "momentum":
                    if (real is >= 0 and < 1) result = result with { Momentum = real };
                    else problem = "a number in [0, 1)";
                    break;
                case "update_every":
                    if (WholeSetting(setting, 1, 1_000_000) is int every) result = result with { UpdateEvery = every };
                    else problem = "a whole number of steps from 1 to 1000000";
                    break;
                case "epochs":
                    if (WholeSetting(setting, 1, 100_000) is int epochs) result = result with { Epochs = epochs };
                    else problem = "a whole number from 1 to 100000";
                    break;
                case "batch":
                    if (WholeSetting(setting, 1, 65_536) is int batch) result = result with { BatchSize = batch };
                    else problem = "a whole number from 1 to 65536";
                    break;
            }
            ReportSettingProblem(setting, key, problem, ref ok);
        }
        return result;
    }

    // ---- settings shared by the families -----------------------------------------------------------------------

    /// <summary>The settings with known keys, each once (SPD141 for an unknown or repeated one).</summary>
    private List<(SettingSyntax Setting, string Key)> DistinctSettings(IReadOnlyList<SettingSyntax> settings, string owner, string[] allowed, ref bool ok)
    {
        var result = new List<(SettingSyntax, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            var key = setting.Name.Text;
            if (!allowed.Contains(key))
            {
                Report(D.InvalidSetting, setting.Name.Span, $"{Quote(key)} is not a setting of {owner}; expected {string.Join(", ", allowed.Select(Quote))}");
                ok = false;
            }
            else if (!seen.Add(key))
            {
                Report(D.InvalidSetting, setting.Name.Span, $"the setting {Quote(key)} is given twice");
                ok = false;
            }
            else result.Add((setting, key));
        }
        return result;
    }

    private void ReportSettingProblem(SettingSyntax setting, string key, string? problem, ref bool ok)
    {
        if (problem is null) return;
        Report(D.InvalidSetting, setting.ValueSpan, $"{Quote(setting.ValueText)} is not a value of {Quote(key)}: {problem}");
        ok = false;
    }

    private static int? WholeSetting(SettingSyntax setting, int minimum, int maximum)
        => setting.Number is not null && int.TryParse(setting.Number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            && value >= minimum && value <= maximum ? value : null;
}
