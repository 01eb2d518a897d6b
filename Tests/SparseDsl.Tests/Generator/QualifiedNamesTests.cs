using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>
/// The generated code names every type and namespace that it does not declare itself through <c>global::</c>, so no
/// user name (a kernel, a namespace, a class) can capture one. Checked on the semantic model of every corpus spec.
/// </summary>
public class QualifiedNamesTests
{
    public static IEnumerable<TheoryDataRow<string>> Corpus() => GeneratorHarness.CorpusFiles().Select(f => new TheoryDataRow<string>(f));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void EveryForeignTypeIsGlobalQualified(string fileName)
    {
        var run = GeneratorHarness.Run(null, ("Specs/" + fileName, GeneratorHarness.ReadSpec(fileName)));
        var generated = Assert.Single(run.Single.GeneratedSources);
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith(generated.HintName, System.StringComparison.Ordinal));
        Assert.Empty(Unqualified(run.Output, tree).Take(20));
    }

    /// <summary>Simple names that bind to a type or namespace declared outside <paramref name="tree"/> and are not reached through <c>global::</c>.</summary>
    internal static IEnumerable<string> Unqualified(Compilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (name is IdentifierNameSyntax { IsVar: true }) continue;
            var info = model.GetSymbolInfo(name);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            if (symbol is not INamespaceOrTypeSymbol) continue;
            if (symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == tree)) continue;
            bool qualified = name.Parent switch
            {
                AliasQualifiedNameSyntax alias => alias.Name == name && alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword),
                QualifiedNameSyntax qualifiedName => qualifiedName.Right == name,
                MemberAccessExpressionSyntax access => access.Name == name,
                _ => false,
            };
            if (!qualified) yield return $"{name} at {name.GetLocation().GetLineSpan().StartLinePosition}: {name.Parent}";
        }
    }
}
