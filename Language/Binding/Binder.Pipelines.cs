using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    private const string KroneckerSblSolver = "kron_sbl";

    /// <summary>Names the generated pipeline class declares itself: its dictionary cannot take them.</summary>
    private static readonly string[] PipelineMembers = { "Solve", "DefaultOptions" };

    private static readonly string[] KroneckerSblSettingNames = { "update", "noise", "max_iter", "tol", "prune" };

    /// <summary>Most iterations a spec may ask for (a cap that still finishes).</summary>
    public const int MaxSolverIterations = 1_000_000;

    /// <summary>
    /// Binds <c>pipeline Name { dictionary H = …; solve x = kron_sbl(H, y) { … } }</c>. Reports SPD142 (not exactly
    /// one dictionary and one solve, a dictionary named like its pipeline or a member of its class, arguments that
    /// are not the dictionary and the data), SPD140 (an unknown solver), SPD141 (an unknown, repeated or out-of-range
    /// setting), SPD143 (a dictionary the solver cannot take: f32), SPD101 (a dictionary naming no operator) and
    /// the operator diagnostics of an in-place dictionary. Returns null when anything was reported.
    /// </summary>
    private PipelineIr? BindPipeline(PipelineSyntax syntax)
    {
        var name = syntax.Name.Text;
        var dictionaries = syntax.Items.OfType<DictionarySyntax>().ToList();
        var solves = syntax.Items.OfType<SolveSyntax>().ToList();
        bool ok = true;
        if (dictionaries.Count != 1)
        {
            Report(D.InvalidPipeline, dictionaries.Count > 1 ? dictionaries[1].Span : syntax.Name.Span,
                FormattableString.Invariant($"a pipeline declares one dictionary; {Quote(name)} declares {dictionaries.Count}"));
            ok = false;
        }
        if (solves.Count != 1)
        {
            Report(D.InvalidPipeline, solves.Count > 1 ? solves[1].Span : syntax.Name.Span,
                FormattableString.Invariant($"a pipeline has one `solve` statement; {Quote(name)} has {solves.Count}"));
            ok = false;
        }
        if (!ok) return null;

        var dictionarySyntax = dictionaries[0];
        var dictionaryName = dictionarySyntax.Name.Text;
        if (dictionaryName == name || PipelineMembers.Contains(dictionaryName))
        {
            Report(D.InvalidPipeline, dictionarySyntax.Name.Span,
                $"the dictionary {Quote(dictionaryName)} is named like {(dictionaryName == name ? "its pipeline" : "a member of the pipeline's class")}; rename it");
            ok = false;
        }
        OperatorDeclaration? dictionary = null;
        if (dictionarySyntax.Definition is OperatorSyntax definition) dictionary = BindOperator(definition);
        else if (_operators.TryGetValue(dictionarySyntax.Reference!.Text, out var declared)) dictionary = declared with { Name = dictionaryName };
        else if (!_brokenFormats.Contains(dictionarySyntax.Reference.Text))
        {
            var closest = ClosestFormat(dictionarySyntax.Reference.Text);
            Report(D.UnknownName, dictionarySyntax.Reference.Span, dictionarySyntax.Reference.Text, closest is null ? "" : $"; did you mean {Quote(closest)}?");
        }
        if (dictionary is null) ok = false;

        var solve = solves[0];
        if (solve.Solver.Text != KroneckerSblSolver)
        {
            Report(D.UnknownSolver, solve.Solver.Span, solve.Solver.Text, Quote(KroneckerSblSolver));
            return null;
        }
        if (solve.Arguments.Count != 2 || solve.Arguments[0].Text != dictionaryName)
        {
            Report(D.InvalidPipeline, solve.Arguments.Count > 0 ? solve.Arguments[0].Span : solve.Solver.Span,
                $"{KroneckerSblSolver} takes the dictionary and the data: write `{KroneckerSblSolver}({dictionaryName}, y)`");
            return null;
        }
        var data = solve.Arguments[1].Text;
        if (data == dictionaryName || data == solve.Output.Text || solve.Output.Text == dictionaryName)
        {
            Report(D.InvalidPipeline, data == dictionaryName ? solve.Arguments[1].Span : solve.Output.Span,
                $"the dictionary, the data and the estimate need three different names ({Quote(dictionaryName)}, {Quote(data)}, {Quote(solve.Output.Text)})");
            ok = false;
        }
        if (dictionary is not null && dictionary.Element == ScalarType.F32)
        {
            Report(D.SolverElementType, dictionarySyntax.Span,
                $"{KroneckerSblSolver} runs in f64 or c128 (its eigendecompositions and variances lose too much in f32); the dictionary {Quote(dictionaryName)} holds f32");
            ok = false;
        }
        if (dictionary?.Definition is KroneckerProduct { Factors: var factors } && factors.Any(f => f.Storage.Kind != FormatKind.Dense))
        {
            Report(D.SolverElementType, dictionarySyntax.Span,
                $"{KroneckerSblSolver} factors each A_i·Γ_i·A_iᴴ densely: the factors of its dictionary {Quote(dictionaryName)} must be dense");
            ok = false;
        }
        var settings = BindKroneckerSblSettings(solve.Settings, ref ok);
        if (!ok || dictionary is null) return null;
        return new KroneckerSblPipelineIr(name, dictionary, PipelineSolver.KroneckerSbl, solve.Output.Text, data, settings,
            Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }

    private KroneckerSblSettings BindKroneckerSblSettings(IReadOnlyList<SettingSyntax> settings, ref bool ok)
    {
        var result = KroneckerSblSettings.Defaults;
        foreach (var (setting, key) in DistinctSettings(settings, KroneckerSblSolver, KroneckerSblSettingNames, ref ok))
        {
            string? problem = null;
            switch (key)
            {
                case "update":
                    if (setting.Word?.Text == "svd") result = result with { Update = SblUpdateRule.Svd };
                    else if (setting.Word?.Text == "am") result = result with { Update = SblUpdateRule.AlternatingMinimization };
                    else problem = "`update` is `svd` or `am`";
                    break;
                case "noise":
                    if (setting.Word?.Text == "known") result = result with { NoiseKnown = true };
                    else if (setting.Word?.Text == "learned") result = result with { NoiseKnown = false };
                    else problem = "`noise` is `known` (a parameter of Solve) or `learned`";
                    break;
                case "max_iter":
                    if (WholeSetting(setting, 1, MaxSolverIterations) is int cap) result = result with { MaxIterations = cap };
                    else problem = FormattableString.Invariant($"`max_iter` is a whole number from 1 to {MaxSolverIterations}");
                    break;
                case "tol":
                    if (Real(setting) is double tol && tol > 0 && tol < 1) result = result with { Tolerance = tol };
                    else problem = "`tol` is a number in (0, 1)";
                    break;
                case "prune":
                    if (Real(setting) is double prune && prune >= 0 && prune < 1) result = result with { Prune = prune };
                    else problem = "`prune` is a number in [0, 1)";
                    break;
            }
            ReportSettingProblem(setting, key, problem, ref ok);
        }
        return result;
    }

    private static double? Real(SettingSyntax setting)
        => setting.Number is not null && double.TryParse(setting.Number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value) && !double.IsInfinity(value)
            ? value : null;
}
