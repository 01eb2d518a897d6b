using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using SparseDsl.Language.Binding;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>
/// Inputs built to blow the stack or take quadratic time compile on a 1 MB stack, with a bounded amount of work,
/// each limit reported once at the token that exceeds it.
/// </summary>
public class AdversarialInputTests
{
    private const string Prefix = "format F = csr<f64>; kernel K(A: F) : y = ";

    private static (SpecCompilation Result, long SuggestionWork) CompileCounted(string text)
    {
        HostileInputTests.CompileChecked(text); // positions checked against Roslyn
        return SmallStack.Run(() => (SpecCompiler.Compile("adversarial.sparse", text), Binder.LastSuggestionWork));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(60)]
    public void UnaryMinusRunsAndParenthesesAddUpToOneNestingLimit(int levels)
    {
        var text = new StringBuilder(Prefix);
        for (int i = 0; i < levels; i++) text.Append('-', 64).Append('(');
        text.Append("A * x").Append(')', levels).Append(';');
        var d = Assert.Single(HostileInputTests.CompileChecked(text.ToString()).Diagnostics);
        // The first parenthesis follows 64 minuses: level 65.
        Assert.Equal(("SPD004", 1, Prefix.Length + 64 + 1), (d.Code, d.Span.Line, d.Span.Column));
    }

    [Fact]
    public void ParenthesesInsideUnaryRunsCountEveryLevel()
    {
        // -(-(-( ... : two levels per pair; the 33rd parenthesis is level 66.
        var text = Prefix + string.Concat(Enumerable.Repeat("-(", 40)) + "A * x" + new string(')', 40) + ";";
        var d = Assert.Single(HostileInputTests.CompileChecked(text).Diagnostics);
        Assert.Equal(("SPD004", Prefix.Length + 64 + 1), (d.Code, d.Span.Column));
    }

    [Theory]
    [InlineData("2 * ")]
    [InlineData("y + ")]
    public void AChainPastTheOperatorLimitIsReportedAtTheFirstOperatorTooMany(string link)
    {
        var text = Prefix + string.Concat(Enumerable.Repeat(link, 2_000)) + "A * x;";
        var d = Assert.Single(HostileInputTests.CompileChecked(text).Diagnostics);
        // The 257th operator: the one in link 257, two characters into it.
        Assert.Equal(("SPD010", Prefix.Length + 256 * link.Length + 3), (d.Code, d.Span.Column));
    }

    [Fact]
    public void AChainAtTheOperatorLimitBinds()
    {
        // 255 factors of 2 before `A * x`: 256 operators, alpha = 2^255.
        var text = Prefix + string.Concat(Enumerable.Repeat("2 * ", 255)) + "A * x;";
        var result = HostileInputTests.CompileChecked(text);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(Math.Pow(2, 255), Assert.Single(result.Ir!.Kernels).Epilogue.Alpha.Value);
    }

    [Theory]
    [InlineData('*')]
    [InlineData('+')]
    public void TheBinderFlattensAChainFarPastTheParserLimitOnASmallStack(char op)
    {
        // Built by hand: the parser would stop at 256 operators, the binder alone must not recurse per operand.
        var span = new SourceSpan(0, 1, 1, 1, 1, 2);
        NameSyntax Name(string text) => new(text, span);
        ExpressionSyntax chain = new NumberExpressionSyntax(new NumberSyntax("1", false, span));
        for (int i = 0; i < 200_000; i++)
        {
            ExpressionSyntax right = op == '*' ? new NumberExpressionSyntax(new NumberSyntax("1", false, span)) : new NameExpressionSyntax(Name("y"), false, span);
            chain = new BinaryExpressionSyntax(op, chain, right, span);
        }
        ExpressionSyntax product = new BinaryExpressionSyntax('*', new NameExpressionSyntax(Name("A"), false, span), new NameExpressionSyntax(Name("x"), false, span), span);
        var expression = op == '*'
            ? new BinaryExpressionSyntax('*', new BinaryExpressionSyntax('*', chain, new NameExpressionSyntax(Name("A"), false, span), span), new NameExpressionSyntax(Name("x"), false, span), span)
            : new BinaryExpressionSyntax('+', product, chain, span);
        var spec = new SpecSyntax(new DeclarationSyntax[]
        {
            new FormatSyntax(Name("F"), Name("csr"), Name("f64"), null, null, Array.Empty<ArgumentSyntax>(), span),
            new KernelSyntax(Name("K"), new[] { new ParameterSyntax(Name("A"), Name("F"), span) }, Name("y"), expression, span),
        });
        var diagnostics = new List<DiagnosticInfo>();
        var ir = SmallStack.Run(() => Binder.Bind(spec, "chain.sparse", "K", diagnostics, out _));
        if (op == '*')
        {
            Assert.Empty(diagnostics);
            Assert.Equal("A", Assert.Single(ir.Kernels).Matrix.ParameterName);
        }
        else
        {
            // 200,000 added terms: reported (only one may add the output), not overflowed.
            Assert.Equal("SPD120", Assert.Single(diagnostics).Code);
        }
    }

    [Fact]
    public void TwoLongDifferentNamesAreReportedWithoutComparingThem()
    {
        var text = AdversarialSpecs.LongNames(56_000);
        var (result, work) = CompileCounted(text);
        Assert.Equal(new[] { ("SPD011", 1, 8), ("SPD011", 2, 13) }, result.Diagnostics.Select(d => (d.Code, d.Span.Line, d.Span.Column)));
        Assert.Equal(0, work);
    }

    [Fact]
    public void ANameAtTheLengthLimitIsAccepted()
    {
        var name = "F" + new string('n', SparseParser.MaxNameLength - 1);
        var result = HostileInputTests.CompileChecked($"format {name} = csr<f64>;\nkernel K(A: {name}) : y = A * x;");
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void ManyMisspeltNamesSpendABoundedSuggestionBudget()
    {
        var text = AdversarialSpecs.MisspeltNames(257_000);
        var (result, work) = CompileCounted(text);
        Assert.InRange(work, 1, Binder.SuggestionBudget);
        // The first misspelling still gets its suggestion.
        var first = result.Diagnostics.First(d => d.Code == "SPD101");
        Assert.EndsWith("did you mean `Format000000" + new string('q', 52) + "`?", first.Message);
        Assert.Equal("SPD008", result.Diagnostics[result.Diagnostics.Count - 1].Code);
    }

    [Fact]
    public void SuggestionsStopAtTheDiagnosticCap()
    {
        // One candidate, thousands of kernels: only the kernels whose diagnostics can still be shown are compared.
        var text = AdversarialSpecs.ManyKernels(SpecCompiler.MaxSpecLength - 100);
        var (result, work) = CompileCounted(text);
        Assert.InRange(work, 1, SpecCompiler.MaxDiagnostics * 8L * 2);
        Assert.Equal(SpecCompiler.MaxDiagnostics + 1, result.Diagnostics.Count);
    }

    [Fact]
    public void DeclarationsPastTheLimitAreReportedOnceAndNotCompiled()
    {
        var text = new StringBuilder("format F = csr<f64>;\n");
        for (int i = 0; i < SparseParser.MaxDeclarations + 500; i++) text.Append("kernel K").Append(i).Append("(A: F) : y = A * x;\n");
        var result = HostileInputTests.CompileChecked(text.ToString());
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("SPD012", SparseParser.MaxDeclarations + 1, 1), (d.Code, d.Span.Line, d.Span.Column));
        Assert.Equal(SparseParser.MaxDeclarations - 1, result.Ir!.Kernels.Count);
    }

    public static TheoryData<string> FamilyNames() => new(AdversarialSpecs.Families.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void HundredKilobytesOfEachFamilyCompileWithBoundedWork(string family)
    {
        var text = AdversarialSpecs.Families.Single(f => f.Name == family).Build(100_000);
        var stopwatch = Stopwatch.StartNew();
        var (result, work) = CompileCounted(text);
        stopwatch.Stop();
        Assert.InRange(work, 0, Binder.SuggestionBudget);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        // Generous on purpose (a shared 2-core machine): the quadratic versions took minutes at this size.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"{family}: {stopwatch.Elapsed}");
    }

    /// <summary>Prints the worst compile time per size and family (run with <c>-explicit only</c>); the numbers in the report come from here.</summary>
    [Fact(Explicit = true)]
    public void MeasureCompileTimes()
    {
        var table = new StringBuilder("| family | 10 kB | 100 kB | 1 MB (limit) |\n|---|---|---|---|\n");
        foreach (var (name, build) in AdversarialSpecs.Families)
        {
            table.Append("| ").Append(name).Append(" |");
            foreach (var size in new[] { 10_000, 100_000, SpecCompiler.MaxSpecLength - 1_000 })
            {
                var text = build(size);
                if (text.Length > SpecCompiler.MaxSpecLength) text = text.Substring(0, SpecCompiler.MaxSpecLength);
                var worst = TimeSpan.Zero;
                for (int run = 0; run < 3; run++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    SmallStack.Run(() => SpecCompiler.Compile("measure.sparse", text));
                    stopwatch.Stop();
                    if (stopwatch.Elapsed > worst) worst = stopwatch.Elapsed;
                }
                table.Append(' ').Append(worst.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)).Append(" ms |");
            }
            table.Append('\n');
        }
        var path = Environment.GetEnvironmentVariable("SPARSEDSL_MEASURE_OUT");
        if (path is not null) File.WriteAllText(path, table.ToString());
        TestContext.Current.SendDiagnosticMessage(table.ToString());
    }
}
