using Microsoft.CodeAnalysis;

namespace SparseDsl.Generator;

/// <summary>Placeholder until the pipeline lands.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class SparseGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
