using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator;

// The values cached between pipeline stages: equatable records of strings and IR only.

/// <summary>One .sparse file: the path Roslyn gave (for diagnostics), the project-relative path (for hint names and comments) and the text.</summary>
internal sealed record SpecText(string FilePath, string RelativePath, string Text);

/// <summary>
/// A compiled spec: the IR (no positions), the language diagnostics and the source map that locates the generator's
/// diagnostics. The text is not kept, so an edit that changes neither IR, diagnostics nor positions stops here.
/// </summary>
internal sealed record SpecModel(string FilePath, string RelativePath, SpecIr? Ir, EquatableArray<DiagnosticInfo> Diagnostics, SourceMap SourceMap);

/// <summary>What code generation depends on: the IR without the language diagnostics.</summary>
internal sealed record EmitInput(string FilePath, string RelativePath, SpecIr? Ir);

/// <summary>The generated source of one spec (null when emission failed) and the internal error (SPD900) if it did.</summary>
internal sealed record GeneratedSpec(string FilePath, string RelativePath, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The language diagnostics of one spec.</summary>
internal sealed record SpecDiagnostics(string FilePath, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A spec's path as Roslyn gave it and relative to the project (for hint names).</summary>
internal sealed record SpecFile(string FilePath, string RelativePath);

/// <summary>
/// The C# class a spec generates, the kernels it writes into it, and every member name its code declares there — in
/// the class (kernel methods, <c>…Range</c>, <c>…Context</c>, <c>…Worker</c>) and in its nested Gpu class (launchers,
/// loaders, ILGPU kernels) — as plain names, no positions.
/// </summary>
internal sealed record SpecMembers(string FilePath, string RelativePath, string Namespace, string ClassName, EquatableArray<string> Kernels,
    EquatableArray<string> ClassMembers, EquatableArray<string> GpuMembers)
{
    public static SpecMembers Of(string filePath, string relativePath, SpecIr? ir)
    {
        if (ir is null) return new SpecMembers(filePath, relativePath, "", "", EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);
        var kernels = SpecChecks.EmittedKernels(ir);
        var names = new SpecNames(ir, kernels);
        var classMembers = new List<string>();
        var gpuMembers = new List<string>();
        classMembers.AddRange(SpecChecks.EmittedOperators(ir).Select(o => names.OperatorClass(o.Name).TrimStart('@')));
        classMembers.AddRange(SpecChecks.EmittedPipelines(ir).Select(p => names.OperatorClass(p.Name).TrimStart('@')));
        classMembers.AddRange(SpecChecks.EmittedGradients(ir).Select(g => names.Gradient(g.Name).TrimStart('@')));
        foreach (var kernel in kernels)
        {
            var (inClass, inGpu) = SpecChecks.GeneratedMembers(kernel, names[kernel]);
            classMembers.AddRange(inClass);
            gpuMembers.AddRange(inGpu);
        }
        return new SpecMembers(filePath, relativePath, ir.Namespace, ir.ClassName, kernels.Select(k => k.Name).ToEquatableArray(),
            classMembers.ToEquatableArray(), gpuMembers.ToEquatableArray());
    }

    /// <summary>
    /// SPD202 at each kernel of <paramref name="ir"/> (its position in <paramref name="map"/>) that another spec also
    /// generates into the same class; SPD204 at each kernel whose generated helper (<c>KContext</c>, a GPU loader…) is a
    /// member another spec of the class also declares (a kernel of that name, or its helper).
    /// </summary>
    public static IEnumerable<DiagnosticInfo> Clashes(string filePath, SpecIr ir, SourceMap map, EquatableArray<SpecMembers> all)
    {
        var others = all.Where(o => o.FilePath != filePath && o.Namespace == ir.Namespace && o.ClassName == ir.ClassName)
            .OrderBy(o => o.RelativePath, StringComparer.Ordinal).ThenBy(o => o.FilePath, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0) yield break;
        string className = ir.Namespace + "." + ir.ClassName;
        var kernels = SpecChecks.EmittedKernels(ir);
        var names = new SpecNames(ir, kernels);
        foreach (var kernel in kernels)
        {
            var other = others.FirstOrDefault(o => o.Kernels.Contains(kernel.Name));
            if (other is not null)
            {
                yield return Language.Diagnostics.Diagnostics.KernelInTwoSpecs.At(map.KernelSpan(kernel.Name), kernel.Name, other.RelativePath, className);
                continue;
            }
            var (inClass, inGpu) = SpecChecks.GeneratedMembers(kernel, names[kernel]);
            string method = names[kernel].Method.TrimStart('@');
            var clash = inClass.Where(m => m != method).Select(m => (Member: m, Other: others.FirstOrDefault(o => o.ClassMembers.Contains(m)), Scope: className))
                .Concat(inGpu.Where(m => m != method).Select(m => (Member: m, Other: others.FirstOrDefault(o => o.GpuMembers.Contains(m)), Scope: className + "." + SpecNames.GpuClass)))
                .FirstOrDefault(c => c.Other is not null);
            if (clash.Other is not null)
                yield return Language.Diagnostics.Diagnostics.GeneratedMemberInTwoSpecs.At(map.KernelSpan(kernel.Name), kernel.Name, clash.Member, clash.Other.RelativePath, clash.Scope);
        }
    }
}
