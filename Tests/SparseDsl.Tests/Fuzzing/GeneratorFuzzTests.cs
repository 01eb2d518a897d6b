using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// Fuzzing the whole path spec → front end → emitter → generator → C# compiler, with a fixed seed and a time
/// budget (<see cref="FuzzSettings"/>: SPARSEDSL_FUZZ_SECONDS each, 10 by default; CI's fuzz stage runs longer).
/// A failure message names the seed and case number that reproduce it and shows the spec minimized. Each
/// campaign runs in a child process (<see cref="FuzzChild"/>), so a crash it finds fails the test, not the suite.
/// </summary>
public class GeneratorFuzzTests
{
    private static readonly string[] Corpus = Frontend.SpecFiles.ValidSpecs.Concat(Frontend.SpecFiles.ErrorSpecs)
        .Select(File.ReadAllText).ToArray();

    private static readonly string[] CorpusNames = Frontend.SpecFiles.ValidSpecs.Concat(Frontend.SpecFiles.ErrorSpecs)
        .Select(p => Path.GetFileNameWithoutExtension(p)).ToArray();

    private const string MutationCampaign = "mutation fuzz";
    private const string GrammarCampaign = "grammar fuzz";

    private static async Task InChild(string method, string campaign)
    {
        // Budget, shrinking (at most five cases) and the child's start-up with Roslyn's first compilation.
        var timeout = TimeSpan.FromSeconds(2 * FuzzSettings.Seconds + 5 * FuzzSettings.ShrinkLimit.TotalSeconds + 120);
        string? failure = await FuzzChild.RunAsync(typeof(GeneratorFuzzTests).FullName + "." + method, FuzzCampaign.LastCasePathOf(campaign), timeout);
        if (failure is null) return;
        if (FuzzSettings.ReportPath is string path && !failure.StartsWith(campaign, StringComparison.Ordinal)) File.AppendAllText(path, campaign + ": " + failure + "\n");
        Assert.Fail(failure);
    }

    /// <summary>The random state of case <paramref name="n"/> alone, so a case reproduces without the ones before it.</summary>
    internal static Random CaseRandom(int seed, long n) => new(unchecked(seed * 1_000_003 + (int)n * 7919 + (int)(n >> 32)));

    /// <summary>Mutants of the corpus (and of generated specs): none throws or hangs, every one that binds generates C# that compiles.</summary>
    [Fact]
    public async Task MutatedCorpusNeverThrowsAndWhatBindsCompiles()
    {
        if (!FuzzChild.InProcess)
        {
            await InChild(nameof(MutatedCorpusNeverThrowsAndWhatBindsCompiles), MutationCampaign);
            return;
        }
        int seed = FuzzSettings.Seed;
        var campaign = new FuzzCampaign(MutationCampaign, seed, TimeSpan.FromSeconds(FuzzSettings.Seconds), compileShare: 0.5, batchSize: 3, everyCaseMustBind: false);
        string report = campaign.Run(n =>
        {
            var random = CaseRandom(seed, n);
            string baseName, text;
            if (random.Next(5) == 0)
            {
                var generated = new SpecGrammar(random).Next((int)n);
                (baseName, text) = ("Generated", generated.Text);
            }
            else
            {
                int which = random.Next(Corpus.Length);
                (baseName, text) = (CorpusNames[which], Corpus[which]);
            }
            string mutated = new SpecMutator(Corpus, random).Mutate(text);
            return new SpecCase(FormattableString.Invariant($"m{n}/{baseName}_{n}.sparse"), mutated);
        }, out bool failed);
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.False(failed, report);
    }

    /// <summary>Specs written by the grammar with hostile names: every one binds, and its generated C# compiles without errors or warnings.</summary>
    [Fact]
    public async Task GrammarGeneratedSpecsBindAndCompile()
    {
        if (!FuzzChild.InProcess)
        {
            await InChild(nameof(GrammarGeneratedSpecsBindAndCompile), GrammarCampaign);
            return;
        }
        int seed = FuzzSettings.Seed;
        var campaign = new FuzzCampaign(GrammarCampaign, seed, TimeSpan.FromSeconds(FuzzSettings.Seconds), compileShare: 0.9, batchSize: 6, everyCaseMustBind: true);
        string report = campaign.Run(n => new SpecGrammar(CaseRandom(seed, n)).Next((int)n), out bool failed);
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.False(failed, report);
    }
}
