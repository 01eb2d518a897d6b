using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseDsl;

/// <summary>
/// One Bayesian layer: mean-field q(W) = Π N(μ_k, softplus(ρ_k)²) on the active support only, the support a CSR
/// pattern (<see cref="RowStart"/>, <see cref="Columns"/>) kept apart from the value arrays, with a capacity fixed by
/// the density: a support update rewrites the pattern and the values in place. Deterministic biases (a point
/// estimate, no KL), as in the reference code. Everything an update needs is allocated at construction.
/// </summary>
internal sealed class BayesLayer
{
    public readonly int Inputs, Outputs, Capacity;
    public readonly int[] RowStart;
    public readonly int[] Columns;
    public readonly float[] Mu, Rho, Bias;
    public readonly float[] Sigma, Variance, SigmoidRho;      // refreshed from ρ before each step
    public readonly float[] GradMu, GradVariance, GradBias;   // ∂CE/∂μ (then ∂L/∂μ), ∂CE/∂σ², ∂L/∂b of the last step
    public readonly float[] GradRho;                          // ∂L/∂ρ of the last step
    public readonly float[] VelocityMu, VelocityRho, VelocityBias;

    private readonly WeightSupport _support;
    private readonly int _groupN, _groupM, _blockRows, _blockColumns;
    // Support-update scratch (null for a dense layer).
    private readonly int[]? _slot;        // dense position -> old slot, or -1
    private readonly byte[]? _state;      // dense position -> 0 inactive, 1 kept, 2 grown
    private readonly float[]? _keys;
    private readonly int[]? _items;
    private readonly int[]? _slotPosition;
    private readonly float[]? _newMu, _newRho, _newVelocityMu, _newVelocityRho;

    public BayesLayer(BayesMlpArchitecture architecture, int layer)
    {
        Inputs = architecture.Layers[layer];
        Outputs = architecture.Layers[layer + 1];
        Capacity = architecture.ActiveWeights(layer);
        _support = architecture.Support;
        _groupN = architecture.GroupN; _groupM = architecture.GroupM;
        _blockRows = architecture.BlockRows; _blockColumns = architecture.BlockColumns;
        RowStart = new int[Outputs + 1];
        Columns = new int[Capacity];
        Mu = new float[Capacity]; Rho = new float[Capacity]; Bias = new float[Outputs];
        Sigma = new float[Capacity]; Variance = new float[Capacity]; SigmoidRho = new float[Capacity];
        GradMu = new float[Capacity]; GradVariance = new float[Capacity]; GradBias = new float[Outputs];
        GradRho = new float[Capacity];
        VelocityMu = new float[Capacity]; VelocityRho = new float[Capacity]; VelocityBias = new float[Outputs];
        int dense = Inputs * Outputs;
        _state = new byte[dense];
        if (_support != WeightSupport.Dense)
        {
            _slot = new int[dense];
            _keys = new float[dense];
            _items = new int[dense];
            _slotPosition = new int[Capacity];
            _newMu = new float[Capacity]; _newRho = new float[Capacity];
            _newVelocityMu = new float[Capacity]; _newVelocityRho = new float[Capacity];
        }
    }

    public WeightSupport Support => _support;

    /// <summary>
    /// A random support of the fixed size and structure, μ ~ N(0, 2/fan-in) over the active fan-in (He scaling: the
    /// reference code's N(0, 0.01²) is for convolutions with batch norm and starves a plain ReLU MLP), σ ~ |N(6e-4, 5e-4²)|
    /// as in the reference code, zero biases.
    /// </summary>
    public void Initialize(ref NetworkRandom random)
    {
        var state = _state!;
        Array.Clear(state);
        switch (_support)
        {
            case WeightSupport.Dense:
                Array.Fill(state, (byte)1);
                break;
            case WeightSupport.Unstructured:
            {
                // A partial Fisher–Yates over the dense positions picks Capacity of them.
                var items = _items!;
                for (int i = 0; i < items.Length; i++) items[i] = i;
                for (int i = 0; i < Capacity; i++)
                {
                    int j = i + random.NextInt(items.Length - i);
                    (items[i], items[j]) = (items[j], items[i]);
                    state[items[i]] = 1;
                }
                break;
            }
            case WeightSupport.NM:
                for (int o = 0; o < Outputs; o++)
                    for (int g = 0; g < Inputs; g += _groupM)
                        for (int chosen = 0; chosen < _groupN;)
                        {
                            int p = o * Inputs + g + random.NextInt(_groupM);
                            if (state[p] == 0) { state[p] = 1; chosen++; }
                        }
                break;
            case WeightSupport.Block:
            {
                int blockColumns = Inputs / _blockColumns, blocks = Outputs / _blockRows * blockColumns;
                var items = _items!;
                for (int i = 0; i < blocks; i++) items[i] = i;
                int active = Capacity / (_blockRows * _blockColumns);
                for (int i = 0; i < active; i++)
                {
                    int j = i + random.NextInt(blocks - i);
                    (items[i], items[j]) = (items[j], items[i]);
                    MarkBlock(items[i], blockColumns, 1);
                }
                break;
            }
        }
        int written = 0;
        for (int o = 0; o < Outputs; o++)
        {
            RowStart[o] = written;
            for (int c = 0; c < Inputs; c++) if (state[o * Inputs + c] != 0) Columns[written++] = c;
        }
        RowStart[Outputs] = written;
        if (written != Capacity) throw new InvalidOperationException($"internal: the initial support has {written} weights, not {Capacity}.");

        double fanIn = (double)Capacity / Outputs;
        double scale = Math.Sqrt(2 / Math.Max(fanIn, 1));
        for (int k = 0; k < Capacity; k++)
        {
            Mu[k] = (float)(scale * random.NextGaussian());
            double sigma;
            do sigma = Math.Abs(6e-4 + 5e-4 * random.NextGaussian()); while (sigma < 1e-6);
            Rho[k] = (float)Ssvi.InverseSoftplus(sigma);
        }
        Array.Clear(Bias);
        Array.Clear(VelocityMu); Array.Clear(VelocityRho); Array.Clear(VelocityBias);
    }

    /// <summary>Null when the pattern is a valid CSR of this layer's size and structure, else what is wrong.</summary>
    public string? CheckPattern()
    {
        if (RowStart[0] != 0 || RowStart[Outputs] != Capacity)
            return $"the row starts run from {RowStart[0]} to {RowStart[Outputs]}, not 0 to {Capacity}.";
        var state = _state!;
        Array.Clear(state);
        for (int o = 0; o < Outputs; o++)
        {
            if (RowStart[o + 1] < RowStart[o]) return $"row {o} has a negative length.";
            for (int k = RowStart[o]; k < RowStart[o + 1]; k++)
            {
                int c = Columns[k];
                if (c < 0 || c >= Inputs) return $"row {o} has column {c}, outside [0, {Inputs}).";
                if (k > RowStart[o] && c <= Columns[k - 1]) return $"row {o}'s columns are not strictly increasing.";
                state[o * Inputs + c] = 1;
            }
        }
        if (_support == WeightSupport.NM)
            for (int p = 0; p < state.Length; p += _groupM)
            {
                int count = 0;
                for (int q = p; q < p + _groupM; q++) count += state[q];
                if (count != _groupN) return $"row {p / Inputs} has {count} weights in the group at column {p % Inputs}, not {_groupN} ({_groupN}:{_groupM}).";
            }
        if (_support == WeightSupport.Block)
            for (int r0 = 0; r0 < Outputs; r0 += _blockRows)
                for (int c0 = 0; c0 < Inputs; c0 += _blockColumns)
                {
                    int count = 0;
                    for (int r = r0; r < r0 + _blockRows; r++)
                        for (int c = c0; c < c0 + _blockColumns; c++) count += state[r * Inputs + c];
                    if (count != 0 && count != _blockRows * _blockColumns)
                        return $"the {_blockRows}x{_blockColumns} block at ({r0}, {c0}) is partly active ({count} weights).";
                }
        return null;
    }

    private void MarkBlock(int block, int blockColumns, byte value)
    {
        var state = _state!;
        int r0 = block / blockColumns * _blockRows, c0 = block % blockColumns * _blockColumns;
        for (int r = r0; r < r0 + _blockRows; r++)
            for (int c = c0; c < c0 + _blockColumns; c++) state[r * Inputs + c] = value;
    }

    /// <summary>σ, σ² and sigmoid(ρ) from ρ.</summary>
    public void RefreshSigma()
    {
        for (int k = 0; k < Capacity; k++)
        {
            float s = Ssvi.Softplus(Rho[k], out float sig);
            Sigma[k] = s;
            Variance[k] = s * s;
            SigmoidRho[k] = sig;
        }
    }

    /// <summary>Σ KL(q_k ‖ N(0, s²)) over the active weights (ρ read directly, double precision).</summary>
    public double Kl(double priorSigma)
    {
        double sum = 0;
        for (int k = 0; k < Capacity; k++)
        {
            double sigma = Rho[k] > 20 ? Rho[k] : Math.Log(1 + Math.Exp(Rho[k]));
            sum += Ssvi.GaussianKl(Mu[k], sigma, priorSigma);
        }
        return sum;
    }

    /// <summary>
    /// One SSVI support update with <paramref name="denseGradient"/> = ∂L/∂μ at every position (Outputs × Inputs,
    /// row-major): drops floor(fraction · active units) of the active units (weights, or blocks for a block support)
    /// with the lowest drop score (a block's score is the sum of its weights'), then adds as many units by the largest
    /// |∂L/∂μ| among those not kept (for N:M within the group that lost them, so every group keeps N). New weights
    /// start at μ = 0, ρ = the mean ρ of the kept weights, zero momentum. Returns the number of weights replaced.
    /// </summary>
    public int UpdateSupport(ReadOnlySpan<float> denseGradient, double fraction)
    {
        if (_support == WeightSupport.Dense || fraction <= 0) return 0;
        var slot = _slot!; var state = _state!; var keys = _keys!; var items = _items!; var slotPosition = _slotPosition!;
        Array.Fill(slot, -1);
        Array.Clear(state);
        for (int o = 0; o < Outputs; o++)
            for (int k = RowStart[o]; k < RowStart[o + 1]; k++)
            {
                int p = o * Inputs + Columns[k];
                slot[p] = k;
                slotPosition[k] = p;
            }

        int replaced;
        if (_support == WeightSupport.Block)
            replaced = UpdateBlocks(denseGradient, fraction);
        else
        {
            // Drop: sort the active weights by score, keep all but the lowest.
            for (int k = 0; k < Capacity; k++)
            {
                keys[k] = (float)Ssvi.DropScore(Mu[k], Sigma[k]);
                items[k] = slotPosition[k];
            }
            int drop = (int)(Capacity * fraction);
            if (drop == 0) return 0;
            MemoryExtensions.Sort(keys.AsSpan(0, Capacity), items.AsSpan(0, Capacity));
            for (int j = drop; j < Capacity; j++) state[items[j]] = 1;
            if (_support == WeightSupport.Unstructured)
            {
                int candidates = 0;
                for (int p = 0; p < state.Length; p++)
                    if (state[p] == 0) { keys[candidates] = -MathF.Abs(denseGradient[p]); items[candidates++] = p; }
                MemoryExtensions.Sort(keys.AsSpan(0, candidates), items.AsSpan(0, candidates));
                for (int j = 0; j < drop; j++) state[items[j]] = 2;
            }
            else
            {
                // N:M: every group regrows what it lost, by |∂L/∂μ| within the group.
                for (int o = 0; o < Outputs; o++)
                    for (int g = o * Inputs; g < (o + 1) * Inputs; g += _groupM)
                    {
                        int kept = 0;
                        for (int p = g; p < g + _groupM; p++) kept += state[p];
                        for (; kept < _groupN; kept++)
                        {
                            int best = -1;
                            for (int p = g; p < g + _groupM; p++)
                                if (state[p] == 0 && (best < 0 || MathF.Abs(denseGradient[p]) > MathF.Abs(denseGradient[best]))) best = p;
                            state[best] = 2;
                        }
                    }
            }
            replaced = drop;
        }
        if (replaced == 0) return 0;
        Rebuild();
        return replaced;
    }

    private int UpdateBlocks(ReadOnlySpan<float> denseGradient, double fraction)
    {
        var slot = _slot!; var keys = _keys!; var items = _items!;
        int blockColumns = Inputs / _blockColumns, blocks = Outputs / _blockRows * blockColumns;
        int active = 0;
        for (int b = 0; b < blocks; b++)
        {
            int r0 = b / blockColumns * _blockRows, c0 = b % blockColumns * _blockColumns;
            if (slot[r0 * Inputs + c0] < 0) continue;
            double score = 0;
            for (int r = r0; r < r0 + _blockRows; r++)
                for (int c = c0; c < c0 + _blockColumns; c++)
                {
                    int k = slot[r * Inputs + c];
                    score += Ssvi.DropScore(Mu[k], Sigma[k]);
                }
            keys[active] = (float)score;
            items[active++] = b;
        }
        int drop = (int)(active * fraction);
        if (drop == 0) return 0;
        MemoryExtensions.Sort(keys.AsSpan(0, active), items.AsSpan(0, active));
        for (int j = drop; j < active; j++) MarkBlock(items[j], blockColumns, 1);
        var state = _state!;
        int candidates = 0;
        for (int b = 0; b < blocks; b++)
        {
            int r0 = b / blockColumns * _blockRows, c0 = b % blockColumns * _blockColumns;
            if (state[r0 * Inputs + c0] != 0) continue;
            double sum = 0;
            for (int r = r0; r < r0 + _blockRows; r++)
                for (int c = c0; c < c0 + _blockColumns; c++) sum += MathF.Abs(denseGradient[r * Inputs + c]);
            keys[candidates] = (float)-sum;
            items[candidates++] = b;
        }
        MemoryExtensions.Sort(keys.AsSpan(0, candidates), items.AsSpan(0, candidates));
        for (int j = 0; j < drop; j++) MarkBlock(items[j], blockColumns, 2);
        return drop * _blockRows * _blockColumns;
    }

    /// <summary>Rewrites the pattern and the values from the state map (1 kept: old values; 2 grown: fresh).</summary>
    private void Rebuild()
    {
        var slot = _slot!; var state = _state!;
        double rhoSum = 0;
        int keptCount = 0;
        for (int k = 0; k < Capacity; k++)
        {
            int p = _slotPosition![k];
            if (state[p] == 1) { rhoSum += Rho[k]; keptCount++; }
        }
        float freshRho = keptCount > 0 ? (float)(rhoSum / keptCount) : (float)Ssvi.InverseSoftplus(6e-4);
        int written = 0;
        for (int o = 0; o < Outputs; o++)
        {
            RowStart[o] = written;
            int row = o * Inputs;
            for (int c = 0; c < Inputs; c++)
            {
                byte s = state[row + c];
                if (s == 0) continue;
                if (written == Capacity) throw new InvalidOperationException("internal: a support update would exceed the layer's capacity.");
                if (s == 1)
                {
                    int k = slot[row + c];
                    _newMu![written] = Mu[k]; _newRho![written] = Rho[k];
                    _newVelocityMu![written] = VelocityMu[k]; _newVelocityRho![written] = VelocityRho[k];
                }
                else
                {
                    _newMu![written] = 0; _newRho![written] = freshRho;
                    _newVelocityMu![written] = 0; _newVelocityRho![written] = 0;
                }
                Columns[written++] = c;
            }
        }
        RowStart[Outputs] = written;
        if (written != Capacity) throw new InvalidOperationException($"internal: a support update left {written} weights, not {Capacity}.");
        _newMu.AsSpan().CopyTo(Mu); _newRho.AsSpan().CopyTo(Rho);
        _newVelocityMu.AsSpan().CopyTo(VelocityMu); _newVelocityRho.AsSpan().CopyTo(VelocityRho);
        RefreshSigma();
    }

    // ---- kernels over a slice [b0, b1) of the batch; activations are features × stride, row-major ----

    /// <summary>
    /// SpMM forward: mean[o,b] = bias_o + Σ_k μ_k·x[c_k,b]; with <paramref name="sample"/> also var = Σ_k σ²_k·x[c_k,b]²
    /// and out = mean + sqrt(var + 1e-8)·ε (ε ~ N(0,1) drawn o-major, b-minor from <paramref name="random"/>), keeping ε
    /// in <paramref name="noise"/> and the deviation in <paramref name="deviation"/> for the backward pass.
    /// </summary>
    public void Forward(float[] x, float[] output, float[] noise, float[] deviation, int stride, int b0, int b1, bool sample, ref NetworkRandom random)
    {
        ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref float outr = ref MemoryMarshal.GetArrayDataReference(output);
        ref float devr = ref MemoryMarshal.GetArrayDataReference(deviation);
        int width = Vector<float>.Count;
        for (int o = 0; o < Outputs; o++)
        {
            int k0 = RowStart[o], k1 = RowStart[o + 1];
            int row = o * stride;
            int b = b0;
            if (sample)
            {
                for (; b + width <= b1; b += width)
                {
                    var mean = new Vector<float>(Bias[o]);
                    var variance = Vector<float>.Zero;
                    for (int k = k0; k < k1; k++)
                    {
                        var xv = Vector.LoadUnsafe(ref xr, (nuint)(Columns[k] * stride + b));
                        mean += new Vector<float>(Mu[k]) * xv;
                        variance += new Vector<float>(Variance[k]) * (xv * xv);
                    }
                    mean.StoreUnsafe(ref outr, (nuint)(row + b));
                    variance.StoreUnsafe(ref devr, (nuint)(row + b));
                }
                for (; b < b1; b++)
                {
                    float mean = Bias[o], variance = 0;
                    for (int k = k0; k < k1; k++)
                    {
                        float xv = x[Columns[k] * stride + b];
                        mean += Mu[k] * xv;
                        variance += Variance[k] * (xv * xv);
                    }
                    output[row + b] = mean;
                    deviation[row + b] = variance;
                }
                for (b = b0; b < b1; b++)
                {
                    float s = MathF.Sqrt(deviation[row + b] + 1e-8f), e = random.NextNormal();
                    deviation[row + b] = s;
                    noise[row + b] = e;
                    output[row + b] += s * e;
                }
            }
            else
            {
                for (; b + width <= b1; b += width)
                {
                    var mean = new Vector<float>(Bias[o]);
                    for (int k = k0; k < k1; k++)
                        mean += new Vector<float>(Mu[k]) * Vector.LoadUnsafe(ref xr, (nuint)(Columns[k] * stride + b));
                    mean.StoreUnsafe(ref outr, (nuint)(row + b));
                }
                for (; b < b1; b++)
                {
                    float mean = Bias[o];
                    for (int k = k0; k < k1; k++) mean += Mu[k] * x[Columns[k] * stride + b];
                    output[row + b] = mean;
                }
            }
        }
    }

    /// <summary>
    /// Backward for the slice given δ = ∂L/∂out: γ = δ·ε/(2s) = ∂L/∂var (written over <paramref name="noise"/>); the
    /// weight gradients by SDDMM on the support, gμ_k += Σ_b δ[o,b]·x[c,b] and gσ²_k += Σ_b γ[o,b]·x[c,b]²; gb_o += Σ_b δ;
    /// and, when <paramref name="inputGradient"/> is given, the transposed SpMM gx[c,b] = Σ_k μ_k·δ[o,b] + 2σ²_k·x[c,b]·γ[o,b].
    /// </summary>
    public void Backward(float[] x, float[] delta, float[] noise, float[] deviation, float[]? inputGradient, int stride, int b0, int b1,
        bool sampled, float[] gradMu, float[] gradVariance, float[] gradBias)
    {
        ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref float dr = ref MemoryMarshal.GetArrayDataReference(delta);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(noise);
        int width = Vector<float>.Count;
        if (sampled)
            for (int o = 0; o < Outputs; o++)
                for (int b = o * stride + b0; b < o * stride + b1; b++) noise[b] = delta[b] * noise[b] / (2 * deviation[b]);
        if (inputGradient is not null)
            for (int c = 0; c < Inputs; c++) inputGradient.AsSpan(c * stride + b0, b1 - b0).Clear();
        ref float ir = ref inputGradient is null ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetArrayDataReference(inputGradient);
        for (int o = 0; o < Outputs; o++)
        {
            int row = o * stride;
            for (int k = RowStart[o]; k < RowStart[o + 1]; k++)
            {
                int column = Columns[k] * stride;
                var accMu = Vector<float>.Zero;
                var accVar = Vector<float>.Zero;
                var mu = new Vector<float>(Mu[k]);
                var twoVar = new Vector<float>(2 * Variance[k]);
                int b = b0;
                for (; b + width <= b1; b += width)
                {
                    var xv = Vector.LoadUnsafe(ref xr, (nuint)(column + b));
                    var dv = Vector.LoadUnsafe(ref dr, (nuint)(row + b));
                    accMu += dv * xv;
                    if (sampled)
                    {
                        var gv = Vector.LoadUnsafe(ref gr, (nuint)(row + b));
                        accVar += gv * (xv * xv);
                        if (inputGradient is not null)
                            (Vector.LoadUnsafe(ref ir, (nuint)(column + b)) + mu * dv + twoVar * (xv * gv)).StoreUnsafe(ref ir, (nuint)(column + b));
                    }
                    else if (inputGradient is not null)
                        (Vector.LoadUnsafe(ref ir, (nuint)(column + b)) + mu * dv).StoreUnsafe(ref ir, (nuint)(column + b));
                }
                float sumMu = Vector.Sum(accMu), sumVar = Vector.Sum(accVar);
                for (; b < b1; b++)
                {
                    float xv = x[column + b], dv = delta[row + b];
                    sumMu += dv * xv;
                    if (sampled)
                    {
                        float gv = noise[row + b];
                        sumVar += gv * (xv * xv);
                        if (inputGradient is not null) inputGradient[column + b] += Mu[k] * dv + 2 * Variance[k] * (xv * gv);
                    }
                    else if (inputGradient is not null) inputGradient[column + b] += Mu[k] * dv;
                }
                gradMu[k] += sumMu;
                gradVariance[k] += sumVar;
            }
            float bias = 0;
            for (int b = row + b0; b < row + b1; b++) bias += delta[b];
            gradBias[o] += bias;
        }
    }
}
