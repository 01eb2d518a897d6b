using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SparseDsl.Tests.Verification;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>
/// The baselines of Snapshots/ and the specs that produce them agree one to one: a <c>.verified.cs</c> whose spec was
/// removed or renamed is stale and would otherwise sit there unchecked, a spec without a baseline is unreviewed, and
/// a <c>.received.cs</c> of a spec that no longer exists is a leftover nothing would ever clean up.
/// </summary>
public class SnapshotInventoryTests
{
    /// <summary>Snapshot names (relative to Snapshots/, '/'-separated, no extension) that some spec produces.</summary>
    internal static IReadOnlySet<string> ExpectedBaselines() =>
        GeneratorHarness.CorpusFiles().Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Concat(FocusedSpecs.Files().Select(FocusedSpecs.BaselineName))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every file under <paramref name="directory"/> ending in <paramref name="suffix"/>, as a snapshot name.</summary>
    internal static IEnumerable<string> NamesEndingIn(string directory, string suffix) =>
        Directory.EnumerateFiles(directory, "*" + suffix, SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Select(p => p[..^suffix.Length])
            .OrderBy(n => n, StringComparer.Ordinal);

    [Fact]
    public void EveryBaselineHasASpecThatProducesIt()
    {
        var expected = ExpectedBaselines();
        var orphans = NamesEndingIn(Snapshot.Directory(), ".verified.cs").Where(n => !expected.Contains(n)).ToList();
        Assert.True(orphans.Count == 0,
            "stale baselines (no spec of Specs/*.sparse or Snapshots/Focused/*.sparse produces them; delete them or restore the spec): "
            + string.Join(", ", orphans.Select(n => "Snapshots/" + n + ".verified.cs")));
    }

    [Fact]
    public void EverySpecHasABaseline()
    {
        var present = NamesEndingIn(Snapshot.Directory(), ".verified.cs").ToHashSet(StringComparer.Ordinal);
        var missing = ExpectedBaselines().Where(n => !present.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            "specs without a baseline (run the snapshot tests with SPARSEDSL_ACCEPT=1 and review the new files): "
            + string.Join(", ", missing.Select(n => "Snapshots/" + n + ".verified.cs")));
    }

    /// <summary>
    /// A <c>.received.cs</c> that no snapshot test will ever look at again (its spec is gone) is a leftover. One beside a
    /// spec's baseline is that spec's snapshot test's business, in the same run: it fails and rewrites the file on a
    /// mismatch, and deletes it on a match. (Failing on it here as well would race with that test: a leftover of the
    /// previous run that this run's comparison resolves would fail or pass depending on which test ran first.)
    /// </summary>
    [Fact]
    public void NoReceivedFileIsLeftOver()
    {
        var expected = ExpectedBaselines();
        var leftovers = NamesEndingIn(Snapshot.Directory(), ".received.cs").Where(n => !expected.Contains(n)).ToList();
        Assert.True(leftovers.Count == 0,
            "left over from a failed snapshot comparison of a spec that no longer exists (delete them): "
            + string.Join(", ", leftovers.Select(n => "Snapshots/" + n + ".received.cs")));
    }

    [Fact]
    public void FocusedSpecsAreSmall()
    {
        foreach (string file in FocusedSpecs.Files())
        {
            // What gets a method or class of its own: kernels, pipelines, networks, gradients.
            int members = FocusedSpecs.Read(file).Split('\n').Select(l => l.TrimStart())
                .Count(l => new[] { "kernel ", "pipeline ", "network ", "gradient " }.Any(k => l.StartsWith(k, StringComparison.Ordinal)));
            Assert.True(members is >= 1 and <= 3, $"Snapshots/Focused/{file} declares {members} kernels, pipelines, networks and gradients; a focused spec has 1 to 3 (split it)");
        }
    }

    /// <summary>The checks above see what they must: an orphan and a leftover in a scratch copy of the layout are named.</summary>
    [Fact]
    public void InventoryNamesFilesInSubfolders()
    {
        string directory = Directory.CreateTempSubdirectory("sparsedsl-inventory-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "Focused"));
            File.WriteAllText(Path.Combine(directory, "Kernels.verified.cs"), "");
            File.WriteAllText(Path.Combine(directory, "Focused", "Gone.verified.cs"), "");
            File.WriteAllText(Path.Combine(directory, "Focused", "Gone.received.cs"), "");
            Assert.Equal(["Focused/Gone", "Kernels"], NamesEndingIn(directory, ".verified.cs"));
            Assert.Equal(["Focused/Gone"], NamesEndingIn(directory, ".received.cs"));
            Assert.Contains("Focused/CsrMv", ExpectedBaselines());
            Assert.Contains("Kernels", ExpectedBaselines());
            Assert.DoesNotContain("Focused/Gone", ExpectedBaselines());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
