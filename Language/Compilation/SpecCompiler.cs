using SparseDsl.Language.Common;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;

namespace SparseDsl.Language.Compilation;

/// <summary>The result of compiling one spec: the IR (null when errors prevent lowering) and every diagnostic, in source order.</summary>
public sealed record SpecCompilation(SpecIr? Ir, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The language's single entry point: text → tokens → syntax tree → bound model → kernel IR.</summary>
public static class SpecCompiler
{
    /// <summary>Default namespace when a spec declares none.</summary>
    public const string DefaultNamespace = "SparseDsl.Generated";

    /// <summary>
    /// Compiles one spec. Never throws on bad input: every problem becomes a located diagnostic.
    /// The generated class is named after the file (Kernels.sparse → Kernels).
    /// </summary>
    public static SpecCompilation Compile(string filePath, string text)
    {
        // TODO(language): tokenizer, parser, binder, lowering.
        return new SpecCompilation(null, EquatableArray<DiagnosticInfo>.Empty);
    }
}
