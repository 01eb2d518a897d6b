using SparseDsl.Generator;
using SparseDsl.Language.Common;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>Project-relative paths and hint names: stable, readable, unique.</summary>
public class SpecPathTests
{
    [Theory]
    [InlineData("/p/Specs/Kernels.sparse", "/p/", "Specs/Kernels.sparse")]
    [InlineData("/p/Specs/Kernels.sparse", "/p", "Specs/Kernels.sparse")]
    [InlineData(@"C:\p\Specs\Kernels.sparse", @"C:\p\", "Specs/Kernels.sparse")]
    [InlineData("/elsewhere/Kernels.sparse", "/p/", "Kernels.sparse")]
    [InlineData("/p/Specs/Kernels.sparse", null, "Kernels.sparse")]
    public void RelativePath(string path, string? projectDirectory, string expected)
        => Assert.Equal(expected, SpecPaths.Relative(path, projectDirectory));

    [Theory]
    [InlineData("Specs/Kernels.sparse", "Specs.Kernels.sparse.g.cs")]
    [InlineData("../../Specs/CsrKernels.sparse", "Specs.CsrKernels.sparse.g.cs")]
    [InlineData("my specs/a+b.sparse", "my_specs.a_b.sparse.g.cs")]
    [InlineData("Kernels.sparse", "Kernels.sparse.g.cs")]
    public void HintName(string relativePath, string expected)
        => Assert.Equal(expected, SpecPaths.HintName(relativePath));

    private static System.Collections.Generic.Dictionary<string, string> Hints(params (string FilePath, string RelativePath)[] files)
        => System.Linq.Enumerable.ToDictionary(SpecPaths.UniqueHintNames(System.Linq.Enumerable.Select(files, f => new SpecFile(f.FilePath, f.RelativePath))), h => h.FilePath, h => h.HintName);

    [Fact]
    public void CollidingHintNamesAreDisambiguatedStably()
    {
        var hints = Hints(("/p/a b.sparse", "a b.sparse"), ("/p/a+b.sparse", "a+b.sparse"), ("/p/c.sparse", "c.sparse"));
        string first = hints["/p/a b.sparse"], second = hints["/p/a+b.sparse"];
        Assert.NotEqual(first, second, System.StringComparer.OrdinalIgnoreCase);
        Assert.StartsWith("a_b.sparse.", first);
        Assert.EndsWith(".g.cs", first);
        Assert.Equal("c.sparse.g.cs", hints["/p/c.sparse"]);
        // The same files elsewhere on another machine get the same names.
        var moved = Hints(("/home/ci/x/a b.sparse", "a b.sparse"), ("/home/ci/x/a+b.sparse", "a+b.sparse"), ("/home/ci/x/c.sparse", "c.sparse"));
        Assert.Equal(first, moved["/home/ci/x/a b.sparse"]);
        Assert.Equal(second, moved["/home/ci/x/a+b.sparse"]);
    }

    [Fact]
    public void SameNamedSpecsInDifferentFoldersAreNamedByTheirFolders()
    {
        // Linked files outside the project directory (relative path = file name), or no project directory at all.
        var hints = Hints(("/repo/shared/Kernels.sparse", "Kernels.sparse"), ("/repo/other/Kernels.sparse", "Kernels.sparse"), ("/repo/app/Specs/Kernels.sparse", "Specs/Kernels.sparse"));
        Assert.Equal("shared.Kernels.sparse.g.cs", hints["/repo/shared/Kernels.sparse"]);
        Assert.Equal("other.Kernels.sparse.g.cs", hints["/repo/other/Kernels.sparse"]);
        Assert.Equal("Specs.Kernels.sparse.g.cs", hints["/repo/app/Specs/Kernels.sparse"]);
        var windows = Hints((@"D:\w\shared\Kernels.sparse", "Kernels.sparse"), (@"D:\w\other\Kernels.sparse", "Kernels.sparse"));
        Assert.Equal("shared.Kernels.sparse.g.cs", windows[@"D:\w\shared\Kernels.sparse"]);
    }
}
