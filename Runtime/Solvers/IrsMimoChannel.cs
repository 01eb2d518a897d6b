using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// The sizes of the IRS-aided MIMO uplink of the Kronecker-SBL paper (defaults: its experiment): uniform linear
/// arrays at the mobile station (MS), the base station (BS) and the IRS, angle grids of <see cref="GridPoints"/>
/// points on cos θ ∈ [−1, 1), <see cref="AngleSpread"/> consecutive grid angles at the IRS and BS receive sides,
/// <see cref="Pilots"/> pilot symbols per IRS pattern and <see cref="Patterns"/> IRS reflection patterns.
/// </summary>
public sealed record IrsMimoSetup
{
    public int MsAntennas { get; init; } = 6;
    public int BsAntennas { get; init; } = 16;
    public int IrsElements { get; init; } = 256;
    public int GridPoints { get; init; } = 18;
    public int AngleSpread { get; init; } = 3;
    public int Pilots { get; init; } = 3;
    public int Patterns { get; init; } = 6;

    internal void Validate()
    {
        foreach (var (value, name) in new[] { (MsAntennas, nameof(MsAntennas)), (BsAntennas, nameof(BsAntennas)), (IrsElements, nameof(IrsElements)),
                     (GridPoints, nameof(GridPoints)), (AngleSpread, nameof(AngleSpread)), (Pilots, nameof(Pilots)), (Patterns, nameof(Patterns)) })
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, "must be at least 1");
        if (AngleSpread > GridPoints) throw new ArgumentOutOfRangeException(nameof(AngleSpread), AngleSpread, $"the angle spread cannot exceed the {GridPoints} grid points");
    }
}

/// <summary>
/// The IRS-MIMO channel-estimation problem of the Kronecker-SBL paper (its reference code's <c>PC-KroSBL/main.m</c>,
/// re-derived): the MS → IRS channel H1 = c1·a_IRS·m^H (one MS departure angle, the IRS arrival a sum of
/// <c>AngleSpread</c> consecutive steering vectors with CN(0, 1) gains) and IRS → BS channel H2 = c2·b·d^H (one IRS
/// departure angle, <c>AngleSpread</c> BS arrival angles); for each IRS pattern φ_p the effective channel
/// H_p = H2·diag(φ_p)·H1 (BS × MS) is observed through the pilots X: y = vec[H_1·X, …, H_P·X] + n. Because the
/// arrays are ULAs on the same grid, the cascaded IRS term depends only on the difference of the IRS angles, so
/// y = (F1 ⊗ F2 ⊗ F3)·x exactly with F1[p, j] = Σ_n φ_p[n]·a_n(θ_0)·conj(a_n(θ_j)) (patterns × grid), F2 = Xᵀ·conj(A_MS)
/// (pilots × grid), F3 = A_BS (BS × grid), and x = c1·c2·x_IRS ⊗ x_MS ⊗ x_BS block-sparse in the first and last
/// factor. The pilots (QPSK/√MS) and the IRS patterns (±1/√IRS) are drawn once per scenario, as the reference does.
/// </summary>
public sealed class IrsMimoScenario
{
    private readonly IrsMimoSetup _setup;
    private readonly DenseMatrix<Complex> _ms, _bs, _irs, _pilots, _patterns;

    public IrsMimoScenario(IrsMimoSetup setup, Random random)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(random);
        setup.Validate();
        _setup = setup;
        _ms = SteeringDictionary(setup.MsAntennas, setup.GridPoints);
        _bs = SteeringDictionary(setup.BsAntennas, setup.GridPoints);
        _irs = SteeringDictionary(setup.IrsElements, setup.GridPoints);
        _pilots = new DenseMatrix<Complex>(setup.MsAntennas, setup.Pilots);
        double pilotScale = 1 / Math.Sqrt(2 * setup.MsAntennas);
        for (int i = 0; i < _pilots.Values.Length; i++)
            _pilots.Values[i] = new Complex(random.Next(2) * 2 - 1, random.Next(2) * 2 - 1) * pilotScale;
        _patterns = new DenseMatrix<Complex>(setup.IrsElements, setup.Patterns);
        for (int p = 0; p < setup.Patterns; p++) DrawPattern(random, p);
    }

    public IrsMimoSetup Setup => _setup;

    /// <summary>The unknowns: GridPoints³.</summary>
    public int Unknowns => _setup.GridPoints * _setup.GridPoints * _setup.GridPoints;

    /// <summary>The measurements: Patterns·Pilots·BsAntennas.</summary>
    public int Measurements => _setup.Patterns * _setup.Pilots * _setup.BsAntennas;

    /// <summary>A ULA dictionary: column i is the steering vector for cos θ_i = 2i/grid − 1, entries exp(jπ·cos θ_i·n)/√dim.</summary>
    public static DenseMatrix<Complex> SteeringDictionary(int antennas, int grid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(antennas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(grid, 1);
        var a = new DenseMatrix<Complex>(antennas, grid);
        double scale = 1 / Math.Sqrt(antennas);
        for (int n = 0; n < antennas; n++)
            for (int i = 0; i < grid; i++)
                a[n, i] = Complex.FromPolarCoordinates(scale, Math.PI * (2.0 * i / grid - 1) * n);
        return a;
    }

    private void DrawPattern(Random random, int p)
    {
        double scale = 1 / Math.Sqrt(_setup.IrsElements);
        for (int n = 0; n < _setup.IrsElements; n++) _patterns[n, p] = (random.Next(2) * 2 - 1) * scale;
    }

    private static Complex Normal(Random random)
    {
        double r = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())), t = 2 * Math.PI * random.NextDouble();
        return new Complex(r * Math.Cos(t), r * Math.Sin(t)) / Math.Sqrt(2);
    }

    /// <summary>
    /// One channel realization: the angles and CN(0, 1) path gains, the effective channels per pattern (a pattern
    /// that leaves a channel below 1e-5 in norm is redrawn for this and later trials, as the reference does), the
    /// Kronecker factors, the true coefficients and the noiseless measurements.
    /// </summary>
    public IrsMimoTrial Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var s = _setup;
        int grid = s.GridPoints, spread = s.AngleSpread;
        int aodMs = random.Next(grid);
        int aoaIrs = random.Next(grid - spread + 1);
        int aodIrs = random.Next(grid);
        int aoaBs = random.Next(grid - spread + 1);
        var gainIrs = new Complex[spread];
        var gainBs = new Complex[spread];
        for (int k = 0; k < spread; k++) gainIrs[k] = Normal(random);
        for (int k = 0; k < spread; k++) gainBs[k] = Normal(random);
        double c1 = Math.Sqrt((double)s.MsAntennas * s.IrsElements / spread), c2 = Math.Sqrt((double)s.BsAntennas * s.IrsElements / spread);

        // H1 = c1·a·mᴴ (IRS × MS), H2 = c2·b·dᴴ (BS × IRS).
        var a = new Complex[s.IrsElements];
        var b = new Complex[s.BsAntennas];
        for (int k = 0; k < spread; k++)
        {
            for (int n = 0; n < s.IrsElements; n++) a[n] += _irs[n, aoaIrs + k] * gainIrs[k];
            for (int n = 0; n < s.BsAntennas; n++) b[n] += _bs[n, aoaBs + k] * gainBs[k];
        }
        var channels = new Complex[s.Patterns][];
        for (int p = 0; p < s.Patterns; p++)
        {
            while (true)
            {
                // H_p = c1·c2·b·(dᴴ·diag(φ_p)·a)·mᴴ, vec'd column-major (BS index fastest).
                Complex cascade = 0;
                for (int n = 0; n < s.IrsElements; n++) cascade += Complex.Conjugate(_irs[n, aodIrs]) * _patterns[n, p] * a[n];
                var h = new Complex[s.BsAntennas * s.MsAntennas];
                double norm = 0;
                for (int u = 0; u < s.MsAntennas; u++)
                    for (int r = 0; r < s.BsAntennas; r++)
                    {
                        h[u * s.BsAntennas + r] = c1 * c2 * b[r] * cascade * Complex.Conjugate(_ms[u, aodMs]);
                        norm += h[u * s.BsAntennas + r].Magnitude * h[u * s.BsAntennas + r].Magnitude;
                    }
                if (Math.Sqrt(norm) >= 1e-5) { channels[p] = h; break; }
                DrawPattern(random, p);
            }
        }

        // y = vec[H_p·X]_p: index (p·Pilots + t)·BS + r.
        var y = new Complex[Measurements];
        for (int p = 0; p < s.Patterns; p++)
            for (int t = 0; t < s.Pilots; t++)
                for (int r = 0; r < s.BsAntennas; r++)
                {
                    Complex sum = 0;
                    for (int u = 0; u < s.MsAntennas; u++) sum += channels[p][u * s.BsAntennas + r] * _pilots[u, t];
                    y[(p * s.Pilots + t) * s.BsAntennas + r] = sum;
                }

        // The factors: F1[p, j] = Σ_n φ_p[n]·a_n(θ_0)·conj(a_n(θ_j)), F2 = Xᵀ·conj(A_MS), F3 = A_BS.
        var f1 = new DenseMatrix<Complex>(s.Patterns, grid);
        for (int p = 0; p < s.Patterns; p++)
            for (int j = 0; j < grid; j++)
            {
                Complex sum = 0;
                for (int n = 0; n < s.IrsElements; n++) sum += _patterns[n, p] * _irs[n, 0] * Complex.Conjugate(_irs[n, j]);
                f1[p, j] = sum;
            }
        var f2 = new DenseMatrix<Complex>(s.Pilots, grid);
        for (int t = 0; t < s.Pilots; t++)
            for (int i = 0; i < grid; i++)
            {
                Complex sum = 0;
                for (int u = 0; u < s.MsAntennas; u++) sum += _pilots[u, t] * Complex.Conjugate(_ms[u, i]);
                f2[t, i] = sum;
            }
        var f3 = new DenseMatrix<Complex>(s.BsAntennas, grid);
        Array.Copy(_bs.Values, f3.Values, f3.Values.Length);

        // x: the IRS angle difference θ_k − θ_d sits at grid index (d − k) mod grid of F1 (the exponent is 2π-periodic).
        var xIrs = new Complex[grid];
        for (int k = 0; k < spread; k++) xIrs[((aodIrs - (aoaIrs + k)) % grid + grid) % grid] += gainIrs[k];
        var xBs = new Complex[grid];
        for (int k = 0; k < spread; k++) xBs[aoaBs + k] = gainBs[k];
        var x = new Complex[Unknowns];
        for (int j = 0; j < grid; j++)
            for (int k = 0; k < spread; k++)
                x[(j * grid + aodMs) * grid + aoaBs + k] = c1 * c2 * xIrs[j] * xBs[aoaBs + k];

        var factors = new[] { f1, f2, f3 };
        double power = 0;
        foreach (var v in y) power += v.Real * v.Real + v.Imaginary * v.Imaginary;
        return new IrsMimoTrial(factors, x, y, power / y.Length, channels, Conjugate(_ms), _bs);
    }

    private static DenseMatrix<Complex> Conjugate(DenseMatrix<Complex> m)
    {
        var c = new DenseMatrix<Complex>(m.Rows, m.Columns);
        for (int i = 0; i < c.Values.Length; i++) c.Values[i] = Complex.Conjugate(m.Values[i]);
        return c;
    }
}

/// <summary>One IRS-MIMO channel realization: the Kronecker factors of the dictionary, the true coefficients, the noiseless measurements and their power, and the effective channel per IRS pattern.</summary>
public sealed class IrsMimoTrial
{
    private readonly Complex[][] _channels;
    private readonly KroneckerOperator<Complex>[] _synthesis;

    internal IrsMimoTrial(DenseMatrix<Complex>[] factors, Complex[] coefficients, Complex[] noiseless, double signalPower, Complex[][] channels,
        DenseMatrix<Complex> msConjugate, DenseMatrix<Complex> bs)
    {
        Factors = factors;
        Coefficients = coefficients;
        Noiseless = noiseless;
        SignalPower = signalPower;
        _channels = channels;
        // Ĥ_p = (F1[p, :] ⊗ conj(A_MS) ⊗ A_BS)·x̂, vec'd as the true H_p.
        _synthesis = new KroneckerOperator<Complex>[channels.Length];
        for (int p = 0; p < channels.Length; p++)
        {
            var row = new DenseMatrix<Complex>(1, factors[0].Columns);
            for (int j = 0; j < row.Columns; j++) row[0, j] = factors[0][p, j];
            _synthesis[p] = new KroneckerOperator<Complex>(new[] { row, msConjugate, bs });
        }
    }

    /// <summary>F1 (patterns × grid), F2 (pilots × grid), F3 (BS × grid): y = (F1 ⊗ F2 ⊗ F3)·x.</summary>
    public DenseMatrix<Complex>[] Factors { get; }

    /// <summary>The true x (grid³, the IRS-difference index slowest, the BS angle fastest).</summary>
    public Complex[] Coefficients { get; }

    public Complex[] Noiseless { get; }

    /// <summary>‖y‖²/M of the noiseless measurements.</summary>
    public double SignalPower { get; }

    /// <summary>The effective channel H_p (BS × MS, column-major) of pattern p.</summary>
    public ReadOnlySpan<Complex> Channel(int pattern) => _channels[pattern];

    /// <summary>y = noiseless + CN(0, σ²) noise with σ² = signal power / 10^(SNR/10), and σ².</summary>
    public (Complex[] Y, double NoiseVariance) Observe(double snrDb, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(snrDb)) throw new ArgumentOutOfRangeException(nameof(snrDb), snrDb, "the SNR must be finite");
        double noise = SignalPower / Math.Pow(10, snrDb / 10);
        var y = new Complex[Noiseless.Length];
        for (int i = 0; i < y.Length; i++)
        {
            double r = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())), t = 2 * Math.PI * random.NextDouble();
            y[i] = Noiseless[i] + new Complex(r * Math.Cos(t), r * Math.Sin(t)) * Math.Sqrt(noise / 2);
        }
        return (y, noise);
    }

    /// <summary>The reference code's metric: the mean over the IRS patterns of ‖Ĥ_p − H_p‖²_F/‖H_p‖²_F, Ĥ_p synthesized from the estimate x̂.</summary>
    /// <exception cref="ShapeMismatchException">x̂ of the wrong length.</exception>
    public double ChannelNmse(ReadOnlySpan<Complex> estimate)
    {
        if (estimate.Length != Coefficients.Length) throw new ShapeMismatchException($"the estimate has length {estimate.Length} but x has {Coefficients.Length}", nameof(estimate));
        double sum = 0;
        var h = new Complex[_channels[0].Length];
        for (int p = 0; p < _channels.Length; p++)
        {
            _synthesis[p].Apply(estimate, h);
            double error = 0, norm = 0;
            for (int i = 0; i < h.Length; i++)
            {
                var d = h[i] - _channels[p][i];
                error += d.Real * d.Real + d.Imaginary * d.Imaginary;
                norm += _channels[p][i].Real * _channels[p][i].Real + _channels[p][i].Imaginary * _channels[p][i].Imaginary;
            }
            sum += error / norm;
        }
        return sum / _channels.Length;
    }
}
