using System;
using System.IO;
using Xunit;

namespace SparseDsl.Tests.Verification;

/// <summary>The snapshot helper itself: it passes on equal text, fails with a located diff otherwise, and writes .received.cs.</summary>
public class SnapshotHelperTests
{
    [Fact]
    public void DiffNamesChangedLinesWithNumbers()
    {
        string diff = Snapshot.UnifiedDiff("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
        Assert.Contains("-     2 | b", diff);
        Assert.Contains("+     2 | B", diff);
        Assert.Contains("+     5 | e", diff);
        Assert.DoesNotContain("| d\n-", diff);
    }

    /// <summary>
    /// In a temporary folder, so it runs (and can fail) under SPARSEDSL_ACCEPT=1 as well, and its .received.cs never
    /// appears in Snapshots/ where <see cref="SnapshotInventoryTests"/> looks for leftovers.
    /// </summary>
    [Fact]
    public void MismatchFailsAndWritesReceivedFile()
    {
        string directory = Directory.CreateTempSubdirectory("sparsedsl-snapshot-").FullName;
        try
        {
            string name = "Sub/SelfTest";
            string verified = Path.Combine(directory, "Sub", "SelfTest.verified.cs");
            string received = Path.Combine(directory, "Sub", "SelfTest.received.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, "// baseline\r\nline\n");

            Snapshot.Verify(directory, name, "// baseline\nline\n", accept: false); // equal up to line endings: passes
            Assert.False(File.Exists(received));

            var failure = Assert.ThrowsAny<Exception>(() => Snapshot.Verify(directory, name, "// changed\nline\n", accept: false));
            Assert.Contains("SPARSEDSL_ACCEPT=1", failure.Message);
            Assert.Contains("+     1 | // changed", failure.Message);
            Assert.Equal("// changed\nline\n", File.ReadAllText(received));
            Assert.Equal("// baseline\r\nline\n", File.ReadAllText(verified)); // a failure never touches the baseline

            Snapshot.Verify(directory, name, "// baseline\nline\n", accept: false); // a later match removes the stale .received.cs
            Assert.False(File.Exists(received));

            var missing = Assert.ThrowsAny<Exception>(() => Snapshot.Verify(directory, "Missing", "text\n", accept: false));
            Assert.Contains("No baseline", missing.Message);
            Assert.True(File.Exists(Path.Combine(directory, "Missing.received.cs")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AcceptingOverwritesTheBaselineAndRemovesTheReceivedFile()
    {
        string directory = Directory.CreateTempSubdirectory("sparsedsl-snapshot-").FullName;
        try
        {
            string verified = Path.Combine(directory, "Accepted.verified.cs");
            string received = Path.Combine(directory, "Accepted.received.cs");
            File.WriteAllText(verified, "old\n");
            File.WriteAllText(received, "stale\n");
            Snapshot.Verify(directory, "Accepted", "new\r\n", accept: true);
            Assert.Equal("new\n", File.ReadAllText(verified));
            Assert.False(File.Exists(received));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void BaselinesAreFoundInTheRepositorysSnapshotsFolder()
    {
        string directory = Snapshot.Directory();
        Assert.EndsWith(Path.DirectorySeparatorChar + "Snapshots", directory);
        Assert.True(File.Exists(Path.Combine(directory, "Kernels.verified.cs")), $"{directory} holds the corpus baselines");
    }
}
