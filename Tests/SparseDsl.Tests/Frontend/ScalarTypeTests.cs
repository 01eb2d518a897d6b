using System;
using System.Linq;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.IR;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>The scalar-type table and its one C# mapping: nothing may silently become <c>double</c>.</summary>
public class ScalarTypeTests
{
    [Fact]
    public void TableHasOneRowPerTypeInEnumOrder()
    {
        Assert.Equal(Enum.GetValues<ScalarType>(), ScalarTypes.All.Select(t => t.Type));
        Assert.Equal(new[] { "f32", "f64", "c64", "c128" }, ScalarTypes.All.Select(t => t.Spelling));
        Assert.Equal(new[] { 4, 8, 8, 16 }, ScalarTypes.All.Select(t => t.SizeInBytes));
        Assert.Equal(new[] { false, false, true, true }, ScalarTypes.All.Select(t => t.IsComplex));
        Assert.Equal("f64 (64-bit floating point)", ScalarType.F64.Description());
        Assert.Equal("f32, f64, c64 or c128", ScalarTypes.Spellings);
        Assert.Null(ScalarTypes.Parse("f16"));
    }

    [Fact]
    public void CSharpNamesComeFromOnePlaceAndC64Throws()
    {
        Assert.Equal("float", ScalarTypeNames.CSharpName(ScalarType.F32));
        Assert.Equal("double", ScalarTypeNames.CSharpName(ScalarType.F64));
        Assert.Equal("global::System.Numerics.Complex", ScalarTypeNames.CSharpName(ScalarType.C128));
        Assert.Throws<NotSupportedException>(() => ScalarTypeNames.CSharpName(ScalarType.C64));
        Assert.Equal("new global::System.Numerics.Complex(2.5d, 0d)", KernelTerms.Literal(ScalarType.C128, 2.5));
        Assert.Throws<NotSupportedException>(() => KernelTerms.Literal(ScalarType.C64, 1.0));
        Assert.Throws<NotSupportedException>(() => ScalarTypeNames.LaneBits(ScalarType.C128));
    }

    [Theory]
    [InlineData("c64")]
    [InlineData("c128")]
    public void ComplexElementTypesAreRejectedWhereWritten(string spelling)
    {
        var result = SpecCompiler.Compile("c.sparse", $"format C = csr<{spelling}>;\nkernel K(A: C) : y = A * x;");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SPD113", diagnostic.Code);
        Assert.Equal((1, 16), (diagnostic.Span.Line, diagnostic.Span.Column));
        Assert.Empty(result.Ir!.Kernels);
    }
}
