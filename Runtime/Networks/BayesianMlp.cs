using System;
using System.Diagnostics;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// A Bayesian MLP trained by sparse subspace variational inference (SSVI, "Training Bayesian Neural Networks with
/// Sparse Subspace Variational Inference", ICLR 2024): mean-field Gaussian weights on a sparse support of fixed size
/// (<see cref="BayesLayer"/>), the local reparameterisation trick, ReLU hidden layers and a softmax output; the support
/// moves during training (drop by E|θ|/sd|θ|, grow by |∂L/∂μ|). Dense VI is the same network with a full support.
/// Activations are stored features × batch, so the forward pass is an SpMM, the weight gradients an SDDMM on the support
/// and the input gradients a transposed SpMM, each vectorised over the batch. A step splits the batch into
/// <see cref="SsviOptions.Threads"/> parts (per-part gradient sums reduced in part order: deterministic for a given seed
/// and thread count). Workspaces are allocated at construction and at the first Train/Predict of a batch size; a
/// training step then allocates nothing.
/// </summary>
public sealed class BayesianMlp
{
    private readonly BayesMlpArchitecture _architecture;
    private readonly BayesLayer[] _layers;
    private readonly float[] _denseGradient;   // Outputs × Inputs of the largest layer, for support updates
    private Workspace? _workspace;
    private SparseContext? _budget;

    /// <summary>A network of the given architecture with a random support and initial weights drawn from <paramref name="seed"/>.</summary>
    public BayesianMlp(BayesMlpArchitecture architecture, int seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        _architecture = architecture with { Layers = (int[])architecture.Layers.Clone() };
        _layers = new BayesLayer[architecture.LayerCount];
        var random = new NetworkRandom(seed, 0x1417);
        int largest = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new BayesLayer(_architecture, l);
            _layers[l].Initialize(ref random);
            _layers[l].RefreshSigma();
            largest = Math.Max(largest, _layers[l].Inputs * _layers[l].Outputs);
        }
        _denseGradient = architecture.Support == WeightSupport.Dense ? Array.Empty<float>() : new float[largest];
    }

    /// <summary>The architecture (a copy: its widths array is the network's own).</summary>
    public BayesMlpArchitecture Architecture => _architecture with { Layers = (int[])_architecture.Layers.Clone() };

    /// <summary>The number of weight layers.</summary>
    public int LayerCount => _layers.Length;

    /// <summary>Active weights over all weights (biases not counted); constant through training.</summary>
    public double Density
    {
        get
        {
            long total = 0;
            foreach (var layer in _layers) total += (long)layer.Inputs * layer.Outputs;
            return (double)ActiveWeights / total;
        }
    }

    /// <summary>The number of active weights (biases not counted).</summary>
    public long ActiveWeights
    {
        get
        {
            long active = 0;
            foreach (var layer in _layers) active += layer.RowStart[layer.Outputs];
            return active;
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s CSR row starts (Outputs + 1 entries).</summary>
    public ReadOnlySpan<int> RowStarts(int layer) => Layer(layer).RowStart;

    /// <summary>Layer <paramref name="layer"/>'s CSR column (input) indices, sorted within each row.</summary>
    public ReadOnlySpan<int> Columns(int layer) => Layer(layer).Columns;

    /// <summary>The posterior means μ of layer <paramref name="layer"/>'s active weights, in pattern order (writable).</summary>
    public Span<float> Means(int layer) => Layer(layer).Mu;

    /// <summary>The ρ of layer <paramref name="layer"/>'s active weights (σ = softplus(ρ)), in pattern order (writable).</summary>
    public Span<float> Rhos(int layer) => Layer(layer).Rho;

    /// <summary>Layer <paramref name="layer"/>'s biases (writable).</summary>
    public Span<float> Biases(int layer) => Layer(layer).Bias;

    /// <summary>∂L/∂μ of the last <see cref="ComputeGradients"/> or training step, in pattern order.</summary>
    public ReadOnlySpan<float> MeanGradients(int layer) => Layer(layer).GradMu;

    /// <summary>∂L/∂ρ of the last <see cref="ComputeGradients"/> or training step, in pattern order.</summary>
    public ReadOnlySpan<float> RhoGradients(int layer) => Layer(layer).GradRho;

    /// <summary>∂L/∂b of the last <see cref="ComputeGradients"/> or training step.</summary>
    public ReadOnlySpan<float> BiasGradients(int layer) => Layer(layer).GradBias;

    private BayesLayer Layer(int layer)
    {
        if ((uint)layer >= (uint)_layers.Length)
            throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} does not exist; the network has layers 0 to {_layers.Length - 1}.");
        return _layers[layer];
    }

    // ---------------------------------------------------------------- workspace and one step

    private sealed class Workspace
    {
        public readonly int Stride, Parts, Chunk;
        public readonly float[] Input;
        public readonly float[][] Output, Noise, Deviation, Activation, Delta;
        public readonly float[][][] PartGradMu, PartGradVariance, PartGradBias;   // [part - 1][layer]
        public readonly double[] PartLoss;
        public readonly int[] PartCorrect;
        public readonly int[] Labels;
        public readonly NetworkRandom[] PartRandom;
        public readonly float[] Probabilities;
        public int Count;
        public bool Sample, Backward;

        public Workspace(BayesLayer[] layers, int stride, int parts)
        {
            Stride = stride;
            Parts = Math.Max(1, Math.Min(parts, (stride + Vector<float>.Count - 1) / Vector<float>.Count));
            int chunk = (stride + Parts - 1) / Parts;
            Chunk = (chunk + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
            Input = new float[layers[0].Inputs * stride];
            int n = layers.Length;
            Output = new float[n][]; Noise = new float[n][]; Deviation = new float[n][]; Activation = new float[n][]; Delta = new float[n][];
            for (int l = 0; l < n; l++)
            {
                int size = layers[l].Outputs * stride;
                Output[l] = new float[size]; Noise[l] = new float[size]; Deviation[l] = new float[size]; Delta[l] = new float[size];
                Activation[l] = l + 1 < n ? new float[size] : Output[l];
            }
            PartGradMu = new float[Parts - 1][][]; PartGradVariance = new float[Parts - 1][][]; PartGradBias = new float[Parts - 1][][];
            for (int p = 0; p + 1 < Parts; p++)
            {
                PartGradMu[p] = new float[n][]; PartGradVariance[p] = new float[n][]; PartGradBias[p] = new float[n][];
                for (int l = 0; l < n; l++)
                {
                    PartGradMu[p][l] = new float[layers[l].Capacity];
                    PartGradVariance[p][l] = new float[layers[l].Capacity];
                    PartGradBias[p][l] = new float[layers[l].Outputs];
                }
            }
            PartLoss = new double[Parts];
            PartCorrect = new int[Parts];
            Labels = new int[stride];
            PartRandom = new NetworkRandom[Parts];
            Probabilities = new float[layers[^1].Outputs * stride];
        }
    }

    private Workspace EnsureWorkspace(int stride, int parts)
    {
        var ws = _workspace;
        if (ws is null || ws.Stride != stride || ws.Parts != Math.Max(1, Math.Min(parts, (stride + Vector<float>.Count - 1) / Vector<float>.Count)))
            _workspace = ws = new Workspace(_layers, stride, parts);
        return ws;
    }

    /// <summary>The thread budget for <paramref name="threads"/> (null for one), kept so a step allocates none.</summary>
    private SparseContext? Budget(int threads)
    {
        if (threads <= 1) return null;
        if (_budget is null || _budget.MaxThreads != threads) _budget = new SparseContext(threads);
        return _budget;
    }

    private static unsafe void PartBody(void* context, int part)
        => ((BayesianMlp)GCHandle.FromIntPtr((IntPtr)context).Target!).RunPart(part);

    /// <summary>Forward (and backward) over the workspace's filled columns, all parts; returns the summed cross-entropy.</summary>
    private unsafe double RunParts(Workspace ws, long step, int seed, SparseContext? budget)
    {
        for (int p = 0; p < ws.Parts; p++) ws.PartRandom[p] = new NetworkRandom(seed, step * 4099 + p);
        int parts = Math.Min(ws.Parts, (ws.Count + ws.Chunk - 1) / ws.Chunk);
        for (int p = parts; p < ws.Parts; p++) ClearPart(ws, p);
        if (parts <= 1 || budget is null)
            for (int p = 0; p < parts; p++) RunPart(p);
        else
        {
            var handle = GCHandle.Alloc(this);
            try { ParallelRunner.Run(budget, parts, &PartBody, (void*)GCHandle.ToIntPtr(handle)); }
            finally { handle.Free(); }
        }
        double loss = 0;
        for (int p = 0; p < ws.Parts; p++) loss += ws.PartLoss[p];
        if (ws.Backward)
            for (int p = 1; p < ws.Parts; p++)
                for (int l = 0; l < _layers.Length; l++)
                {
                    Add(ws.PartGradMu[p - 1][l], _layers[l].GradMu);
                    Add(ws.PartGradVariance[p - 1][l], _layers[l].GradVariance);
                    Add(ws.PartGradBias[p - 1][l], _layers[l].GradBias);
                }
        return loss;
    }

    private static void Add(float[] source, float[] target)
    {
        var s = source.AsSpan();
        var t = target.AsSpan();
        int width = Vector<float>.Count, i = 0;
        for (; i + width <= s.Length; i += width) (new Vector<float>(t.Slice(i)) + new Vector<float>(s.Slice(i))).CopyTo(t.Slice(i));
        for (; i < s.Length; i++) t[i] += s[i];
    }

    private void ClearPart(Workspace ws, int part)
    {
        ws.PartLoss[part] = 0;
        ws.PartCorrect[part] = 0;
        if (!ws.Backward) return;
        for (int l = 0; l < _layers.Length; l++)
        {
            if (part == 0) { Array.Clear(_layers[l].GradMu); Array.Clear(_layers[l].GradVariance); Array.Clear(_layers[l].GradBias); }
            else { Array.Clear(ws.PartGradMu[part - 1][l]); Array.Clear(ws.PartGradVariance[part - 1][l]); Array.Clear(ws.PartGradBias[part - 1][l]); }
        }
    }

    private void RunPart(int part)
    {
        var ws = _workspace!;
        ClearPart(ws, part);
        int b0 = Math.Min(part * ws.Chunk, ws.Count), b1 = Math.Min(b0 + ws.Chunk, ws.Count);
        if (b0 >= b1) return;
        int stride = ws.Stride, last = _layers.Length - 1;
        ref NetworkRandom random = ref ws.PartRandom[part];
        float[] input = ws.Input;
        for (int l = 0; l <= last; l++)
        {
            _layers[l].Forward(input, ws.Output[l], ws.Noise[l], ws.Deviation[l], stride, b0, b1, ws.Sample, ref random);
            if (l < last)
            {
                float[] output = ws.Output[l], activation = ws.Activation[l];
                for (int o = 0; o < _layers[l].Outputs; o++)
                    for (int b = o * stride + b0; b < o * stride + b1; b++) activation[b] = Math.Max(output[b], 0f);
                input = activation;
            }
        }

        // Softmax cross-entropy; δ = (softmax − onehot)/count (the loss is the batch mean).
        int classes = _layers[last].Outputs;
        float[] logits = ws.Output[last], delta = ws.Delta[last], probabilities = ws.Probabilities;
        double loss = 0;
        int correct = 0;
        float inverseCount = 1f / ws.Count;
        for (int b = b0; b < b1; b++)
        {
            float max = float.NegativeInfinity;
            int argmax = 0;
            for (int o = 0; o < classes; o++) if (logits[o * stride + b] > max) { max = logits[o * stride + b]; argmax = o; }
            double sum = 0;
            for (int o = 0; o < classes; o++) sum += Math.Exp(logits[o * stride + b] - max);
            int label = ws.Labels[b];
            for (int o = 0; o < classes; o++)
            {
                float p = (float)(Math.Exp(logits[o * stride + b] - max) / sum);
                probabilities[o * stride + b] = p;
                delta[o * stride + b] = (p - (o == label ? 1f : 0f)) * inverseCount;
            }
            if (label >= 0)
            {
                loss += Math.Log(sum) + max - logits[label * stride + b];
                if (argmax == label) correct++;
            }
        }
        ws.PartLoss[part] = loss;
        ws.PartCorrect[part] = correct;
        if (!ws.Backward) return;

        for (int l = last; l >= 0; l--)
        {
            float[] x = l == 0 ? ws.Input : ws.Activation[l - 1];
            float[]? inputGradient = l == 0 ? null : ws.Delta[l - 1];
            float[] gradMu = part == 0 ? _layers[l].GradMu : ws.PartGradMu[part - 1][l];
            float[] gradVariance = part == 0 ? _layers[l].GradVariance : ws.PartGradVariance[part - 1][l];
            float[] gradBias = part == 0 ? _layers[l].GradBias : ws.PartGradBias[part - 1][l];
            _layers[l].Backward(x, ws.Delta[l], ws.Noise[l], ws.Deviation[l], inputGradient, stride, b0, b1, ws.Sample, gradMu, gradVariance, gradBias);
            if (inputGradient is not null)
            {
                float[] activation = ws.Activation[l - 1];
                for (int c = 0; c < _layers[l].Inputs; c++)
                    for (int b = c * stride + b0; b < c * stride + b1; b++) if (!(activation[b] > 0)) inputGradient[b] = 0;
            }
        }
    }

    /// <summary>Copies rows <paramref name="order"/>[start..start+count) of the data into the feature-major input block.</summary>
    private static void FillBatch(Workspace ws, DigitSet data, ReadOnlySpan<int> order, int start, int count)
    {
        int features = ws.Input.Length / ws.Stride;
        for (int j = 0; j < count; j++)
        {
            int index = order.IsEmpty ? start + j : order[start + j];
            var pixels = data.Pixels.AsSpan(index * features, features);
            for (int f = 0; f < features; f++) ws.Input[f * ws.Stride + j] = pixels[f];
            ws.Labels[j] = data.Labels[index];
        }
        ws.Count = count;
    }

    /// <summary>Adds the KL term's gradient to ∂CE/∂μ and forms ∂L/∂ρ = (∂CE/∂σ²·2σ + w·(σ/s² − 1/σ))·sigmoid(ρ).</summary>
    private void AssembleGradients(double klScale, double priorSigma)
    {
        float w = (float)klScale, inversePrior = (float)(1 / (priorSigma * priorSigma));
        foreach (var layer in _layers)
            for (int k = 0; k < layer.Capacity; k++)
            {
                float sigma = layer.Sigma[k];
                layer.GradMu[k] += w * layer.Mu[k] * inversePrior;
                layer.GradRho[k] = (layer.GradVariance[k] * 2 * sigma + w * (sigma * inversePrior - 1 / sigma)) * layer.SigmoidRho[k];
            }
    }

    private void SgdStep(float learningRate, float momentum)
    {
        foreach (var layer in _layers)
        {
            Momentum(layer.Mu, layer.VelocityMu, layer.GradMu, learningRate, momentum);
            Momentum(layer.Rho, layer.VelocityRho, layer.GradRho, learningRate, momentum);
            Momentum(layer.Bias, layer.VelocityBias, layer.GradBias, learningRate, momentum);
            layer.RefreshSigma();
        }
    }

    private static void Momentum(float[] parameter, float[] velocity, float[] gradient, float learningRate, float momentum)
    {
        for (int i = 0; i < parameter.Length; i++)
        {
            float v = momentum * velocity[i] + gradient[i];
            velocity[i] = v;
            parameter[i] -= learningRate * v;
        }
    }

    /// <summary>∂L/∂μ at every position of layer <paramref name="layer"/> from the last step's δ and inputs: G = δ·xᵀ (Outputs × Inputs).</summary>
    internal void DenseMeanGradient(int layer, Span<float> gradient)
    {
        var ws = _workspace ?? throw new InvalidOperationException("no step has run yet.");
        var L = _layers[layer];
        float[] x = layer == 0 ? ws.Input : ws.Activation[layer - 1], delta = ws.Delta[layer];
        int stride = ws.Stride, count = ws.Count, width = Vector<float>.Count;
        for (int o = 0; o < L.Outputs; o++)
        {
            var d = delta.AsSpan(o * stride, count);
            for (int c = 0; c < L.Inputs; c++)
            {
                var xs = x.AsSpan(c * stride, count);
                var acc = Vector<float>.Zero;
                int b = 0;
                for (; b + width <= count; b += width) acc += new Vector<float>(d.Slice(b)) * new Vector<float>(xs.Slice(b));
                float sum = Vector.Sum(acc);
                for (; b < count; b++) sum += d[b] * xs[b];
                gradient[o * L.Inputs + c] = sum;
            }
        }
    }

    /// <summary>One SSVI support update of every layer by the last step's gradients; returns the weights replaced.</summary>
    internal int UpdateSupport(double fraction)
    {
        if (_architecture.Support == WeightSupport.Dense) return 0;
        int replaced = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            var gradient = _denseGradient.AsSpan(0, _layers[l].Inputs * _layers[l].Outputs);
            DenseMeanGradient(l, gradient);
            replaced += _layers[l].UpdateSupport(gradient, fraction);
        }
        return replaced;
    }

    private void CheckInputs(ReadOnlySpan<float> inputs, string name, out int count)
    {
        int features = _layers[0].Inputs;
        if (inputs.Length % features != 0)
            throw new ShapeMismatchException($"{name} has length {inputs.Length}, not a multiple of the input width {features}.", name);
        count = inputs.Length / features;
    }

    /// <summary>
    /// The loss L = mean CE + <paramref name="klScale"/>·Σ KL(q ‖ N(0, <paramref name="priorSigma"/>²)) of one batch
    /// and its gradients (read them with <see cref="MeanGradients"/>, <see cref="RhoGradients"/>, <see cref="BiasGradients"/>):
    /// with the mean weights (<paramref name="sample"/> false: the ρ gradient is then the KL's alone) or with weight
    /// noise drawn from <paramref name="seed"/> (the same seed gives the same noise, so L is a smooth function of μ and ρ).
    /// </summary>
    public double ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<byte> labels, bool sample = false, int seed = 0,
        double klScale = 0, double priorSigma = 0.005, int threads = 1)
    {
        CheckInputs(inputs, nameof(inputs), out int count);
        if (labels.Length != count) throw new ShapeMismatchException($"labels has length {labels.Length} but inputs hold {count} rows.", nameof(labels));
        if (count == 0) throw new ArgumentException("the batch is empty.", nameof(inputs));
        if (!(priorSigma > 0)) throw new ArgumentOutOfRangeException(nameof(priorSigma), "the prior sigma must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int classes = _layers[^1].Outputs;
        foreach (var label in labels)
            if (label >= classes) throw new ArgumentException($"label {label} is not a class of a {classes}-class network.", nameof(labels));
        foreach (var layer in _layers) layer.RefreshSigma();
        var ws = EnsureWorkspace(count, threads);
        int features = _layers[0].Inputs;
        for (int j = 0; j < count; j++)
        {
            for (int f = 0; f < features; f++) ws.Input[f * ws.Stride + j] = inputs[j * features + f];
            ws.Labels[j] = labels[j];
        }
        ws.Count = count;
        ws.Sample = sample;
        ws.Backward = true;
        double loss = RunParts(ws, 0, seed, Budget(threads)) / count;
        AssembleGradients(klScale, priorSigma);
        return loss + klScale * Kl(priorSigma);
    }

    /// <summary>
    /// One training step on one batch outside <see cref="Train"/> (benchmarks, custom loops): <see cref="ComputeGradients"/>
    /// with weight noise from <paramref name="seed"/>, then SGD with momentum at <paramref name="learningRate"/>. No
    /// support update. Returns the loss before the step.
    /// </summary>
    public double TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<byte> labels, double learningRate, double klScale = 0,
        double priorSigma = 0.005, double momentum = 0.9, int seed = 0, int threads = 1)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), "the learning rate must be positive.");
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), "the momentum must lie in [0, 1).");
        double loss = ComputeGradients(inputs, labels, sample: true, seed, klScale, priorSigma, threads);
        SgdStep((float)learningRate, (float)momentum);
        return loss;
    }

    /// <summary>Σ KL(q ‖ N(0, priorSigma²)) over every active weight.</summary>
    public double Kl(double priorSigma)
    {
        double sum = 0;
        foreach (var layer in _layers) sum += layer.Kl(priorSigma);
        return sum;
    }

    // ---------------------------------------------------------------- training

    /// <summary>
    /// Trains by SSVI (or dense VI for a dense support): per epoch a seeded shuffle, then steps of
    /// <see cref="SsviOptions.BatchSize"/> digits with loss CE + (KlWeight/N)·min(2·epoch/E, 1)·Σ KL, SGD with momentum
    /// at a per-step cosine learning rate, and every UpdateEvery steps until UpdateUntil of the steps a support update
    /// replacing DropFraction/2·(1 + cos(π·t/T_end)) of each layer's active units. Stops early on cancellation
    /// (between steps) or a non-finite loss. <see cref="TrainingProgress"/> is reported every 10 steps and at each
    /// epoch's end, its loss the step's CE plus the weighted KL of the last epoch's end.
    /// </summary>
    public TrainingResult Train(DigitSet data, SsviOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckData(data, nameof(data));
        int n = data.Count, batch = Math.Min(options.BatchSize, n);
        var ws = EnsureWorkspace(batch, options.Threads);
        ws.Sample = true;
        ws.Backward = true;
        var budget = Budget(options.Threads);
        int stepsPerEpoch = (n + batch - 1) / batch;
        long totalSteps = (long)stepsPerEpoch * options.Epochs;
        double updateEnd = options.UpdateUntil * totalSteps;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var shuffle = new NetworkRandom(options.Seed, -1);
        var lossTrace = new double[options.Epochs];
        var epochSeconds = new double[options.Epochs];
        double flopsPerSample = 0;
        foreach (var layer in _layers) flopsPerSample += layer.Capacity * (layer == _layers[0] ? 10.0 : 15.0);
        double flops = 0;
        var total = Stopwatch.StartNew();
        var reason = StopReason.MaxIterations;
        int epochsRun = 0;
        long step = 0;
        double lastKl = options.KlWeight / n * Math.Min(2.0 / options.Epochs, 1) * Kl(options.PriorSigma);
        for (int epoch = 1; epoch <= options.Epochs && reason == StopReason.MaxIterations; epoch++)
        {
            var watch = Stopwatch.StartNew();
            shuffle.Shuffle(order);
            double klScale = options.KlWeight / n * Math.Min(2.0 * epoch / options.Epochs, 1);
            double ceSum = 0;
            int stepsDone = 0;
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                if (cancellationToken.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
                step++;
                int count = Math.Min(batch, n - s * batch);
                FillBatch(ws, data, order, s * batch, count);
                double ce = RunParts(ws, step, options.Seed, budget) / count;
                if (!double.IsFinite(ce)) { reason = StopReason.NumericalFailure; break; }
                AssembleGradients(klScale, options.PriorSigma);
                float learningRate = (float)(options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (step - 1) / totalSteps)));
                SgdStep(learningRate, (float)options.Momentum);
                if (_architecture.Support != WeightSupport.Dense && step % options.UpdateEvery == 0 && step <= updateEnd)
                    UpdateSupport(Ssvi.DropFractionAt(options.DropFraction, step, updateEnd));
                flops += flopsPerSample * count;
                ceSum += ce;
                stepsDone++;
                if (progress is not null && (step % 10 == 0 || s == stepsPerEpoch - 1))
                    progress.Report(new TrainingProgress(epoch, options.Epochs, (int)step, (int)totalSteps, ce + lastKl, Density));
            }
            if (stepsDone == 0) break;
            lastKl = klScale * Kl(options.PriorSigma);
            lossTrace[epoch - 1] = ceSum / stepsDone + lastKl;
            epochSeconds[epoch - 1] = watch.Elapsed.TotalSeconds;
            epochsRun = epoch;
            if (!double.IsFinite(lossTrace[epoch - 1])) reason = StopReason.NumericalFailure;
        }
        return new TrainingResult(epochsRun, lossTrace.AsSpan(0, epochsRun).ToArray(), epochSeconds.AsSpan(0, epochsRun).ToArray(),
            flops / 1e9, reason, total.Elapsed);
    }

    private void CheckData(DigitSet data, string name)
    {
        if (data.Count == 0) throw new ArgumentException("the training set is empty.", name);
        if (data.Features != _layers[0].Inputs)
            throw new ShapeMismatchException($"the data has {data.Features} features per digit but the network's input width is {_layers[0].Inputs}.", name);
        int classes = _layers[^1].Outputs;
        foreach (var label in data.Labels)
            if (label >= classes) throw new ArgumentException($"the data has label {label}, not a class of a {classes}-class network.", name);
    }

    // ---------------------------------------------------------------- prediction

    /// <summary>
    /// Class probabilities (count × classes, row-major) for count inputs (count × input width, row-major): with the mean
    /// weights (<paramref name="samples"/> = 0), or the average of the softmax over <paramref name="samples"/> draws of
    /// the weight noise (local reparameterisation) seeded by <paramref name="seed"/>.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> probabilities, int samples = 0, int seed = 0)
    {
        CheckInputs(inputs, nameof(inputs), out int count);
        int classes = _layers[^1].Outputs, features = _layers[0].Inputs;
        if (probabilities.Length != count * classes)
            throw new ShapeMismatchException($"probabilities has length {probabilities.Length} but {count} inputs need {count} x {classes} = {count * classes}.", nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        foreach (var layer in _layers) layer.RefreshSigma();
        var ws = _workspace ?? EnsureWorkspace(Math.Max(1, Math.Min(128, count)), 1);
        ws.Backward = false;
        ws.Sample = samples > 0;
        var budget = Budget(ws.Parts);
        for (int start = 0, chunk = 0; start < count; start += ws.Stride, chunk++)
        {
            int n = Math.Min(ws.Stride, count - start);
            for (int j = 0; j < n; j++)
            {
                for (int f = 0; f < features; f++) ws.Input[f * ws.Stride + j] = inputs[(start + j) * features + f];
                ws.Labels[j] = -1;
            }
            ws.Count = n;
            var target = probabilities.Slice(start * classes, n * classes);
            target.Clear();
            int passes = Math.Max(samples, 1);
            for (int s = 0; s < passes; s++)
            {
                RunParts(ws, (long)chunk * 65537 + s, seed, budget);
                for (int j = 0; j < n; j++)
                    for (int o = 0; o < classes; o++) target[j * classes + o] += ws.Probabilities[o * ws.Stride + j] / passes;
            }
        }
    }

    // ---------------------------------------------------------------- persistence

    private const string Magic = "SDBAYES1";

    /// <summary>
    /// Writes the trained state, little-endian: the 8 ASCII bytes "SDBAYES1"; int32 support (the
    /// <see cref="WeightSupport"/> value), int32 width count, the int32 widths, float64 density, int32 GroupN, GroupM,
    /// BlockRows, BlockColumns; then per layer int32 inputs, outputs, active count nnz, int32[outputs + 1] row starts,
    /// int32[nnz] columns, float32[nnz] μ, float32[nnz] ρ, float32[outputs] biases. Momentum is not saved.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true);
        writer.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
        writer.Write((int)_architecture.Support);
        writer.Write(_architecture.Layers.Length);
        foreach (int width in _architecture.Layers) writer.Write(width);
        writer.Write(_architecture.Density);
        writer.Write(_architecture.GroupN); writer.Write(_architecture.GroupM);
        writer.Write(_architecture.BlockRows); writer.Write(_architecture.BlockColumns);
        foreach (var layer in _layers)
        {
            writer.Write(layer.Inputs); writer.Write(layer.Outputs); writer.Write(layer.Capacity);
            foreach (int v in layer.RowStart) writer.Write(v);
            foreach (int v in layer.Columns) writer.Write(v);
            foreach (float v in layer.Mu) writer.Write(v);
            foreach (float v in layer.Rho) writer.Write(v);
            foreach (float v in layer.Bias) writer.Write(v);
        }
    }

    /// <summary>
    /// Reads a state written by <see cref="Save"/>: the stored architecture must equal <paramref name="expected"/>
    /// (widths, support, density, group/block sizes) and the patterns must be valid and of the expected structure;
    /// otherwise an <see cref="InvalidDataException"/> names the difference.
    /// </summary>
    public static BayesianMlp Load(Stream stream, BayesMlpArchitecture expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(expected);
        expected.Validate();
        using var reader = new BinaryReader(stream, System.Text.Encoding.ASCII, leaveOpen: true);
        try
        {
            string magic = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(8));
            if (magic != Magic) throw new InvalidDataException($"not a SparseDsl Bayesian network file (it starts with \"{magic}\", not \"{Magic}\").");
            var support = (WeightSupport)reader.ReadInt32();
            int widthCount = reader.ReadInt32();
            if (widthCount < 2 || widthCount > 1 << 16) throw new InvalidDataException($"the file declares {widthCount} layer widths.");
            var widths = new int[widthCount];
            for (int i = 0; i < widthCount; i++) widths[i] = reader.ReadInt32();
            double density = reader.ReadDouble();
            int groupN = reader.ReadInt32(), groupM = reader.ReadInt32(), blockRows = reader.ReadInt32(), blockColumns = reader.ReadInt32();
            var stored = new BayesMlpArchitecture(widths, support, density, groupN, groupM, blockRows, blockColumns);
            if (!widths.AsSpan().SequenceEqual(expected.Layers))
                throw new InvalidDataException($"the file holds a {stored.Shape} network but {expected.Shape} was expected.");
            if (support != expected.Support) throw new InvalidDataException($"the file holds a {support} support but {expected.Support} was expected.");
            if (density != expected.Density) throw new InvalidDataException($"the file holds density {density} but {expected.Density} was expected.");
            if (support == WeightSupport.NM && (groupN != expected.GroupN || groupM != expected.GroupM))
                throw new InvalidDataException($"the file holds N:M {groupN}:{groupM} but {expected.GroupN}:{expected.GroupM} was expected.");
            if (support == WeightSupport.Block && (blockRows != expected.BlockRows || blockColumns != expected.BlockColumns))
                throw new InvalidDataException($"the file holds {blockRows}x{blockColumns} blocks but {expected.BlockRows}x{expected.BlockColumns} was expected.");
            var network = new BayesianMlp(expected, 0);
            for (int l = 0; l < network._layers.Length; l++)
            {
                var layer = network._layers[l];
                int inputs = reader.ReadInt32(), outputs = reader.ReadInt32(), nnz = reader.ReadInt32();
                if (inputs != layer.Inputs || outputs != layer.Outputs || nnz != layer.Capacity)
                    throw new InvalidDataException($"layer {l + 1} is stored as {outputs} x {inputs} with {nnz} weights; expected {layer.Outputs} x {layer.Inputs} with {layer.Capacity}.");
                for (int i = 0; i <= outputs; i++) layer.RowStart[i] = reader.ReadInt32();
                for (int i = 0; i < nnz; i++) layer.Columns[i] = reader.ReadInt32();
                for (int i = 0; i < nnz; i++) layer.Mu[i] = reader.ReadSingle();
                for (int i = 0; i < nnz; i++) layer.Rho[i] = reader.ReadSingle();
                for (int i = 0; i < outputs; i++) layer.Bias[i] = reader.ReadSingle();
                string? problem = layer.CheckPattern();
                if (problem is not null) throw new InvalidDataException($"layer {l + 1}: {problem}");
                layer.RefreshSigma();
            }
            return network;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the network file ends early (truncated or not written by Save).", e);
        }
    }
}
