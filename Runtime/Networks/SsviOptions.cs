using System;
using System.Globalization;

namespace SparseDsl;

/// <summary>
/// Training settings of a <see cref="BayesianMlp"/> by sparse subspace variational inference (SSVI). The defaults are
/// those of the SSVI paper's reference code (ljb121002/SSVI): KL weight 0.01 (divided by the training-set size),
/// prior N(0, 0.005²), drop fraction 0.3 on a cosine schedule, a support update every 100 steps until 75% of
/// training, SGD with momentum 0.9 at learning rate 0.01 on a cosine schedule, batch 128.
/// </summary>
public sealed record SsviOptions
{
    /// <summary>The KL term's weight before division by the training-set size.</summary>
    public double KlWeight { get; init; } = 0.01;

    /// <summary>The prior standard deviation: p(θ) = N(0, PriorSigma²) on every active weight.</summary>
    public double PriorSigma { get; init; } = 0.005;

    /// <summary>The largest fraction of active weights replaced at one support update (at t = 0 of the cosine schedule).</summary>
    public double DropFraction { get; init; } = 0.3;

    /// <summary>Steps between support updates.</summary>
    public int UpdateEvery { get; init; } = 100;

    /// <summary>The fraction of the training steps after which the support stays fixed.</summary>
    public double UpdateUntil { get; init; } = 0.75;

    /// <summary>The initial learning rate (of μ, ρ and the biases); it follows a cosine schedule to 0 over the training steps.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum (PyTorch's form: v = m·v + g, p -= lr·v).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Digits per step (the last batch of an epoch holds the remainder).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Seeds the shuffling and the weight noise.</summary>
    public int Seed { get; init; }

    /// <summary>Threads the batch is split over (results are deterministic for a given seed and thread count).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Monte-Carlo samples for evaluation by averaging (0: the mean weights); read by callers of <see cref="BayesianMlp.Predict"/>.</summary>
    public int McSamples { get; init; } = 10;

    /// <summary>Checks every setting; throws an <see cref="ArgumentException"/> naming the first bad one.</summary>
    internal void Validate()
    {
        Finite(KlWeight, nameof(KlWeight), allowZero: true);
        Finite(PriorSigma, nameof(PriorSigma), allowZero: false);
        if (!(DropFraction >= 0 && DropFraction <= 1)) throw Bad(nameof(DropFraction), DropFraction, "must lie in [0, 1]");
        if (UpdateEvery < 1) throw Bad(nameof(UpdateEvery), UpdateEvery, "must be at least 1");
        if (!(UpdateUntil >= 0 && UpdateUntil <= 1)) throw Bad(nameof(UpdateUntil), UpdateUntil, "must lie in [0, 1]");
        Finite(LearningRate, nameof(LearningRate), allowZero: false);
        if (!(Momentum >= 0 && Momentum < 1)) throw Bad(nameof(Momentum), Momentum, "must lie in [0, 1)");
        if (Epochs < 1) throw Bad(nameof(Epochs), Epochs, "must be at least 1");
        if (BatchSize < 1) throw Bad(nameof(BatchSize), BatchSize, "must be at least 1");
        if (Threads < 1) throw Bad(nameof(Threads), Threads, "must be at least 1");
        if (McSamples < 0) throw Bad(nameof(McSamples), McSamples, "must not be negative");
    }

    private static void Finite(double value, string name, bool allowZero)
    {
        if (!double.IsFinite(value) || value < 0 || (!allowZero && value == 0))
            throw Bad(name, value, allowZero ? "must be finite and not negative" : "must be finite and positive");
    }

    private static ArgumentException Bad(string name, double value, string rule)
        => new($"SsviOptions.{name} is {value.ToString(CultureInfo.InvariantCulture)}; it {rule}.", name);
}

/// <summary>What training reports: the epoch (1-based) and step (1-based, counted over the whole run), the loss of the step (cross-entropy + weighted KL), the density.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, double Density);

/// <summary>
/// The outcome of <see cref="BayesianMlp.Train"/>: the epochs run, the loss per epoch (mean cross-entropy of the epoch's
/// steps + the weighted KL at the epoch's end), the wall time of each epoch, the training FLOPs (an analytic count of
/// the multiply-adds of the SpMM/SDDMM kernels, in units of 10⁹, for the whole run), why it stopped, the total time.
/// </summary>
public sealed record TrainingResult(int Epochs, double[] LossTrace, double[] EpochSeconds, double TrainGflops, StopReason StopReason, TimeSpan Elapsed)
{
    /// <summary>The training FLOPs of one epoch (10⁹).</summary>
    public double GflopsPerEpoch => Epochs == 0 ? 0 : TrainGflops / Epochs;
}
