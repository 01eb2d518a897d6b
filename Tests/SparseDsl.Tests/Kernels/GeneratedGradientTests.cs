using System;
using System.Linq;
using SparseDsl.Generated.Operators;
using SparseDsl.Generated.Projections;
using SparseDsl.Tests.Verification;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The methods generated for <c>gradient</c> declarations (Specs/Operators.sparse, Specs/Projections.sparse) against
/// independent references: the product formed and perturbed (f is linear in every parameter, so a unit step gives
/// the derivative exactly), the closed forms written as naive loops, and central differences for the reflectors.
/// </summary>
public class GeneratedGradientTests
{
    private static double[] RandomVector(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();

    private static DenseMatrix<double> RandomMatrix(Random random, int rows, int columns, DenseLayout layout = DenseLayout.RowMajor)
    {
        var m = new DenseMatrix<double>(rows, columns, layout);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = random.NextDouble() - 0.5;
        return m;
    }

    private static double Bilinear(double[,] formed, double[] g, double[] x)
    {
        double f = 0;
        for (int i = 0; i < g.Length; i++) for (int j = 0; j < x.Length; j++) f += g[i] * formed[i, j] * x[j];
        return f;
    }

    [Fact]
    public void KroneckerGradientIsTheDerivativeOfTheFormedProductPerFactorAndInput()
    {
        var random = new Random(41);
        var ax = RandomMatrix(random, 4, 4);
        var ay = RandomMatrix(random, 3, 5, DenseLayout.ColumnMajor);
        var grid = new Operators.Grid(ax, ay);
        var x = RandomVector(random, grid.Columns);
        var g = RandomVector(random, grid.Rows);
        var gradientAx = new double[16];
        var gradientAy = new double[15];
        var gradientInput = new double[grid.Columns];

        double f = Operators.GridGrad(grid, x, g, gradientAx, gradientAy, gradientInput);

        var formed = KroneckerReference.Formed(ax, ay);
        Assert.Equal(Bilinear(formed, g, x), f, 1e-12);
        foreach (var (factor, gradient) in new[] { (ax, gradientAx), (ay, gradientAy) })
        {
            for (int r = 0; r < factor.Rows; r++)
            {
                for (int c = 0; c < factor.Columns; c++)
                {
                    double saved = factor[r, c];
                    factor[r, c] = saved + 1;
                    double derivative = Bilinear(KroneckerReference.Formed(ax, ay), g, x) - f;
                    factor[r, c] = saved;
                    Assert.Equal(derivative, gradient[r * factor.Columns + c], 1e-12);
                }
            }
        }
        for (int j = 0; j < x.Length; j++)
        {
            double expected = 0;
            for (int i = 0; i < g.Length; i++) expected += formed[i, j] * g[i];
            Assert.Equal(expected, gradientInput[j], 1e-12);
        }
    }

    [Fact]
    public void LowRankPlusSparseGradientsAreTheClosedFormsAndInputOnlyAgreesOnF()
    {
        var random = new Random(42);
        var b = new DenseMatrix<float>(1024, 32);
        var a = new DenseMatrix<float>(32, 1024);
        for (int i = 0; i < b.Values.Length; i++) b.Values[i] = (float)(random.NextDouble() - 0.5);
        for (int i = 0; i < a.Values.Length; i++) a.Values[i] = (float)(random.NextDouble() - 0.5);
        var w = new Operators.Adapted(b, a);
        var s = w.Operator.S;
        var values = s.Values;
        for (int p = 0; p < values.Length; p++) values[p] = (float)(random.NextDouble() - 0.5);
        var x = RandomVector(random, 1024).Select(v => (float)v).ToArray();
        var g = RandomVector(random, 1024).Select(v => (float)v).ToArray();
        var gradientB = new DenseMatrix<float>(1024, 32);
        var gradientA = new DenseMatrix<float>(32, 1024);
        var gradientValues = new float[s.NonZeroCount];

        float f = Operators.AdaptedGrad(w, x, g, gradientB, gradientA, gradientValues);

        var ax = new double[32];
        var btg = new double[32];
        for (int k = 0; k < 32; k++) for (int j = 0; j < 1024; j++) ax[k] += a[k, j] * (double)x[j];
        for (int k = 0; k < 32; k++) for (int i = 0; i < 1024; i++) btg[k] += b[i, k] * (double)g[i];
        for (int i = 0; i < 1024; i += 97) for (int k = 0; k < 32; k++) Assert.Equal(g[i] * ax[k], gradientB[i, k], 1e-4);
        for (int k = 0; k < 32; k++) for (int j = 0; j < 1024; j += 89) Assert.Equal(btg[k] * x[j], gradientA[k, j], 1e-4);
        var pointers = s.ColumnPointers;
        var rows = s.RowIndices;
        for (int j = 0; j < 1024; j++)
            for (int p = pointers[j]; p < pointers[j + 1]; p++) Assert.Equal(g[rows[p]] * x[j], gradientValues[p], 1e-6f);

        var gradientInput = new float[1024];
        float fromInput = Operators.AdaptedInput(w, x, g, gradientInput);
        Assert.Equal(f, fromInput, Math.Abs(f) * 1e-4 + 1e-3);
        var reference = new float[1024];
        w.ApplyTransposed(g, reference);
        Assert.Equal(reference, gradientInput);
    }

    [Fact]
    public void CsrGradientIsSddmmOnThePatternAndTheTransposedProduct()
    {
        var random = new Random(43);
        var dense = new DenseMatrix<double>(6, 5);
        for (int r = 0; r < 6; r++) for (int c = 0; c < 5; c++) if (random.Next(3) == 0) dense[r, c] = random.NextDouble() - 0.5;
        var a = dense.ToCsr();
        var x = RandomVector(random, 5);
        var g = RandomVector(random, 6);
        var gradientValues = new double[a.NonZeroCount];
        var gradientInput = new double[5];

        double f = Operators.CsrGrad(a, x, g, gradientValues, gradientInput);

        double expectedF = 0;
        for (int r = 0; r < 6; r++) for (int c = 0; c < 5; c++) expectedF += g[r] * dense[r, c] * x[c];
        Assert.Equal(expectedF, f, 1e-14);
        for (int r = 0; r < 6; r++)
            for (int p = a.RowPointers[r]; p < a.RowPointers[r + 1]; p++) Assert.Equal(g[r] * x[a.ColumnIndices[p]], gradientValues[p], 1e-15);
        for (int c = 0; c < 5; c++)
        {
            double expected = 0;
            for (int r = 0; r < 6; r++) expected += dense[r, c] * g[r];
            Assert.Equal(expected, gradientInput[c], 1e-14);
        }
        Assert.Throws<ShapeMismatchException>(() => Operators.CsrGrad(a, x, g, new double[a.NonZeroCount + 1], gradientInput));
    }

    [Fact]
    public void ReflectorGradientMatchesCentralDifferencesAndInputIsTheTransposedChain()
    {
        var random = new Random(44);
        var reflectors = new DenseMatrix<float>(64, 64);
        for (int i = 0; i < reflectors.Values.Length; i++) reflectors.Values[i] = (float)(random.NextDouble() - 0.5);
        var c = new DenseMatrix<float>(64, 2);
        var gm = new DenseMatrix<float>(64, 2);
        for (int i = 0; i < c.Values.Length; i++) { c.Values[i] = (float)(random.NextDouble() - 0.5); gm.Values[i] = (float)(random.NextDouble() - 0.5); }
        var gradient = new float[64 * 64];
        var gradientInput = new DenseMatrix<float>(64, 2);

        float f = Projections.RotateGrad(new Projections.Rotate(reflectors), c, gm, gradient, gradientInput);

        // f = ⟨G, Q·C⟩ in double from the chain applied column by column.
        double Value(DenseMatrix<float> v)
        {
            var chain = new HouseholderChain<double>(ToDouble(v));
            double total = 0;
            var column = new double[64];
            var turned = new double[64];
            for (int j = 0; j < 2; j++)
            {
                for (int i = 0; i < 64; i++) column[i] = c[i, j];
                chain.Apply(column, turned);
                for (int i = 0; i < 64; i++) total += gm[i, j] * turned[i];
            }
            return total;
        }
        Assert.Equal(Value(reflectors), f, 1e-4);
        foreach (var (i, j) in new[] { (0, 0), (5, 17), (63, 63), (31, 2) })
        {
            float saved = reflectors[i, j];
            const float h = 1e-2f;
            reflectors[i, j] = saved + h;
            double plus = Value(reflectors);
            reflectors[i, j] = saved - h;
            double minus = Value(reflectors);
            reflectors[i, j] = saved;
            Assert.Equal((plus - minus) / (2 * h), gradient[i * 64 + j], 2e-3);
        }
        // ⟨QᵀG, C⟩ = ⟨G, QC⟩ = f, and QᵀG from the runtime's transposed chain.
        var expected = new DenseMatrix<float>(64, 2);
        new HouseholderChain<float>(reflectors).ApplyTransposedToBlock(gm, expected);
        Assert.Equal(expected.Values, gradientInput.Values);
    }

    private static DenseMatrix<double> ToDouble(DenseMatrix<float> m)
    {
        var result = new DenseMatrix<double>(m.Rows, m.Columns);
        for (int r = 0; r < m.Rows; r++) for (int c = 0; c < m.Columns; c++) result[r, c] = m[r, c];
        return result;
    }
}
