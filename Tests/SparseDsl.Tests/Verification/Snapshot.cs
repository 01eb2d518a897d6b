using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace SparseDsl.Tests.Verification;

/// <summary>
/// Verify-style snapshot assertions: text is compared with <c>Snapshots/&lt;name&gt;.verified.cs</c> (located through
/// the caller's source path, so baselines live in the repository, not in bin/). On a mismatch the new text is
/// written beside it as <c>&lt;name&gt;.received.cs</c> and the test fails with a unified diff. Set
/// <c>SPARSEDSL_ACCEPT=1</c> (or <c>VERIFY_AUTOVERIFY=1</c>) to overwrite the baselines instead.
/// </summary>
public static class Snapshot
{
    private const int MaxDiffLines = 40;

    public static bool AcceptChanges =>
        Environment.GetEnvironmentVariable("SPARSEDSL_ACCEPT") is "1" or "true" ||
        Environment.GetEnvironmentVariable("VERIFY_AUTOVERIFY") is "1" or "true";

    /// <summary>The Snapshots folder of the test project, found from this file's compile-time path.</summary>
    public static string Directory([CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Snapshots"));

    /// <summary>
    /// Compares <paramref name="actual"/> with <c>Snapshots/&lt;name&gt;.verified.cs</c>; <paramref name="name"/> may hold
    /// a sub-folder (<c>Focused/CsrMv</c>).
    /// </summary>
    public static void Verify(string name, string actual) => Verify(Directory(), name, actual, AcceptChanges);

    /// <summary>The comparison itself, in a given folder and accept mode (the helper's own tests use a temporary folder).</summary>
    public static void Verify(string directory, string name, string actual, bool accept)
    {
        string verifiedPath = Path.Combine(directory, name + ".verified.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        string normalized = actual.Replace("\r\n", "\n");
        string? expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (expected == normalized)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        if (accept)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, normalized, new UTF8Encoding(false));
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        File.WriteAllText(receivedPath, normalized, new UTF8Encoding(false));
        string header = expected is null
            ? $"No baseline {verifiedPath}; wrote {receivedPath}. Review it, then rename it or rerun with SPARSEDSL_ACCEPT=1."
            : $"{name} differs from {verifiedPath} (new text in {receivedPath}; SPARSEDSL_ACCEPT=1 accepts it):";
        Assert.Fail(header + "\n" + UnifiedDiff(expected ?? "", normalized));
    }

    /// <summary>A unified diff (line-based LCS) of at most <see cref="MaxDiffLines"/> changed lines, with line numbers.</summary>
    public static string UnifiedDiff(string expected, string actual, int context = 2)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var edits = Diff(a, b);
        var output = new StringBuilder();
        int shown = 0;
        int index = 0;
        while (index < edits.Count && shown < MaxDiffLines)
        {
            if (edits[index].Kind == ' ') { index++; continue; }
            int hunkStart = Math.Max(0, index - context);
            int hunkEnd = index;
            // Extend the hunk while changes are within 2 * context lines of each other.
            while (hunkEnd < edits.Count)
            {
                if (edits[hunkEnd].Kind != ' ') { hunkEnd++; continue; }
                int next = hunkEnd;
                while (next < edits.Count && edits[next].Kind == ' ' && next - hunkEnd <= 2 * context) next++;
                if (next < edits.Count && edits[next].Kind != ' ' && next - hunkEnd <= 2 * context) { hunkEnd = next; continue; }
                break;
            }
            hunkEnd = Math.Min(edits.Count, hunkEnd + context);
            var first = edits[hunkStart];
            output.Append($"@@ -{first.OldLine} +{first.NewLine} @@\n");
            for (int i = hunkStart; i < hunkEnd && shown < MaxDiffLines; i++)
            {
                var e = edits[i];
                if (e.Kind != ' ') shown++;
                int line = e.Kind == '+' ? e.NewLine : e.OldLine;
                output.Append(e.Kind).Append(' ').Append(line.ToString().PadLeft(5)).Append(" | ").Append(e.Text).Append('\n');
            }
            index = hunkEnd;
        }
        if (shown >= MaxDiffLines) output.Append($"... (diff cut after {MaxDiffLines} changed lines)\n");
        return output.ToString();
    }

    private readonly record struct Edit(char Kind, int OldLine, int NewLine, string Text);

    private static List<Edit> Diff(string[] a, string[] b)
    {
        // Trim the common prefix and suffix, then LCS on the middle (generated files differ locally).
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix]) suffix++;
        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;
        var edits = new List<Edit>();
        for (int i = 0; i < prefix; i++) edits.Add(new Edit(' ', i + 1, i + 1, a[i]));
        if ((long)n * m > 25_000_000)
        {
            // Too large for LCS: show the middle as removed then added.
            for (int i = 0; i < n; i++) edits.Add(new Edit('-', prefix + i + 1, prefix + 1, a[prefix + i]));
            for (int j = 0; j < m; j++) edits.Add(new Edit('+', prefix + n + 1, prefix + j + 1, b[prefix + j]));
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (int i = n - 1; i >= 0; i--)
                for (int j = m - 1; j >= 0; j--)
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y]) { edits.Add(new Edit(' ', prefix + x + 1, prefix + y + 1, a[prefix + x])); x++; y++; }
                else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y])) { edits.Add(new Edit('+', prefix + x + 1, prefix + y + 1, b[prefix + y])); y++; }
                else { edits.Add(new Edit('-', prefix + x + 1, prefix + y + 1, a[prefix + x])); x++; }
            }
        }
        for (int i = 0; i < suffix; i++) edits.Add(new Edit(' ', a.Length - suffix + i + 1, b.Length - suffix + i + 1, a[a.Length - suffix + i]));
        return edits;
    }
}
