using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// What code generation decides from the IR alone, shared by the emitter (which kernels get code) and the
/// generator's diagnostics (SPD200-SPD203, located at the kernel through the compilation's <see cref="SourceMap"/>):
/// the IR holds no positions, so the emitter never sees one.
/// </summary>
public static class SpecChecks
{
    /// <summary>Most kernels of one spec that get code (the 20-40 kB of C# each adds to the build); see Specs/README.md, "Generator limits".</summary>
    public const int MaxKernelsPerSpec = 32;

    /// <summary>The kernels that get code, in spec order: not named like a member the generated code needs, and within <see cref="MaxKernelsPerSpec"/>.</summary>
    public static IReadOnlyList<KernelIr> EmittedKernels(SpecIr spec)
        => spec.Kernels.Take(MaxKernelsPerSpec).Where(kernel => ReservedNameProblem(spec, kernel) is null && OperatorEmitted(spec, kernel)).ToList();

    /// <summary>True when the spec gets the nested Gpu class (not possible when the spec's own class is called Gpu).</summary>
    public static bool EmitsGpuClass(SpecIr spec, IReadOnlyList<KernelIr> emitted)
        => spec.ClassName != SpecNames.GpuClass && emitted.Any(HasGpuVariant);

    public static bool HasGpuVariant(KernelIr kernel) => kernel.IsStored && GpuLauncher.CanEmit(kernel);

    /// <summary>
    /// The members one kernel's code declares, decided as the emitter decides them: in the class its method, and when
    /// specialized its <c>…Range</c> (plus <c>…Context</c> and <c>…Worker</c> unless single-threaded); in the Gpu class
    /// its launcher and each launch's ILGPU kernel and loader. Plain names (no '@').
    /// </summary>
    public static (List<string> InClass, List<string> InGpu) GeneratedMembers(KernelIr kernel, KernelNames names)
    {
        string method = names.Method.TrimStart('@');
        var inClass = new List<string> { method };
        var inGpu = new List<string>();
        if (!kernel.IsStored) return (inClass, inGpu);
        var cpu = StorageDescriptors.CpuFor(kernel.Matrix.Storage.Kind);
        if (cpu is not null && IsSpecialized(kernel, StorageDescriptors.CpuFor))
        {
            inClass.Add(names.Range);
            if (cpu.Split(kernel, "a", "k").Kind != WorkSplitKind.SingleThreaded)
            {
                inClass.Add(names.Context);
                inClass.Add(names.Worker);
            }
        }
        if (HasGpuVariant(kernel))
        {
            inGpu.Add(method);
            inGpu.AddRange(GpuLauncher.HelperSuffixes(kernel).Select(names.Gpu));
        }
        return (inClass, inGpu);
    }

    /// <summary>Why a kernel's name cannot be a member of the generated class, or null.</summary>
    public static string? ReservedNameProblem(SpecIr spec, KernelIr kernel)
    {
        if (kernel.Name == spec.ClassName)
            return $"kernel `{kernel.Name}` has the name of the class generated for this spec (named after the file); a member cannot be named like its class: rename the kernel or the file";
        if (kernel.Name == SpecNames.GpuClass)
            return $"kernel `{kernel.Name}` has the name of the nested class `{SpecNames.GpuClass}` that holds the GPU variants; rename the kernel";
        return null;
    }

    /// <summary>Why an operator's name cannot be the nested class generated for it, or null.</summary>
    public static string? ReservedNameProblem(SpecIr spec, OperatorDeclaration declared)
    {
        if (declared.Name == spec.ClassName)
            return $"operator `{declared.Name}` has the name of the class generated for this spec (named after the file); a nested class cannot be named like its class: rename the operator or the file";
        if (declared.Name == SpecNames.GpuClass)
            return $"operator `{declared.Name}` has the name of the nested class `{SpecNames.GpuClass}` that holds the GPU variants; rename the operator";
        if (System.Array.IndexOf(Operators.OperatorEmitter.ClassMembers, declared.Name) >= 0)
            return $"operator `{declared.Name}` has the name of a member of its own generated class ({string.Join(", ", Operators.OperatorEmitter.ClassMembers)}); rename the operator";
        return null;
    }

    /// <summary>Why a pipeline's name, or its dictionary's, cannot be the nested class generated for it, or null.</summary>
    public static string? ReservedNameProblem(SpecIr spec, PipelineIr pipeline)
    {
        if (pipeline.Name == spec.ClassName)
            return $"{(pipeline is NetworkIr ? "network" : "pipeline")} `{pipeline.Name}` has the name of the class generated for this spec (named after the file); rename it or the file";
        if (pipeline.Name == SpecNames.GpuClass)
            return $"{(pipeline is NetworkIr ? "network" : "pipeline")} `{pipeline.Name}` has the name of the nested class `{SpecNames.GpuClass}` that holds the GPU variants; rename it";
        var members = Pipelines.PipelineEmitter.ClassMembers(pipeline);
        string what = pipeline is NetworkIr ? "network" : "pipeline";
        if (System.Array.IndexOf(members, pipeline.Name) >= 0)
            return $"{what} `{pipeline.Name}` has the name of a member of its own generated class ({string.Join(", ", members)}); rename the {what}";
        if (pipeline is KroneckerSblPipelineIr { Dictionary: var dictionary } && System.Array.IndexOf(Operators.OperatorEmitter.ClassMembers, dictionary.Name) >= 0)
            return $"the dictionary `{dictionary.Name}` of pipeline `{pipeline.Name}` has the name of a member of its own generated class ({string.Join(", ", Operators.OperatorEmitter.ClassMembers)}); rename it";
        return null;
    }

    /// <summary>Why a gradient's name cannot be the method generated for it, or null.</summary>
    public static string? ReservedNameProblem(SpecIr spec, GradientIr gradient)
    {
        if (gradient.Name == spec.ClassName)
            return $"gradient `{gradient.Name}` has the name of the class generated for this spec (named after the file); rename it or the file";
        if (gradient.Name == SpecNames.GpuClass)
            return $"gradient `{gradient.Name}` has the name of the nested class `{SpecNames.GpuClass}` that holds the GPU variants; rename it";
        return null;
    }

    /// <summary>The gradients that get a method, in spec order (those over an operator that gets no class get none either).</summary>
    public static IReadOnlyList<GradientIr> EmittedGradients(SpecIr spec)
        => spec.Gradients.Where(gradient => ReservedNameProblem(spec, gradient) is null
            && (gradient.Operator is null || ReservedNameProblem(spec, gradient.Operator) is null)).ToList();

    /// <summary>The pipelines that get a class, in spec order.</summary>
    public static IReadOnlyList<PipelineIr> EmittedPipelines(SpecIr spec)
        => spec.Pipelines.Where(pipeline => ReservedNameProblem(spec, pipeline) is null).ToList();

    /// <summary>The operators that get a class, in spec order (those named like a member the generated code needs do not).</summary>
    public static IReadOnlyList<OperatorDeclaration> EmittedOperators(SpecIr spec)
        => spec.Operators.Where(declared => ReservedNameProblem(spec, declared) is null).ToList();

    /// <summary>The kernels that get code: see <see cref="EmittedKernels(SpecIr)"/>; a kernel over an operator that gets no class gets none either.</summary>
    private static bool OperatorEmitted(SpecIr spec, KernelIr kernel)
        => kernel.Operator is not DeclaredOperator declared || ReservedNameProblem(spec, spec.Operators.First(o => o.Name == declared.OperatorName)) is null;

    /// <summary>SPD200 (generic fallback), SPD201 (reserved names) and SPD203 (too many kernels) for one spec, at their kernels' positions in <paramref name="map"/>.</summary>
    public static EquatableArray<DiagnosticInfo> Diagnostics(SpecIr spec, SourceMap map) => Diagnostics(spec, map, StorageDescriptors.CpuFor);

    /// <summary>The same without positions (every diagnostic at the start of the file): what the emitter, which sees no source map, returns.</summary>
    internal static EquatableArray<DiagnosticInfo> Diagnostics(SpecIr spec, Func<FormatKind, FormatKernels?> formats)
        => Diagnostics(spec, SourceMap.Empty, formats);

    internal static EquatableArray<DiagnosticInfo> Diagnostics(SpecIr spec, SourceMap map, Func<FormatKind, FormatKernels?> formats)
    {
        var list = new List<DiagnosticInfo>();
        var emitted = EmittedKernels(spec);
        foreach (var kernel in spec.Kernels.Take(MaxKernelsPerSpec))
        {
            if (ReservedNameProblem(spec, kernel) is string problem)
            {
                list.Add(D.ReservedName.At(map.KernelSpan(kernel.Name), problem));
                continue;
            }
            if (kernel.IsStored && !IsSpecialized(kernel, formats))
                list.Add(D.GenericFallback.At(map.KernelSpan(kernel.Name), kernel.Name,
                    $"{kernel.Matrix.Storage.Name} ({kernel.Matrix.Storage.Kind.ToString().ToLowerInvariant()}, {OperationText(kernel.Action)})"));
        }
        if (spec.ClassName == SpecNames.GpuClass && emitted.FirstOrDefault(HasGpuVariant) is KernelIr first)
            list.Add(D.ReservedName.At(map.KernelSpan(first.Name),
                $"the class generated for this spec is named `{SpecNames.GpuClass}` (after the file), the name of the nested class that would hold the GPU variant of `{first.Name}`; rename the file (no GPU variants are generated)"));
        foreach (var declared in spec.Operators)
        {
            if (ReservedNameProblem(spec, declared) is string problem)
                list.Add(D.ReservedName.At(map.KernelSpan(declared.Name), problem));
        }
        foreach (var gradient in spec.Gradients)
        {
            if (ReservedNameProblem(spec, gradient) is string problem)
                list.Add(D.ReservedName.At(map.KernelSpan(gradient.Name), problem));
        }
        foreach (var pipeline in spec.Pipelines)
        {
            if (ReservedNameProblem(spec, pipeline) is string problem)
                list.Add(D.ReservedName.At(map.KernelSpan(pipeline.Name), problem));
        }
        if (spec.Kernels.Count > MaxKernelsPerSpec)
            list.Add(D.TooManyKernels.At(map.KernelSpan(spec.Kernels[MaxKernelsPerSpec].Name), spec.Kernels.Count, MaxKernelsPerSpec));
        return list.ToEquatableArray();
    }

    internal static bool IsSpecialized(KernelIr kernel, Func<FormatKind, FormatKernels?> formats)
        => formats(kernel.Matrix.Storage.Kind) is { } format && format.CanSpecialize(kernel);

    private static string OperationText(KernelAction operation) => operation switch
    {
        KernelAction.Apply => "matrix-vector product",
        KernelAction.ApplyTransposed => "transposed matrix-vector product",
        _ => "matrix-matrix product",
    };
}
