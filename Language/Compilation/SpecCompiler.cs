using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.Binding;
using SparseDsl.Language.Common;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using Superpower.Model;

namespace SparseDsl.Language.Compilation;

/// <summary>The result of compiling one spec: the IR of every declaration that bound cleanly (null only when the
/// text could not be read at all), every diagnostic, in source order, and the positions of the IR's kernels
/// (<paramref name="Positions"/>; null reads as <see cref="SourceMap.Empty"/>), apart from the IR.</summary>
public sealed record SpecCompilation(SpecIr? Ir, EquatableArray<DiagnosticInfo> Diagnostics, SourceMap? Positions = null)
{
    /// <summary>Where the IR's kernels are declared (what diagnostics about them are located at).</summary>
    public SourceMap SourceMap => Positions ?? SourceMap.Empty;

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>The language's single entry point: text → tokens → syntax tree → bound model → kernel IR (+ source map).</summary>
public static class SpecCompiler
{
    /// <summary>Default namespace when a spec declares none.</summary>
    public const string DefaultNamespace = "SparseDsl.Generated";

    /// <summary>Largest spec accepted, in characters.</summary>
    public const int MaxSpecLength = 1_000_000;

    /// <summary>Most diagnostics reported for one spec (random bytes would otherwise give one per character).</summary>
    public const int MaxDiagnostics = 200;

    /// <summary>
    /// Compiles one spec. Never throws on bad input: every problem becomes a located diagnostic.
    /// The generated class is named after the file (Kernels.sparse → Kernels).
    /// </summary>
    public static SpecCompilation Compile(string filePath, string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
        if (text.Length > MaxSpecLength)
        {
            diagnostics.Add(Diagnostics.Diagnostics.SpecTooLarge.At(Text.SourceSpan.Empty, text.Length, MaxSpecLength));
            return new SpecCompilation(null, diagnostics.ToEquatableArray());
        }

        var tokens = new List<Token<SparseToken>>();
        foreach (var token in SparseTokenizer.Instance.Tokenize(text))
        {
            switch (token.Kind)
            {
                case SparseToken.Invalid:
                    diagnostics.Add(Diagnostics.Diagnostics.InvalidCharacter.At(Spans.Of(token), Describe(token.ToStringValue())));
                    break;
                case SparseToken.UnterminatedComment:
                    diagnostics.Add(Diagnostics.Diagnostics.SyntaxError.At(Spans.Of(token), "the comment is not closed: `*/` expected"));
                    break;
                default:
                    tokens.Add(token);
                    break;
            }
        }

        var syntax = SparseParser.ParseSpec(tokens, diagnostics);
        var ir = Binder.Bind(syntax, filePath, text, diagnostics, out var sourceMap);
        var ordered = diagnostics.OrderBy(d => d.Span.Start).ThenBy(d => d.Code, System.StringComparer.Ordinal).ToList();
        if (ordered.Count > MaxDiagnostics)
        {
            var last = ordered[MaxDiagnostics - 1];
            ordered = ordered.Take(MaxDiagnostics).ToList();
            ordered.Add(Diagnostics.Diagnostics.TooManyErrors.At(last.Span, MaxDiagnostics));
        }
        return new SpecCompilation(ir, ordered.ToEquatableArray(), sourceMap);
    }

    /// <summary>
    /// Names an invalid character by its code point (a surrogate pair is one code point); the character itself
    /// is shown too when it is visible on its own: a letter, digit, punctuation or symbol, never a control,
    /// format (bidirectional overrides), separator, combining mark or lone surrogate.
    /// </summary>
    private static string Describe(string character)
    {
        if (character.Length == 0) return "U+0000";
        int codePoint = character.Length == 2 && char.IsSurrogatePair(character[0], character[1])
            ? char.ConvertToUtf32(character[0], character[1])
            : character[0];
        var code = "U+" + codePoint.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(character, 0);
        bool visible = category switch
        {
            System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.SpaceSeparator
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                or System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
                or System.Globalization.UnicodeCategory.EnclosingMark => false,
            _ => true,
        };
        return visible ? $"`{character}` ({code})" : code;
    }
}
