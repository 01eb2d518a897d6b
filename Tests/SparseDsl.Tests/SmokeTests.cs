using Xunit;

namespace SparseDsl.Tests;

public class SmokeTests
{
    [Fact]
    public void CsrShellHoldsItsArrays()
    {
        var a = new CsrMatrix<double>(1, 1, new[] { 0, 1 }, new[] { 0 }, new[] { 2.0 });
        Assert.Equal(1, a.NonZeroCount);
    }
}
