using System;
using System.IO;
using System.Linq;

namespace SparseDsl.Tests.Frontend;

/// <summary>Finds the Specs/ corpus: copied beside the test binaries, or in the repository when run from source.</summary>
internal static class SpecFiles
{
    public static string SpecsDirectory { get; } = Locate();

    public static string[] ValidSpecs => Directory.GetFiles(SpecsDirectory, "*.sparse").OrderBy(p => p, StringComparer.Ordinal).ToArray();

    public static string[] ErrorSpecs => Directory.GetFiles(Path.Combine(SpecsDirectory, "errors"), "*.sparse").OrderBy(p => p, StringComparer.Ordinal).ToArray();

    private static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Specs");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Specs");
            if (File.Exists(Path.Combine(dir.FullName, "SparseDsl.sln")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("Specs/ not found beside the test binaries or above them");
    }
}
