using System;

namespace SparseDsl;

/// <summary>One bin of a reliability diagram: confidences in (Lower, Upper], how many, their accuracy and mean confidence.</summary>
public readonly record struct ReliabilityBin(double Lower, double Upper, int Count, double Accuracy, double Confidence);

/// <summary>
/// Quality of predicted class probabilities (count × classes, row-major) against labels: accuracy, negative
/// log-likelihood, expected calibration error, predictive entropy, reliability bins. The prediction of a row is its
/// first largest probability; its confidence that probability.
/// </summary>
public static class Calibration
{
    /// <summary>The fraction of rows whose prediction equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<byte> labels)
    {
        int count = Check(probabilities, classes, labels);
        int correct = 0;
        for (int i = 0; i < count; i++) if (ArgMax(probabilities.Slice(i * classes, classes)) == labels[i]) correct++;
        return (double)correct / count;
    }

    /// <summary>The mean of −log p(label), each probability floored at 1e-12 (so a zero gives 27.6, not ∞).</summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<byte> labels)
    {
        int count = Check(probabilities, classes, labels);
        double sum = 0;
        for (int i = 0; i < count; i++) sum -= Math.Log(Math.Max(probabilities[i * classes + labels[i]], 1e-12));
        return sum / count;
    }

    /// <summary>ECE = Σ_bins (n_b/N)·|accuracy_b − mean confidence_b| over <paramref name="bins"/> equal-width bins of the confidence.</summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<byte> labels, int bins = 15)
    {
        var table = ReliabilityBins(probabilities, classes, labels, bins);
        int count = labels.Length;
        double ece = 0;
        foreach (var bin in table) if (bin.Count > 0) ece += (double)bin.Count / count * Math.Abs(bin.Accuracy - bin.Confidence);
        return ece;
    }

    /// <summary>The mean predictive entropy −Σ p·log p (nats) of the rows (0·log 0 = 0).</summary>
    public static double MeanEntropy(ReadOnlySpan<float> probabilities, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (probabilities.Length == 0 || probabilities.Length % classes != 0)
            throw new ShapeMismatchException($"probabilities has length {probabilities.Length}, not a positive multiple of {classes} classes.", nameof(probabilities));
        double sum = 0;
        foreach (float p in probabilities) if (p > 0) sum -= p * Math.Log(p);
        return sum / (probabilities.Length / classes);
    }

    /// <summary>The entropy of each row (nats), for histograms.</summary>
    public static double[] Entropies(ReadOnlySpan<float> probabilities, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (probabilities.Length % classes != 0)
            throw new ShapeMismatchException($"probabilities has length {probabilities.Length}, not a multiple of {classes} classes.", nameof(probabilities));
        var result = new double[probabilities.Length / classes];
        for (int i = 0; i < result.Length; i++)
            foreach (float p in probabilities.Slice(i * classes, classes)) if (p > 0) result[i] -= p * Math.Log(p);
        return result;
    }

    /// <summary>
    /// <paramref name="bins"/> equal-width confidence bins: bin b holds confidences in (b/B, (b+1)/B] (a confidence of
    /// 0 goes to the first); an empty bin reports accuracy and confidence 0.
    /// </summary>
    public static ReliabilityBin[] ReliabilityBins(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<byte> labels, int bins = 15)
    {
        int count = Check(probabilities, classes, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var n = new int[bins];
        var correct = new int[bins];
        var confidence = new double[bins];
        for (int i = 0; i < count; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            int prediction = ArgMax(row);
            double c = row[prediction];
            int bin = Math.Clamp((int)Math.Ceiling(c * bins) - 1, 0, bins - 1);
            n[bin]++;
            confidence[bin] += c;
            if (prediction == labels[i]) correct[bin]++;
        }
        var result = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
            result[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, n[b],
                n[b] == 0 ? 0 : (double)correct[b] / n[b], n[b] == 0 ? 0 : confidence[b] / n[b]);
        return result;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int o = 1; o < row.Length; o++) if (row[o] > row[best]) best = o;
        return best;
    }

    private static int Check(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<byte> labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (labels.Length == 0) throw new ArgumentException("there are no labels to score against.", nameof(labels));
        if (probabilities.Length != labels.Length * classes)
            throw new ShapeMismatchException($"probabilities has length {probabilities.Length} but {labels.Length} labels of {classes} classes need {labels.Length * classes}.", nameof(probabilities));
        foreach (var label in labels)
            if (label >= classes) throw new ArgumentException($"label {label} is not one of the {classes} classes.", nameof(labels));
        return labels.Length;
    }
}
