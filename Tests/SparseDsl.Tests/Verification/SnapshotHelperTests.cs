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

    [Fact]
    public void MismatchFailsAndWritesReceivedFile()
    {
        if (Snapshot.AcceptChanges) return; // accepting would overwrite instead of failing
        string name = "SnapshotHelperSelfTest";
        string verified = Path.Combine(Snapshot.Directory(), name + ".verified.cs");
        string received = Path.Combine(Snapshot.Directory(), name + ".received.cs");
        Assert.True(File.Exists(verified), "the self-test baseline is part of the repository");
        Snapshot.Verify(name, File.ReadAllText(verified)); // equal: passes
        var failure = Assert.ThrowsAny<Exception>(() => Snapshot.Verify(name, "// changed\n"));
        Assert.Contains("SPARSEDSL_ACCEPT=1", failure.Message);
        Assert.True(File.Exists(received));
        File.Delete(received);
    }
}
