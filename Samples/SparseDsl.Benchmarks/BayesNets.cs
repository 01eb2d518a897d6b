// Bayesian sparse networks (issue 11): one SSVI training step (forward SpMM with the local reparameterisation,
// SDDMM weight gradients, transposed SpMM input gradients, SGD with momentum) of the 784-300-100-10 MLP on a batch of
// 128 digit-like inputs, dense VI (full support) against SSVI at density 0.1, one thread.
using System;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

[BenchmarkCategory("BayesNets")]
public class BayesNetsStep
{
    [Params("dense_vi", "ssvi0.1")]
    public string Method { get; set; } = "dense_vi";

    private static readonly int[] Widths = { 784, 300, 100, 10 };
    private BayesianMlp _network = null!;
    private float[] _inputs = null!;
    private byte[] _labels = null!;

    /// <summary>The network and batch, and (the check) the SDDMM gradients of the mean weights equal the dense gradient δ·xᵀ on the support.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var architecture = Method == "dense_vi"
            ? new BayesMlpArchitecture(Widths, WeightSupport.Dense, 1)
            : new BayesMlpArchitecture(Widths, WeightSupport.Unstructured, 0.1);
        _network = new BayesianMlp(architecture, seed: 1);
        var random = new Random(5);
        const int batch = 128;
        _inputs = new float[batch * 784];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = random.NextDouble() < 0.8 ? 0 : (float)random.NextDouble();
        _labels = new byte[batch];
        for (int i = 0; i < batch; i++) _labels[i] = (byte)random.Next(10);
        _network.ComputeGradients(_inputs, _labels, sample: false);
        CheckAgainstDense(batch);
    }

    private void CheckAgainstDense(int batch)
    {
        int layers = _network.LayerCount;
        var weights = new double[layers][,];
        var activation = new double[layers + 1][,];
        var pre = new double[layers][,];
        activation[0] = new double[784, batch];
        for (int b = 0; b < batch; b++) for (int f = 0; f < 784; f++) activation[0][f, b] = _inputs[b * 784 + f];
        for (int l = 0; l < layers; l++)
        {
            int inputs = Widths[l], outputs = Widths[l + 1];
            weights[l] = new double[outputs, inputs];
            var rows = _network.RowStarts(l);
            var columns = _network.Columns(l);
            var mu = _network.Means(l);
            for (int o = 0; o < outputs; o++) for (int k = rows[o]; k < rows[o + 1]; k++) weights[l][o, columns[k]] = mu[k];
            pre[l] = new double[outputs, batch];
            activation[l + 1] = new double[outputs, batch];
            var bias = _network.Biases(l);
            for (int o = 0; o < outputs; o++)
                for (int b = 0; b < batch; b++)
                {
                    double s = bias[o];
                    for (int i = 0; i < inputs; i++) s += weights[l][o, i] * activation[l][i, b];
                    pre[l][o, b] = s;
                    activation[l + 1][o, b] = l + 1 < layers ? Math.Max(s, 0) : s;
                }
        }
        var delta = new double[10, batch];
        for (int b = 0; b < batch; b++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int o = 0; o < 10; o++) max = Math.Max(max, pre[layers - 1][o, b]);
            for (int o = 0; o < 10; o++) sum += Math.Exp(pre[layers - 1][o, b] - max);
            for (int o = 0; o < 10; o++) delta[o, b] = (Math.Exp(pre[layers - 1][o, b] - max) / sum - (o == _labels[b] ? 1 : 0)) / batch;
        }
        for (int l = layers - 1; l >= 0; l--)
        {
            int inputs = Widths[l], outputs = Widths[l + 1];
            var rows = _network.RowStarts(l);
            var columns = _network.Columns(l);
            var gradient = _network.MeanGradients(l);
            for (int o = 0; o < outputs; o++)
                for (int k = rows[o]; k < rows[o + 1]; k += 7)   // every 7th stored weight
                {
                    double expected = 0;
                    for (int b = 0; b < batch; b++) expected += delta[o, b] * activation[l][columns[k], b];
                    if (!(Math.Abs(gradient[k] - expected) <= 1e-5 + 1e-3 * Math.Abs(expected)))
                        throw new InvalidOperationException($"BayesNets check failed: layer {l} weight ({o}, {columns[k]}) has SDDMM gradient {gradient[k]} but the dense one is {expected}");
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

    private int _step;

    [Benchmark(Description = "one training step, 784-300-100-10, batch 128, 1 thread")]
    public double Step() => _network.TrainStep(_inputs, _labels, learningRate: 1e-4, klScale: 1e-6, seed: ++_step);
}
