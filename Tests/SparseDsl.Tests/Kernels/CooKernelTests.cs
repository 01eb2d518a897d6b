using System.Collections.Generic;
using System.Linq;
using SparseDsl.Specs;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Kernels;

/// <summary>The COO kernel of Specs/CsrKernels.sparse (y = A * x + y) on shuffled triplets with split duplicates.</summary>
public class CooKernelTests
{
    public static IEnumerable<TheoryDataRow<int>> Cases() => Enumerable.Range(0, Adversarial().Count()).Select(i => new TheoryDataRow<int>(i));

    [Theory]
    [MemberData(nameof(Cases))]
    public void AccumulatesIntoY(int index)
    {
        var m = Adversarial().ElementAt(index);
        var a = m.ToCoo<double>(seed: index, splitDuplicates: true);
        CheckMatVec<double>(m, "CooAccumulate", (x, y) => CsrKernels.CooAccumulate(a, x, y), 1, 1);
    }

    [Fact]
    public void ShapeErrorsNameTheOperand()
    {
        var a = KernelTestData.Random(3, 2, 1, seed: 3).ToCoo<double>();
        var e = Assert.Throws<ShapeMismatchException>(() => CsrKernels.CooAccumulate(a, new double[2], new double[2]));
        Assert.Contains("CooAccumulate: y has length 2 but A has 3 rows", e.Message);
    }
}
