using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// The IRS-MIMO channel-estimation setup of the Kronecker-SBL paper: the Kronecker dictionary reproduces the
/// measurements simulated from the physical channels H2·diag(φ)·H1 exactly (formed as a dense product here), the
/// true coefficients synthesize the true channels, and a seeded small study recovers the channels at 20 dB.
/// </summary>
public class IrsTests
{
    [Fact]
    public void TheKroneckerDictionaryExplainsThePhysicalMeasurements()
    {
        var scenario = new IrsMimoScenario(new IrsMimoSetup(), new Random(100));
        Assert.Equal((5832, 288), (scenario.Unknowns, scenario.Measurements));
        for (int trial = 0; trial < 3; trial++)
        {
            var t = scenario.Draw(new Random(200 + trial));
            Assert.Equal(new[] { (6, 18), (3, 18), (16, 18) }, t.Factors.Select(f => (f.Rows, f.Columns)));
            // The dense dictionary formed entry by entry against y simulated through H_p·X.
            var h = SparseDsl.Tests.Verification.KroneckerReference.Formed(t.Factors);
            double error = 0, norm = 0;
            for (int i = 0; i < 288; i++)
            {
                Complex sum = 0;
                for (int j = 0; j < 5832; j++) sum += h[i, j] * t.Coefficients[j];
                error += (sum - t.Noiseless[i]).Magnitude * (sum - t.Noiseless[i]).Magnitude;
                norm += t.Noiseless[i].Magnitude * t.Noiseless[i].Magnitude;
            }
            Assert.True(error <= 1e-24 * norm, $"trial {trial}: ‖Hx − y‖²/‖y‖² = {error / norm:G3}");
            Assert.True(t.ChannelNmse(t.Coefficients) < 1e-24);
            Assert.Equal(1.0, t.ChannelNmse(new Complex[5832]), 12);
            // Block-sparse: one MS angle, AngleSpread BS angles, AngleSpread IRS angle differences.
            Assert.Equal(9, t.Coefficients.Count(v => v != Complex.Zero));
            Assert.Equal(t.Noiseless.Sum(v => v.Magnitude * v.Magnitude) / 288, t.SignalPower, 1e-9 * t.SignalPower);
        }
        Assert.Throws<ShapeMismatchException>(() => scenario.Draw(new Random(1)).ChannelNmse(new Complex[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IrsMimoScenario(new IrsMimoSetup { AngleSpread = 19 }, new Random(1)));
    }

    [Fact]
    public void RecoversTheChannelsAt20Db()
    {
        var scenario = new IrsMimoScenario(new IrsMimoSetup(), new Random(101));
        var token = TestContext.Current.CancellationToken;
        double svd = 0, pc = 0;
        const int trials = 4;
        for (int trial = 0; trial < trials; trial++)
        {
            var t = scenario.Draw(new Random(300 + trial));
            var (y, noise) = t.Observe(20, new Random(400 + trial));
            var options = new KroneckerSblOptions { NoiseVariance = noise, PruneThreshold = 0, AbsolutePruneThreshold = 1e-4 };
            svd += t.ChannelNmse(KroneckerSbl.Solve(t.Factors, y, options, null, token).Mean) / trials;
            var coupled = options with
            {
                Update = KroneckerSblUpdate.AlternatingMinimization, FactorPruneThresholds = new[] { 1e-2, 1e-1, 1e-2 },
                InnerTolerance = 1e-4, InnerIterations = 9, Coupling = 0.8, CoupledFactors = new[] { 0, 2 },
            };
            pc += t.ChannelNmse(KroneckerSbl.Solve(t.Factors, y, coupled, null, token).Mean) / trials;
        }
        // The paper's means over 50 trials at 20 dB: SVD-KroSBL 0.105, PC-KroSBL (β = 0.8) 0.0029.
        Assert.True(svd < 0.3, $"SVD-KroSBL NMSE {svd:G3}, PC-KroSBL {pc:G3}");
        Assert.True(pc < 0.05, $"SVD-KroSBL NMSE {svd:G3}, PC-KroSBL {pc:G3}");
    }
}
