using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Common;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator;

// The values cached between pipeline stages: equatable records of strings and IR only.

/// <summary>One .sparse file: the path Roslyn gave (for diagnostics), the project-relative path (for hint names and comments) and the text.</summary>
internal sealed record SpecText(string FilePath, string RelativePath, string Text);

/// <summary>A compiled spec. The text is not kept, so an edit that changes neither IR nor diagnostics stops here.</summary>
internal sealed record SpecModel(string FilePath, string RelativePath, SpecIr? Ir, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What code generation depends on: the IR without the language diagnostics.</summary>
internal sealed record EmitInput(string FilePath, string RelativePath, SpecIr? Ir);

/// <summary>The generated source of one spec (null when emission failed) and the internal error (SPD900) if it did.</summary>
internal sealed record GeneratedSpec(string FilePath, string RelativePath, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The language diagnostics of one spec.</summary>
internal sealed record SpecDiagnostics(string FilePath, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A spec's path as Roslyn gave it and relative to the project (for hint names).</summary>
internal sealed record SpecFile(string FilePath, string RelativePath);

/// <summary>The IR as the emitter sees it: kernel spans zeroed, so moving a declaration changes nothing.</summary>
internal static class SpecIrPositions
{
    public static SpecIr Remove(SpecIr ir) => ir with
    {
        Kernels = ir.Kernels.Select(kernel => kernel with { Span = Language.Text.SourceSpan.Empty }).ToEquatableArray(),
    };
}

/// <summary>The C# class a spec generates and the kernels it writes into it (the names only: no positions).</summary>
internal sealed record SpecMembers(string FilePath, string RelativePath, string Namespace, string ClassName, EquatableArray<string> Kernels)
{
    public static SpecMembers Of(string filePath, string relativePath, SpecIr? ir)
        => ir is null
            ? new SpecMembers(filePath, relativePath, "", "", EquatableArray<string>.Empty)
            : new SpecMembers(filePath, relativePath, ir.Namespace, ir.ClassName, SpecChecks.EmittedKernels(ir).Select(k => k.Name).ToEquatableArray());

    /// <summary>SPD202 at each kernel of <paramref name="ir"/> that another spec also generates into the same class.</summary>
    public static IEnumerable<DiagnosticInfo> Clashes(string filePath, SpecIr ir, EquatableArray<SpecMembers> all)
    {
        var others = all.Where(o => o.FilePath != filePath && o.Namespace == ir.Namespace && o.ClassName == ir.ClassName)
            .OrderBy(o => o.RelativePath, StringComparer.Ordinal).ThenBy(o => o.FilePath, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0) yield break;
        foreach (var kernel in SpecChecks.EmittedKernels(ir))
        {
            var other = others.FirstOrDefault(o => o.Kernels.Contains(kernel.Name));
            if (other is null) continue;
            yield return Language.Diagnostics.Diagnostics.KernelInTwoSpecs.At(kernel.Span, kernel.Name, other.RelativePath, ir.Namespace + "." + ir.ClassName);
        }
    }
}
