using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Delta debugging (ddmin) over lines, then over tokens (whitespace kept with the token before it): removes
/// chunks of halving size while the failure stays. Stops at the time limit with the smallest text found so far.
/// </summary>
internal static class Shrinker
{
    public static string Minimize(string text, Func<string, bool> stillFails, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        bool TimeLeft() => watch.Elapsed < limit;
        text = Reduce(SpecMutator.Lines(text), stillFails, TimeLeft);
        text = Reduce(TokenUnits(text), stillFails, TimeLeft);
        return text;
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
