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

    [Fact]
    public void CollidingHintNamesAreDisambiguatedStably()
    {
        var all = new[] { SpecPaths.HintName("a b.sparse"), SpecPaths.HintName("a+b.sparse"), SpecPaths.HintName("c.sparse") }.ToEquatableArray();
        string first = SpecPaths.UniqueHintName("a b.sparse", all);
        string second = SpecPaths.UniqueHintName("a+b.sparse", all);
        Assert.NotEqual(first, second, System.StringComparer.OrdinalIgnoreCase);
        Assert.StartsWith("a_b.sparse.", first);
        Assert.EndsWith(".g.cs", first);
        Assert.Equal(first, SpecPaths.UniqueHintName("a b.sparse", all));
        Assert.Equal("c.sparse.g.cs", SpecPaths.UniqueHintName("c.sparse", all));
    }
}
