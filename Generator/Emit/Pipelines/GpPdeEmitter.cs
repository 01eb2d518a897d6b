using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;

using static SparseDsl.Generator.Emit.GeneratedText;
using static SparseDsl.Generator.Emit.Pipelines.PipelineEmitter;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Pipelines;

/// <summary>
/// The code of a <c>gp_pde</c> pipeline: a static class named after it with the spec's grid (<c>Grid()</c>), its
/// equation as runtime terms (<c>Equation()</c>), <c>DefaultOptions</c> (the spec's kernel and training settings) and
/// <c>Solve</c>, typed by the grid's dimension count (f(x) or f(x, y) as delegates). The solver itself — the
/// Kronecker factorizations, the MAP solve, the gradient steps — is runtime code (<c>SparseDsl.GpPdeSolver</c>).
/// </summary>
internal static class GpPdeEmitter
{
    /// <summary>The members of the generated class.</summary>
    public static readonly string[] ClassMembers = { "Grid", "Equation", "DefaultOptions", "Solve" };

    public static void EmitClass(SourceWriter writer, GpPdePipelineIr pipeline, string className, string fileName)
    {
        var axes = pipeline.Axes;
        string gridText = string.Join(" x ", axes.Select(a => Int(a.Points)));
        string domainText = string.Join(", ", axes.Select(a => $"{a.Name} in [{a.LowerText}, {a.UpperText}]"));
        string spectrumText = pipeline.Spectrum == SpectrumKind.StudentT ? "Student-t" : "Gaussian";
        string equationText = EquationText(pipeline);

        writer.Line($"/// <summary>{Xml(pipeline.Name)} ({Xml(fileName)}): <c>{Xml(pipeline.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>A Gaussian-process solve of {Xml(equationText)} with {Xml(pipeline.Unknown)} = {Xml(DataText(pipeline.Boundary, pipeline.BoundaryConstant))} on the boundary, "
            + $"on a {gridText} grid ({Xml(domainText)}), with a spectral-mixture kernel per dimension ({Int(pipeline.Components)} {spectrumText} components, log-domain weights), "
            + $"trained {TrainingText(pipeline.Training)}, on SparseDsl.GpPdeSolver: the covariance is the Kronecker product of the dimensions' covariances and is never formed.</remarks>");
        using (writer.Open($"public static class {className}"))
        {
            writer.Line($"/// <summary>The grid: {Xml(domainText)}, with {gridText} points (endpoints included).</summary>");
            var dimensions = axes.Select(a => $"new {Rt.GpPdeDimension}(\"{a.Name}\", {Real(a.Lower)}d, {Real(a.Upper)}d, {Int(a.Points)})");
            writer.Line($"public static {Rt.GpPdeDimension}[] Grid() => new[] {{ {string.Join(", ", dimensions)} }};");
            writer.Line();

            writer.Line($"/// <summary>The equation {Xml(equationText)} as runtime terms (coefficient, dimension, derivative order) and the u³ coefficient.</summary>");
            var terms = pipeline.Terms.Select(t => $"new {Rt.GpPdeTerm}({Real(t.Coefficient)}d, {Int(t.Dimension)}, {Int(t.Order)})");
            writer.Line($"public static {Rt.GpPdeEquation} Equation() => new {Rt.GpPdeEquation}(new[] {{ {string.Join(", ", terms)} }}, {Real(pipeline.Cubic)}d);");
            writer.Line();

            EmitDefaultOptions(writer, pipeline);
            writer.Line();
            EmitSolve(writer, pipeline, className, equationText);
        }
    }

    private static void EmitDefaultOptions(SourceWriter writer, GpPdePipelineIr pipeline)
    {
        var settings = pipeline.Settings;
        var lines = new List<(string Member, string Value, string Text)>
        {
            ("Training", $"{Rt.GpPdeTraining}.{pipeline.Training}", "training: " + TrainingText(pipeline.Training)),
            ("Spectrum", $"{Rt.SpectralComponent}.{(pipeline.Spectrum == SpectrumKind.StudentT ? "StudentT" : "Gaussian")}", "spectrum: " + (pipeline.Spectrum == SpectrumKind.StudentT ? "student_t" : "gaussian")),
            ("Components", Int(pipeline.Components), "components: " + Int(pipeline.Components)),
        };
        if (pipeline.FrequencyScale is double scale) lines.Add(("FrequencyScale", Real(scale) + "d", "freq_scale: " + Real(scale)));
        if (settings.MaxIterations is int cap) lines.Add(("MaxIterations", Int(cap), "max_iter: " + Int(cap)));
        if (settings.LearningRate is double lr) lines.Add(("LearningRate", Real(lr) + "d", "lr: " + Real(lr)));
        if (settings.Tolerance is double tol) lines.Add(("Tolerance", Real(tol) + "d", "tol: " + Real(tol)));
        if (settings.Prune is double prune) lines.Add(("PruneThreshold", Real(prune) + "d", "prune: " + Real(prune)));
        if (settings.BoundaryWeight is double weight) lines.Add(("BoundaryWeight", Real(weight) + "d", "boundary_weight: " + Real(weight)));
        if (settings.Jitter is double jitter) lines.Add(("Jitter", Real(jitter) + "d", "jitter: " + Real(jitter)));
        if (settings.Seed is int seed) lines.Add(("Seed", Int(seed), "seed: " + Int(seed)));

        writer.Line($"/// <summary>The spec's settings ({Xml(string.Join(", ", lines.Select(l => l.Text)))}); the runtime's defaults for the rest. Pass <c>DefaultOptions with {{ … }}</c> to Solve to change one.</summary>");
        writer.Line($"public static {Rt.GpPdeOptions} DefaultOptions {{ get; }} = new {Rt.GpPdeOptions}");
        writer.Line("{");
        writer.PushIndent();
        foreach (var (member, value, _) in lines) writer.Line($"{member} = {value},");
        writer.PopIndent();
        writer.Line("};");
    }

    private static void EmitSolve(SourceWriter writer, GpPdePipelineIr pipeline, string className, string equationText)
    {
        var axes = pipeline.Axes;
        // The class's members are reserved: a delegate named `Grid` would hide the method the body calls.
        var names = new ParameterNames(ClassMembers.Append(className.TrimStart('@')));
        string? source = pipeline.Source is null ? null : names.Take(pipeline.Source);
        string? boundary = pipeline.Boundary is null ? null : names.Take(pipeline.Boundary);
        bool fixedKernel = pipeline.Training == GpPdeTrainingKind.Fixed;
        string? kernels = fixedKernel ? names.Take("kernels") : null;
        string options = names.Take("options");
        string progress = names.Take("progress");
        string token = names.Take("cancellationToken");
        string point = names.Take("point");
        string settings = names.Take("settings");

        string function = $"{Rt.Func}<{string.Join(", ", Enumerable.Repeat("double", axes.Count + 1))}>";
        string arguments = string.Join(", ", axes.Select(a => a.Name));
        var parameters = new List<string>();
        if (source is not null) parameters.Add($"{function} {source}");
        if (boundary is not null) parameters.Add($"{function} {boundary}");
        if (kernels is not null) parameters.Add($"{Rt.SpectralMixtureKernel}[] {kernels}");
        parameters.Add($"{Rt.GpPdeOptions}? {options} = null");
        parameters.Add($"{Rt.Progress}<{Rt.SolverProgress}>? {progress} = null");
        parameters.Add($"{Rt.CancellationToken} {token} = default");

        writer.Line($"/// <summary>Solves {Xml(equationText)}: the solution on the grid, a predictor at any point (with its derivatives), the spectrum per dimension, the training trace and why it stopped.</summary>");
        if (source is not null) writer.Line($"/// <param name=\"{source.TrimStart('@')}\">The source {Xml(pipeline.Source!)}({Xml(arguments)}), finite on the grid.</param>");
        if (boundary is not null) writer.Line($"/// <param name=\"{boundary.TrimStart('@')}\">The boundary values {Xml(pipeline.Boundary!)}({Xml(arguments)}), read at the grid's boundary points.</param>");
        if (kernels is not null) writer.Line($"/// <param name=\"{kernels}\">The fixed kernel (training: fixed), one spectral mixture per dimension in domain order.</param>");
        writer.Line($"/// <param name=\"{options}\">Overrides of <see cref=\"DefaultOptions\"/>, or null for the spec's settings.</param>");
        using (writer.Open($"public static {Rt.GpPdeResult} Solve({string.Join(", ", parameters)})"))
        {
            if (source is not null) writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({source});");
            if (boundary is not null) writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({boundary});");
            if (kernels is not null)
            {
                writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({kernels});");
                using (writer.Open($"if ({kernels}.Length != {Int(axes.Count)})"))
                    writer.Line($"throw new {Rt.ArgumentException}($\"{pipeline.Name}: the grid has {Int(axes.Count)} dimension{(axes.Count == 1 ? "" : "s")} but {{{kernels}.Length}} kernels were given\", \"{kernels}\");");
                writer.Line($"{Rt.GpPdeOptions} {settings} = ({options} ?? DefaultOptions) with {{ Kernels = {kernels} }};");
            }
            else
            {
                writer.Line($"{Rt.GpPdeOptions} {settings} = {options} ?? DefaultOptions;");
            }
            string coordinates = string.Join(", ", axes.Select((_, i) => $"{point}[{Int(i)}]"));
            string sourceLambda = source is not null ? $"{point} => {source}({coordinates})" : $"{point} => {Real(pipeline.SourceConstant)}d";
            string boundaryLambda = boundary is not null ? $"{point} => {boundary}({coordinates})" : $"{point} => {Real(pipeline.BoundaryConstant)}d";
            writer.Line($"return {Rt.GpPdeSolver}.Solve(Grid(), Equation(), {sourceLambda}, {boundaryLambda}, {settings}, {progress}, {token});");
        }
    }

    private static string TrainingText(GpPdeTrainingKind training) => training switch
    {
        GpPdeTrainingKind.Fixed => "fixed",
        GpPdeTrainingKind.JointAdam => "joint_adam",
        _ => "learned",
    };

    private static string DataText(string? name, double constant) => name ?? Real(constant);

    /// <summary>The bound equation written back, e.g. <c>1·d2(u, x) + 1·d2(u, y) + 1·u³ = f</c>.</summary>
    private static string EquationText(GpPdePipelineIr pipeline)
    {
        var text = new System.Text.StringBuilder();
        void Add(double coefficient, string operand)
        {
            string magnitude = System.Math.Abs(coefficient) == 1 ? "" : Real(System.Math.Abs(coefficient)) + "·";
            text.Append(text.Length == 0 ? (coefficient < 0 ? "-" : "") : (coefficient < 0 ? " - " : " + ")).Append(magnitude).Append(operand);
        }
        foreach (var term in pipeline.Terms)
            Add(term.Coefficient, term.Order == 0 ? pipeline.Unknown : $"d{Int(term.Order)}({pipeline.Unknown}, {pipeline.Axes[term.Dimension].Name})");
        if (pipeline.Cubic != 0) Add(pipeline.Cubic, pipeline.Unknown + "³");
        return text + " = " + DataText(pipeline.Source, pipeline.SourceConstant);
    }
}
