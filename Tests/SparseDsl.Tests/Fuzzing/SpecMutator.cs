using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Mutates corpus specs: character insert/delete/replace, token delete/swap/duplicate/insert, splices between
/// specs, identifier replacement by C# keywords and type names, number replacement by edge values, line
/// duplicate/delete/swap. Every mutant is a pure function of the random state, so a seed reproduces a run.
/// </summary>
internal sealed class SpecMutator(IReadOnlyList<string> corpus, Random random)
{
    private static readonly string[] InsertedTokens =
    {
        ";", "(", ")", "[", "]", "{", "}", "<", ">", ",", ":", "=", "*", "'", "+", "-", "x", ".", "namespace", "format",
        "stencil", "kernel", "operator", "kron", "projection", "householder", "pipeline", "dictionary", "solve", "kron_sbl", "network", "gp_pde", "bayes_mlp", "domain", "in", "equation", "boundary", "d2", "d1", "u", "pi", "^", "/", "->", "layers", "sparsity", "inference", "training", "csr", "bsr", "nm", "sell", "dia", "dense", "coo", "csc", "f32", "f64", "i64", "index",
        "grid", "radius", "block", "shape", "slice", "sort", "layout", "col", "row", "alpha", "beta", "/*", "*/", "//",
        "\n", "\r\n", "\r", "\t", "\u00a0", "\uFEFF", "\u2028", "\0", "#", "@", "$", "\"", "\\", "4x4", "2:4", "x x",
        "\u00e9", "\U0001F600", "\ud800",
    };

    private static readonly string[] Numbers =
    {
        "0", "1", "2", "3", "4", "7", "8", "16", "31", "32", "33", "63", "64", "65", "100", "1000", "65536",
        "2147483647", "2147483648", "4294967296", "99999999999", "9223372036854775808", "1e308", "1e309", "1e-320",
        "0.0", "1.5", "2.5", "0.1", "1e-3", "00", "007", "1.0e10", "123456789012345678901234567890",
    };

    private static readonly string[] AllNames = HostileNames.Keywords.Concat(HostileNames.TypeNames)
        .Concat(HostileNames.LocalNames).Concat(HostileNames.PlainNames).ToArray();

    public string Mutate(string text)
    {
        int count = 1 + random.Next(random.Next(2) == 0 ? 2 : 5);
        for (int i = 0; i < count; i++) text = MutateOnce(text);
        return text;
    }

    private string MutateOnce(string text)
    {
        var pieces = SpecTokens.Split(text);
        var tokens = SpecTokens.TokenIndices(pieces);
        switch (random.Next(19))
        {
            case 16: // nesting: a run of unary minus and parentheses around a stretch of tokens
            {
                if (tokens.Count == 0) return text;
                int levels = 1 + random.Next(random.Next(2) == 0 ? 8 : 70), minus = random.Next(random.Next(2) == 0 ? 3 : 64);
                int from = random.Next(tokens.Count), to = Math.Min(tokens.Count - 1, from + random.Next(6));
                var open = new StringBuilder();
                for (int i = 0; i < levels; i++) open.Append('-', minus).Append('(');
                pieces[tokens[from]] = open + pieces[tokens[from]];
                pieces[tokens[to]] += new string(')', random.Next(4) == 0 ? random.Next(levels + 1) : levels);
                return Join(pieces);
            }
            case 17: // scale: a line repeated many times, each copy's names numbered (many declarations, many unknown names)
            {
                var lines = Lines(text);
                if (lines.Count == 0) return text;
                var line = lines[random.Next(lines.Count)];
                var linePieces = SpecTokens.Split(line);
                int copies = random.Next(4) == 0 ? 500 + random.Next(2500) : 2 + random.Next(50);
                var scaled = new StringBuilder(text);
                if (!line.EndsWith('\n')) scaled.Append('\n');
                for (int copy = 0; copy < copies; copy++)
                {
                    foreach (var piece in linePieces)
                        scaled.Append(SpecTokens.IsIdentifier(piece) && !IsDeclarationKeyword(piece) && random.Next(4) != 0 ? piece + copy.ToString(System.Globalization.CultureInfo.InvariantCulture) : piece);
                    if (!line.EndsWith('\n')) scaled.Append('\n');
                }
                return scaled.ToString();
            }
            case 18: // a comment with an unusual line break (CR, NEL, LS, PS) between two tokens
            {
                int at = tokens.Count == 0 ? 0 : tokens[random.Next(tokens.Count)];
                string brk = Pick(new[] { "\r", "\u0085", "\u2028", "\u2029", "\r\n", "\n" });
                string comment = random.Next(2) == 0 ? $"/* a{brk}b */" : $"// c{brk}";
                if (comment.StartsWith("//", StringComparison.Ordinal)) comment += "\n";
                pieces.Insert(Math.Min(at, pieces.Count), comment);
                return Join(pieces);
            }
            case 0: // insert a character
            {
                int at = random.Next(text.Length + 1);
                string c = random.Next(3) == 0 ? InsertedTokens[random.Next(InsertedTokens.Length)] : ((char)random.Next(32, 127)).ToString();
                return text.Insert(at, c);
            }
            case 1: // delete a few characters
            {
                if (text.Length == 0) return text;
                int at = random.Next(text.Length);
                return text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(3)));
            }
            case 2: // replace a character
            {
                if (text.Length == 0) return text;
                int at = random.Next(text.Length);
                return text.Substring(0, at) + (char)random.Next(32, 127) + text.Substring(at + 1);
            }
            case 3: // delete a token
                if (tokens.Count == 0) return text;
                pieces[tokens[random.Next(tokens.Count)]] = "";
                return Join(pieces);
            case 4: // swap two tokens
            {
                if (tokens.Count < 2) return text;
                int a = tokens[random.Next(tokens.Count)], b = tokens[random.Next(tokens.Count)];
                (pieces[a], pieces[b]) = (pieces[b], pieces[a]);
                return Join(pieces);
            }
            case 5: // duplicate a token (now and then many times: deep nesting, long runs)
            {
                if (tokens.Count == 0) return text;
                int at = tokens[random.Next(tokens.Count)];
                int times = random.Next(8) == 0 ? 10 + random.Next(120) : 1 + random.Next(2);
                var separator = random.Next(2) == 0 ? "" : " ";
                pieces[at] = string.Join(separator, Enumerable.Repeat(pieces[at], times + 1));
                return Join(pieces);
            }
            case 6: // insert a token
            {
                int at = random.Next(pieces.Count + 1);
                pieces.Insert(at, InsertedTokens[random.Next(InsertedTokens.Length)]);
                return Join(pieces);
            }
            case 7: // splice a run of tokens of another spec in
            {
                var other = SpecTokens.Split(corpus[random.Next(corpus.Count)]);
                if (other.Count == 0) return text;
                int from = random.Next(other.Count), length = 1 + random.Next(Math.Min(40, other.Count - from));
                int at = random.Next(pieces.Count + 1);
                pieces.InsertRange(at, other.Skip(from).Take(length));
                return Join(pieces);
            }
            case 8: // crossover: the head of this spec and the tail of another, cut at lines
            {
                var lines = Lines(text);
                var other = Lines(corpus[random.Next(corpus.Count)]);
                int cut = random.Next(lines.Count + 1), otherCut = random.Next(other.Count + 1);
                return string.Concat(lines.Take(cut).Concat(other.Skip(otherCut)));
            }
            case 9:
            case 10: // replace an identifier (everywhere, or one occurrence) by a hostile name
            {
                var identifiers = tokens.Where(i => SpecTokens.IsIdentifier(pieces[i]) && !IsDeclarationKeyword(pieces[i])).ToList();
                if (identifiers.Count == 0) return text;
                int at = identifiers[random.Next(identifiers.Count)];
                string old = pieces[at], replacement = Name();
                if (random.Next(3) != 0)
                {
                    for (int i = 0; i < pieces.Count; i++)
                        if (pieces[i] == old) pieces[i] = replacement;
                }
                else pieces[at] = replacement;
                return Join(pieces);
            }
            case 11: // replace a number by an edge value
            {
                var numbers = tokens.Where(i => SpecTokens.IsNumber(pieces[i])).ToList();
                if (numbers.Count == 0) return text;
                pieces[numbers[random.Next(numbers.Count)]] = Numbers[random.Next(Numbers.Length)];
                return Join(pieces);
            }
            case 12: // duplicate a line
            {
                var lines = Lines(text);
                if (lines.Count == 0) return text;
                int at = random.Next(lines.Count);
                lines.Insert(at, lines[at]);
                return string.Concat(lines);
            }
            case 13: // delete a line
            {
                var lines = Lines(text);
                if (lines.Count == 0) return text;
                lines.RemoveAt(random.Next(lines.Count));
                return string.Concat(lines);
            }
            case 14: // swap two lines
            {
                var lines = Lines(text);
                if (lines.Count < 2) return text;
                int a = random.Next(lines.Count), b = random.Next(lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Concat(lines);
            }
            default: // line ends and a byte-order mark
                return random.Next(3) switch
                {
                    0 => text.Replace("\n", "\r\n"),
                    1 => "\uFEFF" + text,
                    _ => text.Replace("\n", "\r"),
                };
        }
    }

    private string Name() => AllNames[random.Next(AllNames.Length)];

    private string Pick(string[] items) => items[random.Next(items.Length)];

    private static bool IsDeclarationKeyword(string piece) => piece is "namespace" or "format" or "stencil" or "kernel" or "operator" or "projection" or "pipeline" or "network";

    private static string Join(List<string> pieces)
    {
        var builder = new StringBuilder();
        foreach (var piece in pieces) builder.Append(piece);
        return builder.ToString();
    }

    /// <summary>Lines with their line ends kept, so concatenation gives the text back.</summary>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text.Substring(start, i + 1 - start));
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text.Substring(start));
        return lines;
    }
}
