using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SparseDsl.Language.Diagnostics;
using LanguageDescriptor = SparseDsl.Language.Diagnostics.DiagnosticDescriptor;
using RoslynDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace SparseDsl.Generator;

/// <summary>Turns the language's plain diagnostics into Roslyn diagnostics located in the .sparse file.</summary>
internal static class RoslynDiagnostics
{
    public const string Category = "SparseDsl";

    /// <summary>One Roslyn descriptor per catalog entry of <see cref="Language.Diagnostics.Diagnostics"/>, by code.</summary>
    public static IReadOnlyDictionary<string, RoslynDescriptor> Descriptors { get; } = typeof(Language.Diagnostics.Diagnostics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(LanguageDescriptor))
        .Select(field => (LanguageDescriptor)field.GetValue(null)!)
        .ToDictionary(d => d.Code, ToRoslyn, StringComparer.Ordinal);

    private static RoslynDescriptor ToRoslyn(LanguageDescriptor descriptor) => new(
        descriptor.Code,
        descriptor.Title,
        "{0}",
        Category,
        Convert(descriptor.Severity),
        isEnabledByDefault: true,
        description: "See the SparseDsl language reference, Specs/README.md, section " + descriptor.Code + ".");

    private static RoslynSeverity Convert(Language.Diagnostics.DiagnosticSeverity severity)
        => severity == Language.Diagnostics.DiagnosticSeverity.Error ? RoslynSeverity.Error : RoslynSeverity.Warning;

    /// <summary>A diagnostic at the info's span of <paramref name="filePath"/> (lines/columns converted from 1-based to Roslyn's 0-based).</summary>
    public static Diagnostic Create(DiagnosticInfo info, string filePath)
    {
        var span = info.Span;
        var start = new LinePosition(Math.Max(0, span.Line - 1), Math.Max(0, span.Column - 1));
        var end = new LinePosition(Math.Max(0, span.EndLine - 1), Math.Max(0, span.EndColumn - 1));
        if (end < start) end = start;
        var location = Location.Create(filePath, new TextSpan(Math.Max(0, span.Start), Math.Max(0, span.Length)), new LinePositionSpan(start, end));
        if (!Descriptors.TryGetValue(info.Code, out var descriptor))
            descriptor = new RoslynDescriptor(info.Code, info.Code, "{0}", Category, Convert(info.Severity), isEnabledByDefault: true);
        // The severity of the info wins (a code's default severity could differ from how it was reported).
        return Diagnostic.Create(descriptor, location, Convert(info.Severity), additionalLocations: null, properties: null, info.Message);
    }
}
