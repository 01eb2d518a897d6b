using SparseDsl.Generator.Emit;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>The name scope for generated locals: distinct names per method, shared by sibling blocks.</summary>
public class LocalScopeTests
{
    [Fact]
    public void TwoRequestsForTheSameNameGiveDistinctIdentifiers()
    {
        var scope = new LocalScope(new[] { "a", "x", "y" });
        Assert.Equal("sum", scope.Fresh("sum"));
        Assert.Equal("sum2", scope.Fresh("sum"));
        Assert.Equal("sum3", scope.Fresh("sum"));
        Assert.Equal("x2", scope.Fresh("x"));     // a parameter's name is taken
        Assert.Equal("sum", scope.Of("sum"));     // the first request's name, for the code that reads it
    }

    [Fact]
    public void SiblingBlocksReuseNamesButNotTheirParentsOnes()
    {
        var method = new LocalScope(new[] { "a" });
        Assert.Equal("values", method.Fresh("values"));
        var simd = method.Child();
        var scalar = method.Child();
        Assert.Equal("i", simd.Fresh("i"));
        Assert.Equal("i", scalar.Fresh("i"));
        Assert.Equal("values2", simd.Fresh("values"));
        Assert.Equal("values", scalar.Of("values"));
        // A second operator in the same method: its pinned arrays get their own names.
        Assert.Equal("values2", method.Fresh("values"));
    }

    [Fact]
    public void TwoCsrProductsInOneMethodGetDistinctLocals()
    {
        var kernel = TestIr.Kernel("Mv", SparseDsl.Language.IR.KernelAction.Apply, TestIr.Csr("F", SparseDsl.Language.IR.ScalarType.F64), "y = A * x");
        var scope = new LocalScope(new[] { "a", "x", "y", "start", "end" });
        var w = new SourceWriter();
        SparseDsl.Generator.Emit.Cpu.CsrFormatKernels.EmitCompressedDotScalar(w, kernel, scope, "rowPointers", "columnIndices", "values");
        SparseDsl.Generator.Emit.Cpu.CsrFormatKernels.EmitCompressedDotScalar(w, kernel, scope, "rowPointers2", "columnIndices2", "values2");
        string text = w.ToString();
        Assert.Contains("double sum = 0d;", text);
        Assert.Contains("double sum2 = 0d;", text);
        Assert.Contains("for (int i2 = start; i2 < end; i2++)", text);
        Assert.Contains("sum2 += values2[j2] * x[columnIndices2[j2]];", text);
    }
}
