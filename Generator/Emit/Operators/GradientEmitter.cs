using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;

using static SparseDsl.Generator.Emit.GeneratedText;

using Names = SparseDsl.Generator.Emit.Pipelines.PipelineEmitter.ParameterNames;
using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Operators;

/// <summary>
/// The code of a <c>gradient G of Target : wrt …;</c> declaration: one static method of the spec's class taking the
/// target (the operator's generated class, or the CSR matrix of a format), the point (x, or C for a Householder
/// chain), the cotangent g and one output per listed parameter, in the order written; it returns f = gᵀ·Target·x
/// (⟨G, Q·C⟩ for a chain). Each product is a runtime call that checks its own lengths.
/// </summary>
internal static class GradientEmitter
{
    public static void Emit(SourceWriter writer, GradientIr gradient, string methodName, string? operatorClass, string fileName)
    {
        string t = KernelTerms.ElementType(gradient.Element);
        bool chain = gradient.Operator?.Definition is HouseholderProjection;
        var names = new Names();
        string target = names.Take(Pipelines.PipelineEmitter.Lower(gradient.TargetName));
        string x = names.Take(chain ? "c" : "x");
        string g = names.Take("g");
        var outputs = gradient.Parameters.Select(p => (Parameter: p, Name: names.Take(OutputName(p)))).ToList();
        string f = names.Take("f");
        string i = names.Take("i"), j = names.Take("j");

        var parameters = new List<string>
        {
            operatorClass is not null ? $"{operatorClass} {target}" : $"{Rt.CsrMatrix}<{t}> {target}",
            chain ? $"{Rt.DenseMatrix}<{t}> {x}" : $"{Rt.ReadOnlySpan}<{t}> {x}",
            chain ? $"{Rt.DenseMatrix}<{t}> {g}" : $"{Rt.ReadOnlySpan}<{t}> {g}",
        };
        foreach (var (parameter, name) in outputs) parameters.Add($"{OutputType(gradient, parameter, t)} {name}");

        string what = string.Join(", ", gradient.Parameters);
        writer.Line($"/// <summary>{Xml(gradient.Name)} ({Xml(fileName)}): <c>{Xml(gradient.SourceText)}</c></summary>");
        writer.Line(chain
            ? $"/// <remarks>The vector–Jacobian products of f = ⟨G, Q·C⟩ with respect to {Xml(what)}; returns f.</remarks>"
            : $"/// <remarks>The vector–Jacobian products of f = gᵀ·{Xml(gradient.TargetName)}·x with respect to {Xml(what)}; returns f.</remarks>");
        foreach (var (parameter, name) in outputs)
            writer.Line($"/// <param name=\"{name.TrimStart('@')}\">{Xml(OutputDoc(gradient, parameter))}</param>");
        using (writer.Open($"public static {t} {methodName}({string.Join(", ", parameters)})"))
        {
            writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({target});");
            foreach (var (parameter, name) in outputs)
                if (OutputType(gradient, parameter, t).StartsWith(Rt.DenseMatrix, System.StringComparison.Ordinal)) writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({name});");
            var byParameter = outputs.ToDictionary(o => o.Parameter, o => o.Name);
            string? input = byParameter.TryGetValue("input", out var inputName) ? inputName : null;
            bool haveF = false;
            switch (gradient.Operator?.Definition)
            {
                case KroneckerProduct product:
                    for (int factor = 0; factor < product.Factors.Count; factor++)
                    {
                        if (!byParameter.TryGetValue(product.Factors[factor].ParameterName, out var output)) continue;
                        string call = $"{target}.Product.FactorGradient({factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {x}, {g}, {output});";
                        writer.Line(haveF ? call : $"{t} {f} = {call}");
                        haveF = true;
                    }
                    break;
                case LowRankPlusSparseNode:
                    if (byParameter.Keys.Any(p => p != "input"))
                    {
                        string b = byParameter.TryGetValue("B", out var bName) ? bName : "null";
                        string a = byParameter.TryGetValue("A", out var aName) ? aName : "null";
                        string values = byParameter.TryGetValue("values", out var vName) ? vName : "default";
                        writer.Line($"{t} {f} = {target}.Operator.Gradient({x}, {g}, {b}, {a}, {values});");
                        haveF = true;
                    }
                    break;
                case HouseholderProjection:
                    if (byParameter.TryGetValue("reflectors", out var reflectors))
                    {
                        writer.Line($"{t} {f} = {target}.Chain.Gradient({x}, {g}, {reflectors});");
                        haveF = true;
                    }
                    break;
                case null:
                    if (byParameter.TryGetValue("values", out var valueGradient))
                    {
                        writer.Line($"{t} {f} = {Rt.SparseGradients}.CsrValueGradient({target}, {x}, {g}, {valueGradient});");
                        haveF = true;
                    }
                    break;
            }
            if (input is not null)
            {
                if (chain) writer.Line($"{target}.Chain.ApplyTransposedToBlock({g}, {input});");
                else if (gradient.Operator is null) writer.Line($"{Rt.SparseGradients}.CsrInputGradient({target}, {g}, {input});");
                else writer.Line($"{target}.ApplyTransposed({g}, {input});");
                if (!haveF)
                {
                    // f = xᵀ·(Targetᵀ·g) (⟨QᵀG, C⟩ for a chain).
                    writer.Line($"{t} {f} = {KernelTerms.Literal(gradient.Element, 0)};");
                    if (chain)
                    {
                        using (writer.Open($"for (int {i} = 0; {i} < {x}.Rows; {i}++)"))
                        using (writer.Open($"for (int {j} = 0; {j} < {x}.Columns; {j}++)"))
                            writer.Line($"{f} += {input}[{i}, {j}] * {x}[{i}, {j}];");
                    }
                    else
                    {
                        using (writer.Open($"for (int {j} = 0; {j} < {x}.Length; {j}++)"))
                            writer.Line($"{f} += {input}[{j}] * {x}[{j}];");
                    }
                    haveF = true;
                }
            }
            writer.Line($"return {f};");
        }
    }

    private static string OutputName(string parameter) => parameter switch
    {
        "B" => "gradientB",
        "A" => "gradientA",
        "values" => "gradientValues",
        "reflectors" => "gradientReflectors",
        "input" => "gradientInput",
        _ => "gradient" + char.ToUpperInvariant(parameter[0]) + parameter.Substring(1),
    };

    private static string OutputType(GradientIr gradient, string parameter, string t) => parameter switch
    {
        "B" or "A" when gradient.Operator?.Definition is LowRankPlusSparseNode => $"{Rt.DenseMatrix}<{t}>",
        "input" when gradient.Operator?.Definition is HouseholderProjection => $"{Rt.DenseMatrix}<{t}>",
        _ => $"{Rt.Span}<{t}>",
    };

    private static string OutputDoc(GradientIr gradient, string parameter)
    {
        switch (parameter)
        {
            case "B" or "A" when gradient.Operator?.Definition is KroneckerProduct:
                break;
            case "B": return "∂f/∂B = g·(A·x)ᵀ (m × r).";
            case "A": return "∂f/∂A = (Bᵀ·g)·xᵀ (r × n).";
            case "values": return gradient.Operator is null ? "∂f/∂values: g[row]·x[column] on the stored pattern (SDDMM), aligned with the values." : "∂f/∂values of S: g[row]·x[column] on its support (SDDMM), aligned with S's values.";
            case "reflectors": return "∂f/∂v_i for every reflector, k·n entries (row i is v_i's).";
            case "input": return gradient.Operator?.Definition is HouseholderProjection ? "∂f/∂C = Qᵀ·G (n × m)." : $"∂f/∂x = {gradient.TargetName}ᵀ·g.";
        }
        {
                var factor = ((KroneckerProduct)gradient.Operator!.Definition).Factors.First(f => f.ParameterName == parameter);
                return factor.Storage.Kind == FormatKind.Dense
                    ? $"∂f/∂{parameter}: every entry, row-major (rows × columns of the factor)."
                    : $"∂f/∂{parameter}: the entries of its stored pattern, aligned with its values.";
        }
    }
}
