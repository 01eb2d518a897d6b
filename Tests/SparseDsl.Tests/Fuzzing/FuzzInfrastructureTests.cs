using System;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using SparseDsl.Language.Compilation;
using Xunit;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>The fuzzers' own machinery: the 1 MB stack, reproducible cases, valid grammar output, shrinking.</summary>
public class FuzzInfrastructureTests
{
    [Fact]
    public void SmallStackHasAbout1MegabyteOfStack()
    {
        // Recurse with 1 KB frames until the runtime says the stack is nearly used up (it keeps a reserve of
        // 64-128 KB): the count is the stack size in KB, minus that reserve.
        int depth = SmallStack.Run(() => Depth(0));
        Assert.InRange(depth, 600, 1024);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe int Depth(int level)
    {
        byte* frame = stackalloc byte[1024];
        frame[level % 1024] = 1;
        return RuntimeHelpers.TryEnsureSufficientExecutionStack() ? Depth(level + 1) + frame[level % 1024] - 1 : level;
    }

    [Fact]
    public void SmallStackRethrowsWithTheOriginalExceptionAndKeepsTheCallersCulture()
    {
        var thrown = Assert.Throws<FormatException>(() => SmallStack.Run<int>(() => throw new FormatException("inner")));
        Assert.Equal("inner", thrown.Message);
        Assert.Contains(nameof(SmallStackRethrowsWithTheOriginalExceptionAndKeepsTheCallersCulture), thrown.StackTrace);

        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            Assert.Equal("1,5", SmallStack.Run(() => 1.5.ToString()));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void ACaseIsReproducibleFromTheSeedAndItsNumberAlone()
    {
        var corpus = Frontend.SpecFiles.ValidSpecs.Select(System.IO.File.ReadAllText).ToArray();
        string Mutant(long n) => new SpecMutator(corpus, GeneratorFuzzTests.CaseRandom(7, n)).Mutate(corpus[0]);
        string Generated(long n) => new SpecGrammar(GeneratorFuzzTests.CaseRandom(7, n)).Next((int)n).Text;
        Assert.Equal(Mutant(41), Mutant(41));
        Assert.Equal(Generated(41), Generated(41));
        Assert.NotEqual(Generated(41), Generated(42));
        Assert.InRange(Enumerable.Range(0, 20).Select(n => Mutant(n)).Where(m => m != corpus[0]).Distinct().Count(), 15, 20);
    }

    [Fact]
    public void GrammarSpecsBindWithoutErrorsAndCoverEveryKindAndOperation()
    {
        var kinds = new System.Collections.Generic.HashSet<string>();
        var operations = new System.Collections.Generic.HashSet<string>();
        for (int n = 0; n < 300; n++)
        {
            var spec = new SpecGrammar(GeneratorFuzzTests.CaseRandom(FuzzSettings.DefaultSeed, n)).Next(n);
            var result = SpecCompiler.Compile(spec.Path, spec.Text);
            Assert.False(result.HasErrors, $"case {n} does not bind:\n{spec.Text}\n{string.Join("\n", result.Diagnostics)}");
            foreach (var kernel in result.Ir!.Kernels)
            {
                kinds.Add(kernel.IsStored ? kernel.Matrix.Storage.Kind.ToString() : "Operator");
                operations.Add(kernel.Action.ToString() + (kernel.Epilogue.Alpha.Kind.ToString() + kernel.Epilogue.Beta.Kind.ToString()));
            }
        }
        Assert.Equal(10, kinds.Count);
        Assert.True(operations.Count >= 4 * 6, string.Join(", ", operations));
    }

    [Fact]
    public void ShrinkerFindsTheOneLineAndTokensThatMatter()
    {
        string text = string.Join("\n", Enumerable.Range(0, 30).Select(i => $"format F{i} = csr<f64>;")) + "\nkernel Boom(A: F3) : y = 2 * A * x;\n";
        string minimized = Shrinker.Minimize(text, t => t.Contains("Boom", StringComparison.Ordinal) && t.Contains("2", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal("Boom2 ", minimized); // tokens keep their trailing whitespace
    }

    [Fact]
    public void ShrinkerStopsAtItsTimeLimitWithAFailingText()
    {
        string text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i}\n"));
        int calls = 0;
        string minimized = Shrinker.Minimize(text, t => { calls++; System.Threading.Thread.Sleep(5); return t.Contains("line 1999", StringComparison.Ordinal); }, TimeSpan.FromMilliseconds(300));
        Assert.Contains("line 1999", minimized);
        Assert.InRange(calls, 1, 200);
    }
}
