using System;
using Xunit;

namespace SparseDsl.Tests.Networks;

/// <summary>
/// The ELBO gradients of <see cref="BayesianMlp.ComputeGradients"/> against central finite differences of the loss (fixed
/// noise seed, so the loss is a smooth function of μ, ρ and b), and the SDDMM weight gradients against the dense
/// gradient δ·xᵀ formed by naive loops and masked to the support.
/// </summary>
public class BayesGradientTests
{
    public static TheoryData<string, int, int> Cases => new()
    {
        { "dense", 5, 1 }, { "dense", 19, 2 }, { "unstructured", 19, 1 }, { "unstructured", 21, 3 },
        { "nm", 11, 1 }, { "block", 17, 2 },
    };

    internal static BayesMlpArchitecture Tiny(string support) => support switch
    {
        "dense" => new BayesMlpArchitecture(new[] { 8, 6, 4, 3 }, WeightSupport.Dense, 1),
        "unstructured" => new BayesMlpArchitecture(new[] { 8, 6, 4, 3 }, WeightSupport.Unstructured, 0.5),
        "nm" => new BayesMlpArchitecture(new[] { 8, 8, 4, 3 }, WeightSupport.NM, 0.5, GroupN: 2, GroupM: 4),
        "block" => new BayesMlpArchitecture(new[] { 8, 6, 4, 2 }, WeightSupport.Block, 0.5, BlockRows: 2, BlockColumns: 2),
        _ => throw new ArgumentException(support),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ElboGradientsMatchCentralDifferences(string support, int batch, int threads)
    {
        var arch = Tiny(support);
        var net = new BayesianMlp(arch, seed: 7);
        NetworkTestData.WidenSigmas(net, seed: 3);
        var (x, y) = NetworkTestData.Batch(11, batch, arch.Layers[0], arch.Layers[^1]);
        const double klScale = 0.02, prior = 0.5;
        double Loss() => net.ComputeGradients(x, y, sample: true, seed: 5, klScale, prior, threads);

        Loss();
        var random = new Random(1);
        const float h = 2e-3f;
        int checkedCount = 0;
        for (int l = 0; l < net.LayerCount; l++)
        {
            var gMu = net.MeanGradients(l).ToArray();
            var gRho = net.RhoGradients(l).ToArray();
            var gBias = net.BiasGradients(l).ToArray();
            for (int trial = 0; trial < 6; trial++)
            {
                int k = random.Next(gMu.Length);
                Check(net.Means(l), k, gMu[k], $"mu[{l}][{k}]");
                Check(net.Rhos(l), k, gRho[k], $"rho[{l}][{k}]");
                int o = random.Next(gBias.Length);
                Check(net.Biases(l), o, gBias[o], $"bias[{l}][{o}]");
            }
        }
        Assert.True(checkedCount > 0);

        void Check(Span<float> parameters, int index, float analytic, string name)
        {
            float saved = parameters[index];
            parameters[index] = saved + h;
            double plus = Loss();
            parameters[index] = saved - h;
            double minus = Loss();
            parameters[index] = saved;
            double fd = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(fd - analytic) <= 2e-3 + 2e-2 * Math.Abs(fd),
                $"{support}, batch {batch}, {threads} threads: d/d{name} is {analytic} analytically, {fd} by central differences");
            checkedCount++;
        }
    }

    [Theory]
    [InlineData("dense", 13, 1)]
    [InlineData("unstructured", 13, 1)]
    [InlineData("unstructured", 37, 3)]
    [InlineData("nm", 9, 2)]
    [InlineData("block", 24, 1)]
    public void SddmmGradientsEqualTheDenseGradientMaskedToTheSupport(string support, int batch, int threads)
    {
        var arch = Tiny(support);
        var net = new BayesianMlp(arch, seed: 2);
        NetworkTestData.WidenSigmas(net, seed: 9);
        var (x, y) = NetworkTestData.Batch(4, batch, arch.Layers[0], arch.Layers[^1]);
        double loss = net.ComputeGradients(x, y, sample: false, threads: threads);

        // Naive dense reference in double: forward with the mean weights, softmax CE, backward through ReLU.
        int layers = net.LayerCount;
        var activations = new double[layers + 1][,];
        activations[0] = new double[arch.Layers[0], batch];
        for (int b = 0; b < batch; b++) for (int f = 0; f < arch.Layers[0]; f++) activations[0][f, b] = x[b * arch.Layers[0] + f];
        var weights = new double[layers][,];
        var pre = new double[layers][,];
        for (int l = 0; l < layers; l++)
        {
            weights[l] = NetworkTestData.DenseMeans(net, l);
            int outputs = arch.Layers[l + 1], inputs = arch.Layers[l];
            pre[l] = new double[outputs, batch];
            activations[l + 1] = new double[outputs, batch];
            var bias = net.Biases(l);
            for (int o = 0; o < outputs; o++)
                for (int b = 0; b < batch; b++)
                {
                    double s = bias[o];
                    for (int i = 0; i < inputs; i++) s += weights[l][o, i] * activations[l][i, b];
                    pre[l][o, b] = s;
                    activations[l + 1][o, b] = l + 1 < layers ? Math.Max(s, 0) : s;
                }
        }
        int classes = arch.Layers[^1];
        var delta = new double[classes, batch];
        double ce = 0;
        for (int b = 0; b < batch; b++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int o = 0; o < classes; o++) max = Math.Max(max, pre[layers - 1][o, b]);
            for (int o = 0; o < classes; o++) sum += Math.Exp(pre[layers - 1][o, b] - max);
            ce += Math.Log(sum) + max - pre[layers - 1][y[b], b];
            for (int o = 0; o < classes; o++) delta[o, b] = (Math.Exp(pre[layers - 1][o, b] - max) / sum - (o == y[b] ? 1 : 0)) / batch;
        }
        Assert.Equal(ce / batch, loss, 1e-5);
        for (int l = layers - 1; l >= 0; l--)
        {
            int outputs = arch.Layers[l + 1], inputs = arch.Layers[l];
            var dense = new double[outputs, inputs];
            for (int o = 0; o < outputs; o++)
                for (int i = 0; i < inputs; i++)
                    for (int b = 0; b < batch; b++) dense[o, i] += delta[o, b] * activations[l][i, b];
            var rows = net.RowStarts(l);
            var columns = net.Columns(l);
            var g = net.MeanGradients(l);
            for (int o = 0; o < outputs; o++)
                for (int k = rows[o]; k < rows[o + 1]; k++)
                    Assert.True(Math.Abs(g[k] - dense[o, columns[k]]) <= 1e-5 + 1e-4 * Math.Abs(dense[o, columns[k]]),
                        $"layer {l} ({o}, {columns[k]}): SDDMM {g[k]} vs dense {dense[o, columns[k]]}");
            // The dense gradient the support update grows by, at every position.
            var all = new float[outputs * inputs];
            net.DenseMeanGradient(l, all);
            for (int o = 0; o < outputs; o++)
                for (int i = 0; i < inputs; i++)
                    Assert.True(Math.Abs(all[o * inputs + i] - dense[o, i]) <= 1e-5 + 1e-4 * Math.Abs(dense[o, i]), $"layer {l} dense ({o}, {i})");
            var gb = net.BiasGradients(l);
            for (int o = 0; o < outputs; o++)
            {
                double expected = 0;
                for (int b = 0; b < batch; b++) expected += delta[o, b];
                Assert.Equal(expected, gb[o], 1e-5);
            }
            if (l == 0) break;
            var previous = new double[inputs, batch];
            for (int i = 0; i < inputs; i++)
                for (int b = 0; b < batch; b++)
                {
                    double s = 0;
                    for (int o = 0; o < outputs; o++) s += weights[l][o, i] * delta[o, b];
                    previous[i, b] = pre[l - 1][i, b] > 0 ? s : 0;
                }
            delta = previous;
        }
    }

    [Fact]
    public void GradientsDoNotDependOnTheThreadCountWithMeanWeights()
    {
        var arch = Tiny("unstructured");
        var net = new BayesianMlp(arch, seed: 4);
        var (x, y) = NetworkTestData.Batch(8, 45, arch.Layers[0], arch.Layers[^1]);
        net.ComputeGradients(x, y, threads: 1);
        var one = net.MeanGradients(0).ToArray();
        net.ComputeGradients(x, y, threads: 3);
        var three = net.MeanGradients(0).ToArray();
        for (int k = 0; k < one.Length; k++) Assert.Equal(one[k], three[k], 1e-6f);
    }
}
