using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Generator.Emit.Operators;
using SparseDsl.Language.IR;

using static SparseDsl.Generator.Emit.GeneratedText;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Pipelines;

/// <summary>
/// The code of a <c>pipeline</c> declaration: a static class named after it holding its dictionary's operator class
/// (the constructor checks each factor against the spec), <c>DefaultOptions</c> (the spec's settings) and
/// <c>Solve</c>, which checks what the spec fixes and runs the runtime solver. What gains nothing from being
/// generated — the iteration driver, the E- and M-steps — stays in the runtime, generic over the element type and
/// the update rule.
/// </summary>
internal static class PipelineEmitter
{
    private static readonly string[] KroneckerSblMembers = { "Solve", "DefaultOptions" };

    /// <summary>The members the class of <paramref name="pipeline"/> declares: no pipeline may take their names (C# forbids a member named like its class).</summary>
    public static string[] ClassMembers(PipelineIr pipeline) => pipeline switch
    {
        GpPdePipelineIr => GpPdeEmitter.ClassMembers,
        NetworkIr => NetworkEmitter.ClassMembers,
        _ => KroneckerSblMembers,
    };

    /// <summary>The class of one pipeline of any family, nested in the spec's class.</summary>
    public static void EmitClass(SourceWriter writer, PipelineIr pipeline, string className, string fileName)
    {
        switch (pipeline)
        {
            case KroneckerSblPipelineIr kroneckerSbl:
                EmitKroneckerSbl(writer, kroneckerSbl, className, fileName);
                break;
            case GpPdePipelineIr gpPde:
                GpPdeEmitter.EmitClass(writer, gpPde, className, fileName);
                break;
            case NetworkIr network:
                NetworkEmitter.EmitClass(writer, network, className, fileName);
                break;
            default:
                throw new NotSupportedException($"pipeline {pipeline.Name}: no emitter for {pipeline.GetType().Name}");
        }
    }

    private static void EmitKroneckerSbl(SourceWriter writer, KroneckerSblPipelineIr pipeline, string className, string fileName)
    {
        var dictionary = pipeline.Dictionary;
        string t = KernelTerms.ElementType(dictionary.Element);
        string dictionaryClass = CSharpNames.TypeToken(CSharpNames.Plain(dictionary.Name));
        var settings = pipeline.Settings;
        string update = settings.Update == SblUpdateRule.Svd ? "Svd" : "AlternatingMinimization";
        string updateText = settings.Update == SblUpdateRule.Svd ? "svd" : "am";

        writer.Line($"/// <summary>{Xml(pipeline.Name)} ({Xml(fileName)}): <c>{Xml(pipeline.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>Kronecker sparse Bayesian learning of {Xml(pipeline.Estimate)} from {Xml(pipeline.Data)} = {Xml(dictionary.Name)}·{Xml(pipeline.Estimate)} + noise (update: {updateText}, noise: {(settings.NoiseKnown ? "known" : "learned")}), on SparseDsl.KroneckerSbl: the E-step by Kronecker algebra, never forming the dictionary or the posterior covariance.</remarks>");
        using (writer.Open($"public static class {className}"))
        {
            OperatorEmitter.EmitClass(writer, dictionary, dictionaryClass, fileName);
            writer.Line();
            writer.Line($"/// <summary>The spec's settings (update: {updateText}, max_iter: {Int(settings.MaxIterations)}, tol: {Real(settings.Tolerance)}, prune: {Real(settings.Prune)}); pass <c>DefaultOptions with {{ … }}</c> to Solve to change one.</summary>");
            writer.Line($"public static {Rt.KroneckerSblOptions} DefaultOptions {{ get; }} = new {Rt.KroneckerSblOptions}");
            writer.Line("{");
            writer.PushIndent();
            writer.Line($"Update = {Rt.KroneckerSblUpdate}.{update},");
            writer.Line($"MaxIterations = {Int(settings.MaxIterations)},");
            writer.Line($"Tolerance = {Real(settings.Tolerance)}d,");
            writer.Line($"PruneThreshold = {Real(settings.Prune)}d,");
            writer.PopIndent();
            writer.Line("};");
            writer.Line();

            // The class's own members are reserved: a parameter named like one would hide it in the body.
            var names = new ParameterNames(KroneckerSblMembers);
            string h = names.Take(Lower(dictionary.Name));
            string y = names.Take(Lower(pipeline.Data));
            string noise = names.Take("noiseVariance");
            string options = names.Take("options");
            string progress = names.Take("progress");
            string token = names.Take("cancellationToken");
            string local = names.Take("settings");
            var parameters = new List<string> { $"{dictionaryClass} {h}", $"{Rt.ReadOnlySpan}<{t}> {y}" };
            if (settings.NoiseKnown) parameters.Add($"double {noise}");
            parameters.Add($"{Rt.KroneckerSblOptions}? {options} = null");
            parameters.Add($"{Rt.Progress}<{Rt.SolverProgress}>? {progress} = null");
            parameters.Add($"{Rt.CancellationToken} {token} = default");

            writer.Line($"/// <summary>Estimates {Xml(pipeline.Estimate)} from {Xml(pipeline.Data)}: the posterior mean, its support, γ per factor, the noise variance, the iterations, the convergence trace and why it stopped.</summary>");
            writer.Line($"/// <param name=\"{h.TrimStart('@')}\">The dictionary {Xml(dictionary.Name)}, its factors checked against the spec when it was built.</param>");
            writer.Line($"/// <param name=\"{y.TrimStart('@')}\">The measurements, of length {Xml(dictionary.Name)}.Rows, finite.</param>");
            if (settings.NoiseKnown) writer.Line($"/// <param name=\"{noise}\">The known noise variance σ² (noise: known), positive and finite.</param>");
            writer.Line($"/// <param name=\"{options}\">Overrides of <see cref=\"DefaultOptions\"/>, or null for the spec's settings.</param>");
            using (writer.Open($"public static {Rt.KroneckerSblResult}<{t}> Solve({string.Join(", ", parameters)})"))
            {
                writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({h});");
                if (settings.NoiseKnown)
                {
                    using (writer.Open($"if (!({noise} > 0) || !double.IsFinite({noise}))"))
                        writer.Line($"throw new {Rt.ArgumentOutOfRangeException}(\"{noise}\", {noise}, \"{pipeline.Name}: the known noise variance must be positive and finite\");");
                    writer.Line($"{Rt.KroneckerSblOptions} {local} = ({options} ?? DefaultOptions) with {{ NoiseVariance = {noise} }};");
                }
                else
                {
                    writer.Line($"{Rt.KroneckerSblOptions} {local} = {options} ?? DefaultOptions;");
                }
                writer.Line($"return {Rt.KroneckerSbl}.Solve({h}.Product.Factors.ToArray(), {y}, {local}, {progress}, {token});");
            }
        }
    }

    internal static string Lower(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

    internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parameter names in order, each made unique (numbered) and escaped.</summary>
    internal sealed class ParameterNames
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public ParameterNames() { }

        /// <summary>With <paramref name="reserved"/> taken already (names the body refers to: a parameter must not hide them).</summary>
        public ParameterNames(IEnumerable<string> reserved) => _taken.UnionWith(reserved);

        public string Take(string name)
        {
            string plain = CSharpNames.Plain(name), candidate = plain;
            for (int n = 2; !_taken.Add(candidate); n++) candidate = plain + n.ToString(CultureInfo.InvariantCulture);
            return CSharpNames.Token(candidate);
        }
    }
}
