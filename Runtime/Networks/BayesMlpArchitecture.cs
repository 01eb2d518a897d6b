using System;
using System.Globalization;

namespace SparseDsl;

/// <summary>Where a Bayesian layer's weights may be non-zero (the active support the variational posterior lives on).</summary>
public enum WeightSupport
{
    /// <summary>Every weight active (dense mean-field VI); <see cref="BayesMlpArchitecture.Density"/> must be 1.</summary>
    Dense,
    /// <summary>Any pattern with round(Density · outputs · inputs) active weights per layer.</summary>
    Unstructured,
    /// <summary>N:M: exactly GroupN active weights in every GroupM consecutive inputs of every output row (Density = N/M).</summary>
    NM,
    /// <summary>Whole BlockRows × BlockColumns blocks active, round(Density · blocks) of them per layer.</summary>
    Block,
}

/// <summary>
/// A Bayesian MLP: <see cref="Layers"/> lists the widths from the input to the class count (784, 300, 100, 10 for
/// digits); ReLU hidden layers, softmax output, one support kind and density for every layer.
/// </summary>
public sealed record BayesMlpArchitecture(int[] Layers, WeightSupport Support, double Density,
    int GroupN = 2, int GroupM = 4, int BlockRows = 4, int BlockColumns = 4)
{
    /// <summary>The number of weight layers (one less than <see cref="Layers"/>).</summary>
    public int LayerCount => Layers.Length - 1;

    /// <summary>"784-300-100-10".</summary>
    public string Shape => string.Join("-", Array.ConvertAll(Layers, w => w.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The number of weights layer <paramref name="layer"/> (0-based) keeps active: fixed for the whole training.</summary>
    public int ActiveWeights(int layer)
    {
        int inputs = Layers[layer], outputs = Layers[layer + 1];
        long total = (long)inputs * outputs;
        return Support switch
        {
            WeightSupport.Dense => (int)total,
            WeightSupport.NM => (int)(total / GroupM * GroupN),
            WeightSupport.Block => ActiveBlocks(layer) * BlockRows * BlockColumns,
            _ => (int)Math.Clamp(Math.Round(Density * total, MidpointRounding.AwayFromZero), 1, total),
        };
    }

    /// <summary>For <see cref="WeightSupport.Block"/>: the number of active blocks of layer <paramref name="layer"/>.</summary>
    public int ActiveBlocks(int layer)
    {
        long blocks = (long)(Layers[layer] / BlockColumns) * (Layers[layer + 1] / BlockRows);
        return (int)Math.Clamp(Math.Round(Density * blocks, MidpointRounding.AwayFromZero), 1, blocks);
    }

    /// <summary>Checks the widths chain and fit the support; throws an <see cref="ArgumentException"/> naming the problem.</summary>
    internal void Validate()
    {
        if (Layers is null) throw new ArgumentException("the architecture has no layer widths (Layers is null).", nameof(Layers));
        if (Layers.Length < 2) throw new ArgumentException($"a network needs at least an input and an output width; Layers has {Layers.Length}.", nameof(Layers));
        for (int i = 0; i < Layers.Length; i++)
            if (Layers[i] < 1) throw new ArgumentException($"layer width {i} is {Layers[i]}; every width must be at least 1.", nameof(Layers));
        if (Layers[^1] < 2) throw new ArgumentException($"the output width is {Layers[^1]}; a classifier needs at least 2 classes.", nameof(Layers));
        for (int l = 0; l + 1 < Layers.Length; l++)
            if ((long)Layers[l] * Layers[l + 1] > Array.MaxLength)
                throw new ArgumentException($"layer {l + 1} ({Layers[l]} -> {Layers[l + 1]}) has more weights than an array holds.", nameof(Layers));
        if (!(Density > 0 && Density <= 1))
            throw new ArgumentException($"Density is {Density.ToString(CultureInfo.InvariantCulture)}; it must lie in (0, 1].", nameof(Density));
        switch (Support)
        {
            case WeightSupport.Dense:
                if (Density != 1) throw new ArgumentException($"a Dense support has Density 1, not {Density.ToString(CultureInfo.InvariantCulture)} (use Unstructured for a sparse one).", nameof(Density));
                break;
            case WeightSupport.Unstructured:
                break;
            case WeightSupport.NM:
                if (GroupM < 1 || GroupN < 1 || GroupN > GroupM)
                    throw new ArgumentException($"N:M needs 1 <= N <= M, not {GroupN}:{GroupM}.", nameof(GroupN));
                if (Math.Abs(Density - (double)GroupN / GroupM) > 1e-12)
                    throw new ArgumentException($"an N:M support {GroupN}:{GroupM} has Density {((double)GroupN / GroupM).ToString(CultureInfo.InvariantCulture)}, not {Density.ToString(CultureInfo.InvariantCulture)}.", nameof(Density));
                for (int l = 0; l + 1 < Layers.Length; l++)
                    if (Layers[l] % GroupM != 0)
                        throw new ArgumentException($"N:M {GroupN}:{GroupM} on layer {l + 1}: its input width {Layers[l]} is not a multiple of M = {GroupM}.", nameof(Layers));
                break;
            case WeightSupport.Block:
                if (BlockRows < 1 || BlockColumns < 1)
                    throw new ArgumentException($"blocks need at least 1 x 1, not {BlockRows} x {BlockColumns}.", nameof(BlockRows));
                for (int l = 0; l + 1 < Layers.Length; l++)
                {
                    if (Layers[l + 1] % BlockRows != 0)
                        throw new ArgumentException($"block {BlockRows}x{BlockColumns} on layer {l + 1}: its output width {Layers[l + 1]} is not a multiple of {BlockRows}.", nameof(Layers));
                    if (Layers[l] % BlockColumns != 0)
                        throw new ArgumentException($"block {BlockRows}x{BlockColumns} on layer {l + 1}: its input width {Layers[l]} is not a multiple of {BlockColumns}.", nameof(Layers));
                }
                break;
            default:
                throw new ArgumentException($"unknown weight support {Support}.", nameof(Support));
        }
    }
}
