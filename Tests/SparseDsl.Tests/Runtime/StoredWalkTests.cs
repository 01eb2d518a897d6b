using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>The one walk per storage type (<see cref="IStoredMatrix{T}.ForEachStored"/>), the generic reference
/// kernels over it, and complex element types (no ordering needed).</summary>
public class StoredWalkTests
{
    private struct Collect : IStoredEntryVisitor<double>
    {
        public List<(int, int, double)> Entries;
        public void Visit(int row, int column, double value) => Entries.Add((row, column, value));
    }

    private static List<(int, int, double)> Walk(IStoredMatrix<double> m)
    {
        var c = new Collect { Entries = new() };
        m.ForEachStored(ref c);
        return c.Entries;
    }

    private static readonly CsrMatrix<double> Sample = new(3, 4, [0, 2, 2, 4], [0, 3, 1, 2], [1.0, 0.0, 5.0, -2.0]);

    [Fact]
    public void CompressedFormatsVisitExplicitZerosPaddedFormatsSkipThem()
    {
        (int, int, double)[] all = [(0, 0, 1.0), (0, 3, 0.0), (2, 1, 5.0), (2, 2, -2.0)];
        (int, int, double)[] nonzero = [(0, 0, 1.0), (2, 1, 5.0), (2, 2, -2.0)];
        Assert.Equal(all, Walk(Sample));
        Assert.Equal(all, Walk(Sample.ToCoo()));
        Assert.Equal(all.OrderBy(e => e.Item2).ToArray(), Walk(Sample.ToCsc()));
        Assert.Equal(12, Walk(Sample.ToDense()).Count);   // dense: every element, zeros included
        Assert.Equal(nonzero, Walk(BsrMatrix<double>.FromCsr(Sample, 2, 2)).OrderBy(e => e).ToArray());
        Assert.Equal(nonzero, Walk(NmMatrix<double>.FromCsr(Sample, 2, 4)).OrderBy(e => e).ToArray());
        Assert.Equal(nonzero, Walk(SellMatrix<double>.FromCsr(Sample, 2, 2)).OrderBy(e => e).ToArray());
        Assert.Equal(nonzero, Walk(DiaMatrix<double>.FromCsr(Sample)).OrderBy(e => e).ToArray());
        Assert.Equal(all, Walk(CsrMatrix64<double>.FromCsr(Sample)));
    }

    [Fact]
    public void ToCsrOfEveryFormatIsBuiltFromItsWalk()
    {
        IStoredMatrix<double>[] formats = [Sample.ToCoo(), Sample.ToCsc(), Sample.ToDense(), BsrMatrix<double>.FromCsr(Sample, 2, 3), NmMatrix<double>.FromCsr(Sample, 2, 4), SellMatrix<double>.FromCsr(Sample, 2, 2), DiaMatrix<double>.FromCsr(Sample)];
        foreach (var f in formats)
        {
            CsrMatrix<double> csr = f switch
            {
                CooMatrix<double> m => m.ToCsr(), CscMatrix<double> m => m.ToCsr(), DenseMatrix<double> m => m.ToCsr(),
                BsrMatrix<double> m => m.ToCsr(), NmMatrix<double> m => m.ToCsr(), SellMatrix<double> m => m.ToCsr(),
                DiaMatrix<double> m => m.ToCsr(), _ => throw new InvalidOperationException(),
            };
            var expected = Walk(f).Where(e => f is CooMatrix<double> or CscMatrix<double> || e.Item3 != 0).OrderBy(e => e.Item1).ThenBy(e => e.Item2).ToArray();
            Assert.Equal(expected, Walk(csr));
        }
        // COO duplicates add up; the CSR is sorted
        var coo = new CooMatrix<double>(2, 3, [1, 0, 1, 1], [2, 1, 0, 2], [1.0, 2.0, 3.0, 4.0]);
        Assert.Equal([(0, 1, 2.0), (1, 0, 3.0), (1, 2, 5.0)], Walk(coo.ToCsr()));
        Assert.Equal(5.0, coo.ToDense()[1, 2]);
    }

    [Fact]
    public void ComplexCsrMatVecMatchesAHandComputedProduct()
    {
        // A = [[1+i, 0], [2, 3i]], x = [1, i]
        var a = new CsrMatrix<Complex>(2, 2, [0, 1, 3], [0, 0, 1], [new Complex(1, 1), new Complex(2, 0), new Complex(0, 3)]);
        Complex[] x = [Complex.One, Complex.ImaginaryOne];
        var y = new Complex[2];
        ReferenceKernels.MatVec(a, x, y, Complex.One, Complex.Zero);
        Assert.Equal([new Complex(1, 1), new Complex(-1, 0)], y);          // (1+i)*1; 2*1 + 3i*i
        ReferenceKernels.MatVecTransposed(a, x, y, Complex.One, Complex.Zero);
        Assert.Equal([new Complex(1, 3), new Complex(-3, 0)], y);          // (1+i)*1 + 2*i; 3i*i (transpose, not adjoint)
        // alpha = i, beta = 2: y = i * A x + 2 y
        Complex[] y0 = [new Complex(1, 0), new Complex(0, 1)];
        ReferenceKernels.MatVec(a, x, y0, Complex.ImaginaryOne, new Complex(2, 0));
        Assert.Equal([new Complex(1, 0) * 2 + Complex.ImaginaryOne * new Complex(1, 1), new Complex(0, 2) + Complex.ImaginaryOne * -1], y0);
    }

    [Fact]
    public void ComplexValuesGoThroughEveryConversion()
    {
        var a = new CsrMatrix<Complex>(2, 4, [0, 2, 3], [0, 1, 3], [new Complex(3, 4), new Complex(4, 0), new Complex(0, -1)]);
        Assert.Equal(a.ToDense().Values, BsrMatrix<Complex>.FromCsr(a, 2, 2).ToCsr().ToDense().Values.AsSpan(0, 8).ToArray());
        Assert.Equal(a.ToDense().Values, SellMatrix<Complex>.FromCsr(a, 2, 1).ToDense().Values);
        Assert.Equal(a.ToDense().Values, DiaMatrix<Complex>.FromCsr(a).ToDense().Values);
        Assert.Equal(a.ToDense().Values, a.ToCsc().ToCsr().ToDense().Values);
        // N:M pruning keeps the larger modulus: |3+4i| = 5 beats |4| = 4
        var pruned = NmMatrix<Complex>.PruneDense(a.ToDense(), 1, 2);
        Assert.Equal(new Complex(3, 4), pruned.ToDense()[0, 0]);
        Assert.Equal(Complex.Zero, pruned.ToDense()[0, 1]);
        var y = new DenseMatrix<Complex>(2, 1);
        ReferenceKernels.MatMat(a, new DenseMatrix<Complex>(4, 1, [Complex.One, Complex.One, Complex.One, Complex.ImaginaryOne]), y, Complex.One, Complex.Zero);
        Assert.Equal([new Complex(7, 4), new Complex(1, 0)], y.Values);
    }

    [Fact]
    public void GeneratedStyleCallsInferTForEveryStorageType()
    {
        // What the generator's SPD200 fallback writes: ReferenceKernels.Op(a, x, y, alpha, beta) with a concrete storage type.
        string[] types = ["DenseMatrix", "CsrMatrix", "CsrMatrix64", "CscMatrix", "CooMatrix", "BsrMatrix", "NmMatrix", "SellMatrix", "DiaMatrix"];
        var body = new System.Text.StringBuilder();
        foreach (string t in types)
            foreach (var (e, one) in new[] { ("float", "1f"), ("double", "1d") })
                body.AppendLine($$"""
                    public static void {{t}}{{e}}(global::SparseDsl.{{t}}<{{e}}> a, global::System.ReadOnlySpan<{{e}}> x, global::System.Span<{{e}}> y, global::SparseDsl.DenseMatrix<{{e}}> X, global::SparseDsl.DenseMatrix<{{e}}> Y, {{e}} alpha)
                    {
                        global::SparseDsl.ReferenceKernels.MatVec(a, x, y, {{one}}, 0);
                        global::SparseDsl.ReferenceKernels.MatVecTransposed(a, x, y, alpha, {{one}});
                        global::SparseDsl.ReferenceKernels.MatMat(a, X, Y, alpha, alpha);
                    }
                    """);
        string source = "namespace Calls; public static class C {\n" + body + "}\n";
        Assert.Empty(GeneratorHarness.CompileDiagnostics(source));
    }
}
