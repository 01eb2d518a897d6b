using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// A fuzzer's own cut of spec text into pieces (whitespace, comments, identifiers, numbers, single characters) that
/// concatenate back to the text exactly. Independent of the real tokenizer on purpose: it must split any text.
/// </summary>
internal static class SpecTokens
{
    private static readonly Regex Piece = new(
        @"\s+|//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/)?|[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|.",
        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        foreach (Match match in Piece.Matches(text)) pieces.Add(match.Value);
        return pieces;
    }

    public static bool IsSpace(string piece) => piece.Length > 0 && char.IsWhiteSpace(piece[0]);

    public static bool IsIdentifier(string piece) => piece.Length > 0 && (char.IsLetter(piece[0]) || piece[0] == '_');

    public static bool IsNumber(string piece) => piece.Length > 0 && char.IsDigit(piece[0]);

    /// <summary>The pieces that are not whitespace (comments count as tokens here: deleting one is a mutation too).</summary>
    public static List<int> TokenIndices(List<string> pieces)
    {
        var indices = new List<int>();
        for (int i = 0; i < pieces.Count; i++)
            if (!IsSpace(pieces[i])) indices.Add(i);
        return indices;
    }
}
