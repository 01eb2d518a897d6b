using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Delta debugging (ddmin) over declarations, then lines, then tokens (whitespace kept with the token before it):
/// removes chunks of halving size while the failure stays. Stops at the time limit with the smallest text found so far.
/// </summary>
internal static class Shrinker
{
    public static string Minimize(string text, Func<string, bool> stillFails, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        bool TimeLeft() => watch.Elapsed < limit;
        text = Reduce(Declarations(text), stillFails, TimeLeft);
        text = Reduce(SpecMutator.Lines(text), stillFails, TimeLeft);
        text = Reduce(TokenUnits(text), stillFails, TimeLeft);
        return text;
    }

    /// <summary>Cut after each top-level <c>;</c> and after each <c>}</c> that closes a brace (a stencil's body), like the parser's recovery.</summary>
    private static List<string> Declarations(string text)
    {
        var units = new List<string>();
        var current = new System.Text.StringBuilder();
        int depth = 0;
        foreach (var piece in SpecTokens.Split(text))
        {
            current.Append(piece);
            bool cut = piece == ";" && depth == 0;
            if (piece == "{") depth++;
            else if (piece == "}" && depth > 0 && --depth == 0) cut = true;
            if (!cut) continue;
            units.Add(current.ToString());
            current.Clear();
        }
        if (current.Length > 0) units.Add(current.ToString());
        return units;
    }

    /// <summary>Tokens with their trailing whitespace, so removing one keeps the rest separated.</summary>
    private static List<string> TokenUnits(string text)
    {
        var units = new List<string>();
        foreach (var piece in SpecTokens.Split(text))
        {
            if (SpecTokens.IsSpace(piece) && units.Count > 0) units[units.Count - 1] += piece;
            else units.Add(piece);
        }
        return units;
    }

    private static string Reduce(List<string> units, Func<string, bool> stillFails, Func<bool> timeLeft)
    {
        int chunk = Math.Max(1, units.Count / 2);
        while (units.Count > 0 && timeLeft())
        {
            bool removed = false;
            for (int start = 0; start < units.Count && timeLeft();)
            {
                var candidate = units.Take(start).Concat(units.Skip(start + chunk)).ToList();
                if (candidate.Count < units.Count && stillFails(string.Concat(candidate)))
                {
                    units = candidate;
                    removed = true;
                }
                else start += chunk;
            }
            if (chunk == 1 && !removed) break;
            if (!removed) chunk = Math.Max(1, chunk / 2);
        }
        return string.Concat(units);
    }
}
