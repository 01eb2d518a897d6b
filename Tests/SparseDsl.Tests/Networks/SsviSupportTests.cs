using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SparseDsl.Tests.Networks;

/// <summary>
/// The SSVI formulas against Monte Carlo and hand values, and the support update: exact density, N:M groups and
/// whole blocks preserved, the lowest scores dropped, the largest |∂L/∂μ| grown, fresh weights at μ = 0 and the mean ρ.
/// </summary>
public class SsviSupportTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.3, 0.2)]
    [InlineData(-1.5, 0.7)]
    [InlineData(0.01, 0.05)]
    public void ExpectedAbsAndDropScoreMatchMonteCarlo(double mu, double sigma)
    {
        var random = new Random(12345);
        const int n = 400_000;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double theta = mu + sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            sum += Math.Abs(theta);
            sumSquares += theta * theta;
        }
        double mean = sum / n, sd = Math.Sqrt(sumSquares / n - mean * mean);
        double expected = Ssvi.ExpectedAbs(mu, sigma);
        Assert.True(Math.Abs(expected - mean) <= 5 * sd / Math.Sqrt(n), $"E|θ| {expected} vs Monte Carlo {mean}");
        Assert.Equal(mean / sd, Ssvi.DropScore(mu, sigma), 0.02 * (mean / sd) + 1e-3);
    }

    [Fact]
    public void FormulasMatchHandValues()
    {
        Assert.Equal(Math.Sqrt(2 / Math.PI), Ssvi.ExpectedAbs(0, 1), 1e-12);          // half-normal mean
        Assert.Equal(3.0, Ssvi.ExpectedAbs(3, 1e-6), 1e-9);                           // far from 0: |μ|
        Assert.Equal(Math.Log(2) + (1 + 4) / 8.0 - 0.5, Ssvi.GaussianKl(2, 1, 2), 1e-12);
        Assert.Equal(0, Ssvi.GaussianKl(0, 0.005, 0.005), 1e-12);
        Assert.Equal(0.3, Ssvi.DropFractionAt(0.3, 0, 100), 1e-12);
        Assert.Equal(0.15, Ssvi.DropFractionAt(0.3, 50, 100), 1e-12);
        Assert.Equal(0, Ssvi.DropFractionAt(0.3, 100, 100), 1e-12);
        foreach (double sigma in new[] { 1e-4, 6e-4, 0.01, 0.5, 3.0, 25.0 })
        {
            float rho = (float)Ssvi.InverseSoftplus(sigma);
            float back = Ssvi.Softplus(rho, out float sigmoid);
            Assert.Equal(sigma, back, sigma * 1e-5);
            Assert.Equal(1 / (1 + Math.Exp(-rho)), sigmoid, 1e-6);
        }
    }

    public static TheoryData<string> Supports => new() { "unstructured", "nm", "block" };

    private static BayesMlpArchitecture Architecture(string support) => support switch
    {
        "unstructured" => new BayesMlpArchitecture(new[] { 16, 12, 8, 4 }, WeightSupport.Unstructured, 0.3),
        "nm" => new BayesMlpArchitecture(new[] { 16, 12, 8, 4 }, WeightSupport.NM, 0.5),
        _ => new BayesMlpArchitecture(new[] { 16, 12, 8, 4 }, WeightSupport.Block, 0.25, BlockRows: 2, BlockColumns: 4),
    };

    [Theory]
    [MemberData(nameof(Supports))]
    public void UpdatesKeepTheDensityAndStructureAndFollowTheScores(string support)
    {
        var arch = Architecture(support);
        var net = new BayesianMlp(arch, seed: 21);
        long active = net.ActiveWeights;
        Assert.Equal(Enumerable.Range(0, arch.LayerCount).Sum(l => (long)arch.ActiveWeights(l)), active);
        for (int round = 0; round < 5; round++)
        {
            // Fresh μ and ρ each round: a weight grown last round (μ = 0, the mean ρ) that is dropped and grown again
            // would otherwise be indistinguishable from one kept.
            NetworkTestData.WidenSigmas(net, seed: 50 + round, lo: -6, hi: -1);
            var random = new Random(round);
            for (int l = 0; l < net.LayerCount; l++)
                foreach (ref float mu in net.Means(l)) mu = (float)(random.NextDouble() - 0.5);
            var (x, y) = NetworkTestData.Batch(100 + round, 23, arch.Layers[0], arch.Layers[^1]);
            net.ComputeGradients(x, y, sample: true, seed: round);
            var before = Enumerable.Range(0, net.LayerCount).Select(l => Snapshot(net, l)).ToArray();
            var dense = Enumerable.Range(0, net.LayerCount).Select(l =>
            {
                var g = new float[arch.Layers[l] * arch.Layers[l + 1]];
                net.DenseMeanGradient(l, g);
                return g;
            }).ToArray();
            int replaced = net.UpdateSupport(0.3);
            Assert.True(replaced > 0);
            Assert.Equal(active, net.ActiveWeights);
            int expectedReplaced = 0;
            for (int l = 0; l < net.LayerCount; l++)
            {
                int inputs = arch.Layers[l], outputs = arch.Layers[l + 1];
                var after = Snapshot(net, l);
                Assert.Equal(arch.ActiveWeights(l), after.Count);
                CheckStructure(arch, l, after.Keys);
                var kept = after.Keys.Where(p => before[l].ContainsKey(p) && after[p].Mu == before[l][p].Mu && after[p].Rho == before[l][p].Rho).ToHashSet();
                var fresh = after.Keys.Where(p => !kept.Contains(p)).ToList();
                var dropped = before[l].Keys.Where(p => !kept.Contains(p)).ToList();
                Assert.Equal(dropped.Count, fresh.Count);
                double meanRho = kept.Average(p => (double)after[p].Rho);
                foreach (int p in fresh)
                {
                    Assert.Equal(0f, after[p].Mu);
                    Assert.Equal(meanRho, after[p].Rho, 1e-5);
                }
                int unit = support == "block" ? arch.BlockRows * arch.BlockColumns : 1;
                Assert.Equal((int)(arch.ActiveWeights(l) / unit * 0.3) * unit, dropped.Count);
                expectedReplaced += dropped.Count;
                if (support == "unstructured")
                {
                    // Every dropped weight scores at most every kept one; every grown one has |g| at least every non-kept, non-grown one.
                    double maxDropped = dropped.Max(p => Score(before[l][p]));
                    Assert.True(kept.All(p => Score(before[l][p]) >= maxDropped * (1 - 1e-5) - 1e-6));
                    float minGrown = fresh.Min(p => Math.Abs(dense[l][p]));
                    for (int p = 0; p < inputs * outputs; p++)
                        if (!after.ContainsKey(p)) Assert.True(Math.Abs(dense[l][p]) <= minGrown, $"position {p} has a larger gradient than a grown weight");
                }
            }
            Assert.Equal(expectedReplaced, replaced);
        }
    }

    private static double Score((float Mu, float Rho) w) => Ssvi.DropScore(w.Mu, Ssvi.Softplus(w.Rho, out _));

    private static Dictionary<int, (float Mu, float Rho)> Snapshot(BayesianMlp net, int layer)
    {
        int inputs = net.Architecture.Layers[layer];
        var rows = net.RowStarts(layer);
        var columns = net.Columns(layer);
        var result = new Dictionary<int, (float, float)>();
        for (int o = 0; o + 1 < rows.Length; o++)
            for (int k = rows[o]; k < rows[o + 1]; k++)
            {
                if (k > rows[o]) Assert.True(columns[k] > columns[k - 1], "columns sorted within a row");
                result.Add(o * inputs + columns[k], (net.Means(layer)[k], net.Rhos(layer)[k]));
            }
        return result;
    }

    private static void CheckStructure(BayesMlpArchitecture arch, int layer, IEnumerable<int> positions)
    {
        int inputs = arch.Layers[layer], outputs = arch.Layers[layer + 1];
        var set = positions.ToHashSet();
        if (arch.Support == WeightSupport.NM)
            for (int o = 0; o < outputs; o++)
                for (int g = 0; g < inputs; g += arch.GroupM)
                    Assert.Equal(arch.GroupN, Enumerable.Range(g, arch.GroupM).Count(c => set.Contains(o * inputs + c)));
        if (arch.Support == WeightSupport.Block)
            for (int r0 = 0; r0 < outputs; r0 += arch.BlockRows)
                for (int c0 = 0; c0 < inputs; c0 += arch.BlockColumns)
                {
                    int count = 0;
                    for (int r = r0; r < r0 + arch.BlockRows; r++)
                        for (int c = c0; c < c0 + arch.BlockColumns; c++) if (set.Contains(r * inputs + c)) count++;
                    Assert.True(count == 0 || count == arch.BlockRows * arch.BlockColumns, $"block ({r0}, {c0}) has {count} weights");
                }
    }

    [Fact]
    public void ADenseSupportNeverChanges()
    {
        var arch = new BayesMlpArchitecture(new[] { 6, 5, 3 }, WeightSupport.Dense, 1);
        var net = new BayesianMlp(arch, seed: 1);
        var (x, y) = NetworkTestData.Batch(1, 9, 6, 3);
        net.ComputeGradients(x, y);
        Assert.Equal(0, net.UpdateSupport(0.3));
        Assert.Equal(1.0, net.Density);
        Assert.Equal(6 * 5 + 5 * 3, net.ActiveWeights);
    }
}
