using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;

using static SparseDsl.Generator.Emit.GeneratedText;
using static SparseDsl.Generator.Emit.Pipelines.PipelineEmitter;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Pipelines;

/// <summary>
/// The code of a <c>network</c> declaration: a sealed class named after it over the runtime's
/// <c>SparseDsl.BayesianMlp</c>, with the spec's architecture (layer widths, support) fixed — the constructor
/// builds it, <c>Load</c> rejects a file of another shape — and its SSVI settings as <c>DefaultOptions</c>.
/// </summary>
internal static class NetworkEmitter
{
    /// <summary>The members of the generated class.</summary>
    public static readonly string[] ClassMembers = { "Inputs", "Classes", "Architecture", "DefaultOptions", "Network", "Train", "Predict", "Save", "Load" };

    public static void EmitClass(SourceWriter writer, NetworkIr network, string className, string fileName)
    {
        var layers = network.Layers;
        string layersText = string.Join(" -> ", layers.Select(Int));
        string supportText = SupportText(network);

        writer.Line($"/// <summary>{Xml(network.Name)} ({Xml(fileName)}): <c>{Xml(network.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>A Bayesian MLP {layersText} (ReLU hidden layers, softmax output) with mean-field Gaussian weights on a {Xml(supportText)} support, "
            + "trained by sparse subspace variational inference on SparseDsl.BayesianMlp. One instance is not for concurrent calls: it owns its workspaces.</remarks>");
        using (writer.Open($"public sealed class {className}"))
        {
            writer.Line("/// <summary>The input width (the first layer).</summary>");
            writer.Line($"public const int Inputs = {Int(layers[0])};");
            writer.Line();
            writer.Line("/// <summary>The number of classes (the last layer).</summary>");
            writer.Line($"public const int Classes = {Int(layers[layers.Count - 1])};");
            writer.Line();

            writer.Line($"/// <summary>The architecture the spec fixes: layers {layersText}, support {Xml(supportText)}.</summary>");
            string support = network.Support switch
            {
                NetworkSupportKind.Unstructured => "Unstructured",
                NetworkSupportKind.NM => "NM",
                NetworkSupportKind.Block => "Block",
                _ => "Dense",
            };
            writer.Line($"public static {Rt.BayesMlpArchitecture} Architecture => new {Rt.BayesMlpArchitecture}(new[] {{ {string.Join(", ", layers.Select(Int))} }}, "
                + $"{Rt.WeightSupport}.{support}, {Real(network.Density)}d, GroupN: {Int(network.GroupN)}, GroupM: {Int(network.GroupM)}, "
                + $"BlockRows: {Int(network.BlockRows)}, BlockColumns: {Int(network.BlockColumns)});");
            writer.Line();

            EmitDefaultOptions(writer, network.Settings);
            writer.Line();

            writer.Line($"/// <summary>A new, untrained {Xml(network.Name)} with weights initialized from <paramref name=\"seed\"/>.</summary>");
            writer.Line($"public {className}(int seed = 0) => Network = new {Rt.BayesianMlp}(Architecture, seed);");
            writer.Line();
            writer.Line($"private {className}({Rt.BayesianMlp} network) => Network = network;");
            writer.Line();
            writer.Line("/// <summary>The runtime network this class forwards to (its support, density and weights).</summary>");
            writer.Line($"public {Rt.BayesianMlp} Network {{ get; }}");
            writer.Line();

            writer.Line("/// <summary>Trains on <paramref name=\"data\"/> (inputs of width <see cref=\"Inputs\"/>, labels below <see cref=\"Classes\"/>): the loss trace, seconds per epoch, training FLOPs and why it stopped.</summary>");
            writer.Line("/// <param name=\"options\">Overrides of <see cref=\"DefaultOptions\"/>, or null for the spec's settings.</param>");
            writer.Line($"public {Rt.TrainingResult} Train({Rt.DigitSet} data, {Rt.SsviOptions}? options = null, {Rt.Progress}<{Rt.TrainingProgress}>? progress = null, {Rt.CancellationToken} cancellationToken = default)");
            writer.Line($"    => Network.Train(data, options ?? DefaultOptions, progress, cancellationToken);");
            writer.Line();

            writer.Line("/// <summary>Class probabilities for <paramref name=\"inputs\"/> (count × <see cref=\"Inputs\"/>) into <paramref name=\"probabilities\"/> (count × <see cref=\"Classes\"/>): with the mean weights (<paramref name=\"samples\"/> = 0) or averaged over that many weight samples.</summary>");
            writer.Line($"public void Predict({Rt.ReadOnlySpan}<float> inputs, {Rt.Span}<float> probabilities, int samples = 0, int seed = 0)");
            writer.Line("    => Network.Predict(inputs, probabilities, samples, seed);");
            writer.Line();

            writer.Line("/// <summary>Writes the trained state (support and variational parameters) in the runtime's documented format.</summary>");
            writer.Line($"public void Save({Rt.Stream} stream) => Network.Save(stream);");
            writer.Line();
            writer.Line($"/// <summary>Reads a state written by <see cref=\"Save\"/>; a file of another architecture than <see cref=\"Architecture\"/> is rejected with an exception naming the difference.</summary>");
            writer.Line($"public static {className} Load({Rt.Stream} stream) => new {className}({Rt.BayesianMlp}.Load(stream, Architecture));");
        }
    }

    private static void EmitDefaultOptions(SourceWriter writer, NetworkSettings settings)
    {
        var lines = new List<(string Member, string Value, string Text)>();
        void Real(string member, string key, double? value)
        {
            if (value is double v) lines.Add((member, PipelineEmitter.Real(v) + "d", $"{key}: {PipelineEmitter.Real(v)}"));
        }
        void Whole(string member, string key, int? value)
        {
            if (value is int v) lines.Add((member, Int(v), $"{key}: {Int(v)}"));
        }
        Real("KlWeight", "kl_weight", settings.KlWeight);
        Real("PriorSigma", "prior_sigma", settings.PriorSigma);
        Real("DropFraction", "drop", settings.Drop);
        Whole("UpdateEvery", "update_every", settings.UpdateEvery);
        Real("UpdateUntil", "update_until", settings.UpdateUntil);
        Real("LearningRate", "lr", settings.LearningRate);
        Real("Momentum", "momentum", settings.Momentum);
        Whole("Epochs", "epochs", settings.Epochs);
        Whole("BatchSize", "batch", settings.BatchSize);

        string said = lines.Count == 0 ? "none: the runtime's defaults, the paper's" : string.Join(", ", lines.Select(l => l.Text)) + "; the runtime's defaults for the rest";
        writer.Line($"/// <summary>The spec's inference settings ({Xml(said)}). Pass <c>DefaultOptions with {{ … }}</c> to Train to change one.</summary>");
        if (lines.Count == 0)
        {
            writer.Line($"public static {Rt.SsviOptions} DefaultOptions {{ get; }} = new {Rt.SsviOptions}();");
            return;
        }
        writer.Line($"public static {Rt.SsviOptions} DefaultOptions {{ get; }} = new {Rt.SsviOptions}");
        writer.Line("{");
        writer.PushIndent();
        foreach (var (member, value, _) in lines) writer.Line($"{member} = {value},");
        writer.PopIndent();
        writer.Line("};");
    }

    private static string SupportText(NetworkIr network) => network.Support switch
    {
        NetworkSupportKind.Unstructured => $"unstructured (density {Real(network.Density)})",
        NetworkSupportKind.NM => $"{Int(network.GroupN)}:{Int(network.GroupM)} semi-structured",
        NetworkSupportKind.Block => $"{Int(network.BlockRows)}x{Int(network.BlockColumns)} block (density {Real(network.Density)})",
        _ => "dense",
    };
}
