using System;
using System.IO;

namespace SparseDsl.Tests.Networks;

/// <summary>Tiny networks and batches for the network tests, and the checked-in digit subset.</summary>
internal static class NetworkTestData
{
    /// <summary>Tests/SparseDsl.Tests/Data/mnist-subset.bin.gz, found from the test assembly's folder upwards.</summary>
    public static string SubsetPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "Data", "mnist-subset.bin.gz"),
                                                  Path.Combine(dir.FullName, "Tests", "SparseDsl.Tests", "Data", "mnist-subset.bin.gz") })
                    if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("mnist-subset.bin.gz not found above " + AppContext.BaseDirectory);
        }
    }

    private static DigitSet? s_subset;

    public static DigitSet Subset => s_subset ??= DigitSet.Load(SubsetPath);

    public static (float[] Inputs, byte[] Labels) Batch(int seed, int count, int features, int classes)
    {
        var random = new Random(seed);
        var inputs = new float[count * features];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)random.Next(classes);
        return (inputs, labels);
    }

    /// <summary>Sets every ρ of the network to a random value in [lo, hi] (σ of order 0.3–0.7), so the variance path matters.</summary>
    public static void WidenSigmas(BayesianMlp network, int seed, float lo = -1.2f, float hi = 0f)
    {
        var random = new Random(seed);
        for (int l = 0; l < network.LayerCount; l++)
        {
            var rho = network.Rhos(l);
            for (int k = 0; k < rho.Length; k++) rho[k] = lo + (hi - lo) * (float)random.NextDouble();
            var bias = network.Biases(l);
            for (int o = 0; o < bias.Length; o++) bias[o] = 0.2f * (float)(random.NextDouble() - 0.5);
        }
    }

    /// <summary>Layer l's μ as a dense Outputs × Inputs matrix (zeros off the support).</summary>
    public static double[,] DenseMeans(BayesianMlp network, int layer)
    {
        var arch = network.Architecture;
        int inputs = arch.Layers[layer], outputs = arch.Layers[layer + 1];
        var w = new double[outputs, inputs];
        var rows = network.RowStarts(layer);
        var columns = network.Columns(layer);
        var mu = network.Means(layer);
        for (int o = 0; o < outputs; o++)
            for (int k = rows[o]; k < rows[o + 1]; k++) w[o, columns[k]] = mu[k];
        return w;
    }
}
