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

/// <summary>The generated source of one spec (null when the spec has errors) and the generator's own diagnostics.</summary>
internal sealed record GeneratedSpec(string FilePath, string RelativePath, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The language diagnostics of one spec.</summary>
internal sealed record SpecDiagnostics(string FilePath, EquatableArray<DiagnosticInfo> Diagnostics);
