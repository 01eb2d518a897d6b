using System;
using System.Numerics;
using SparseDsl.Generated.Projections;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The classes and kernels generated from Specs/Projections.sparse: the rank-r Householder projector against
/// Q_r·Q_rᵀ formed from the chain's leading columns, the full chain and its transpose as inverses, and the checks
/// the generated constructor adds.
/// </summary>
public class ProjectionKernelTests
{
    private static DenseMatrix<T> Reflectors<T>(int seed, int k, int n) where T : unmanaged, INumberBase<T>
    {
        var random = new Random(seed);
        var m = new DenseMatrix<T>(k, n);
        for (int i = 0; i < m.Values.Length; i++) m.Values[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        return m;
    }

    [Fact]
    public void RankProjectorIsQrQrTransposedForVectorsAndBlocks()
    {
        var q = new Projections.Q(Reflectors<double>(1, 16, 512));
        Assert.Equal((512, 512, 10), (q.Rows, q.Columns, q.Projector.Rank));
        var basis = q.Chain.LeadingColumns(10);
        var random = new Random(2);
        var x = new double[512];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble();
        var coordinates = new double[10];
        for (int c = 0; c < 10; c++) for (int i = 0; i < 512; i++) coordinates[c] += basis[i, c] * x[i];
        var y = new double[512];
        Projections.Project(q, x, y);
        for (int i = 0; i < 512; i++)
        {
            double expected = 0;
            for (int c = 0; c < 10; c++) expected += basis[i, c] * coordinates[c];
            Assert.Equal(expected, y[i], 1e-12);
        }

        var block = new DenseMatrix<double>(512, 3);
        for (int i = 0; i < 512; i++) for (int c = 0; c < 3; c++) block[i, c] = c == 1 ? x[i] : random.NextDouble();
        var projected = new DenseMatrix<double>(512, 3);
        Projections.ProjectBlock(q, block, projected);
        for (int i = 0; i < 512; i++) Assert.Equal(y[i], projected[i, 1], 1e-12);
    }

    [Fact]
    public void ChainAndItsTransposeAreInverses()
    {
        var r = new Projections.Rotate(Reflectors<float>(3, 64, 64));
        var random = new Random(4);
        var x = new float[64];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var turned = new float[64];
        var back = new float[64];
        Projections.Turn(r, x, turned);
        Projections.TurnBack(r, turned, back);
        for (int i = 0; i < 64; i++) Assert.Equal(x[i], back[i], 1e-5f);
        Assert.NotEqual(x, turned);
    }

    [Fact]
    public void ConstructorRejectsReflectorsOfAnotherShape()
    {
        var error = Assert.Throws<ShapeMismatchException>(() => new Projections.Q(Reflectors<double>(5, 15, 512)));
        Assert.Contains("Q: the reflectors are 15 x 512 but the spec declares 16 x 512", error.Message);
        Assert.Throws<ArgumentNullException>(() => new Projections.Q(null!));
    }

    [Fact]
    public void RandomProjectionsAreTheRuntimesWithTheSpecsParameters()
    {
        var embed = new Projections.Embed();
        var reference = new SparseRandomProjection<float>(256, 100000, 7, RandomProjectionStorage.Hashed);
        Assert.Equal((256, 100000, RandomProjectionStorage.Hashed), (embed.Rows, embed.Columns, embed.Projection.Storage));
        var random = new Random(6);
        var x = new DenseMatrix<float>(100000, 2);
        for (int i = 0; i < 400; i++) x[random.Next(100000), random.Next(2)] = (float)random.NextDouble();
        var y = new DenseMatrix<float>(256, 2);
        var expected = new DenseMatrix<float>(256, 2);
        Projections.Compress(embed, x, y);
        reference.ApplyToBlock(x, expected);
        Assert.Equal(expected.Values, y.Values);

        // The small stored one against R formed from its entries, and its transpose.
        var sketch = new Projections.Sketch();
        Assert.Equal(0.05, sketch.Projection.Density);
        var v = new double[1000];
        for (int i = 0; i < v.Length; i++) v[i] = random.NextDouble() - 0.5;
        var measured = new double[64];
        Projections.Measure(sketch, v, measured);
        var w = new double[64];
        for (int i = 0; i < w.Length; i++) w[i] = random.NextDouble() - 0.5;
        var expanded = new double[1000];
        Projections.Expand(sketch, w, expanded);
        for (int r = 0; r < 64; r++)
        {
            double sum = 0;
            for (int c = 0; c < 1000; c++) sum += sketch.Projection.Entry(r, c) * v[c];
            Assert.Equal(sum, measured[r], 1e-12);
        }
        for (int c = 0; c < 1000; c++)
        {
            double sum = 0;
            for (int r = 0; r < 64; r++) sum += sketch.Projection.Entry(r, c) * w[r];
            Assert.Equal(sum, expanded[c], 1e-12);
        }
    }
}
