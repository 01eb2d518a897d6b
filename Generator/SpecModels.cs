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

/// <summary>The C# class a spec generates and the kernels it writes into it (the names only: no positions).</summary>
internal sealed record SpecMembers(string FilePath, string RelativePath, string Namespace, string ClassName, EquatableArray<string> Kernels)
{
    public static SpecMembers Of(string filePath, string relativePath, SpecIr? ir)
        => ir is null
            ? new SpecMembers(filePath, relativePath, "", "", EquatableArray<string>.Empty)
            : new SpecMembers(filePath, relativePath, ir.Namespace, ir.ClassName, SpecChecks.EmittedKernels(ir).Select(k => k.Name).ToEquatableArray());

    /// <summary>SPD202 at each kernel of <paramref name="ir"/> (its position in <paramref name="map"/>) that another spec also generates into the same class.</summary>
    public static IEnumerable<DiagnosticInfo> Clashes(string filePath, SpecIr ir, SourceMap map, EquatableArray<SpecMembers> all)
    {
        var others = all.Where(o => o.FilePath != filePath && o.Namespace == ir.Namespace && o.ClassName == ir.ClassName)
            .OrderBy(o => o.RelativePath, StringComparer.Ordinal).ThenBy(o => o.FilePath, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0) yield break;
        foreach (var kernel in SpecChecks.EmittedKernels(ir))
        {
            var other = others.FirstOrDefault(o => o.Kernels.Contains(kernel.Name));
            if (other is null) continue;
            yield return Language.Diagnostics.Diagnostics.KernelInTwoSpecs.At(map.KernelSpan(kernel.Name), kernel.Name, other.RelativePath, ir.Namespace + "." + ir.ClassName);
        }
    }
}
