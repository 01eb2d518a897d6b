using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using SparseDsl.Language.Compilation;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>Lines and columns are counted as Roslyn's SourceText counts them, so the IDE shows each diagnostic where it belongs.</summary>
public class PositionTests
{
    public static TheoryData<string> LineBreaks() => new("\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029");

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void EveryRoslynLineBreakEndsALine(string lineBreak)
    {
        var text = "format F = csr<f64>;" + lineBreak + lineBreak + "kernel K(A: G) : y = A * x;" + lineBreak;
        var d = Assert.Single(HostileInputTests.CompileChecked(text).Diagnostics);
        Assert.Equal(("SPD101", 3, 13), (d.Code, d.Span.Line, d.Span.Column));
        var roslyn = SourceText.From(text).Lines.GetLinePosition(d.Span.Start);
        Assert.Equal((roslyn.Line + 1, roslyn.Character + 1), (d.Span.Line, d.Span.Column));
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void ALineCommentEndsAtEveryLineBreak(string lineBreak)
    {
        // With CR line ends a comment that ran to the next LF swallowed the rest of the file.
        var text = "// the formats" + lineBreak + "format F = csr<f64>;" + lineBreak + "kernel K(A: G) : y = A * x;";
        var d = Assert.Single(HostileInputTests.CompileChecked(text).Diagnostics);
        Assert.Equal(("SPD101", 3, 13), (d.Code, d.Span.Line, d.Span.Column));
    }

    [Fact]
    public void MixedLineEndsAndLinesInMessagesAgreeWithRoslyn()
    {
        var text = "format F = csr<f64>;\r\u2028\rformat F = csr<f32>;\n\u0085kernel K(A: F) :\u2029y = A * x;";
        var result = HostileInputTests.CompileChecked(text);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("SPD100", 4, 8), (d.Code, d.Span.Line, d.Span.Column));
        Assert.Equal("`F` is already declared on line 1", d.Message);
        var kernel = Assert.Single(result.Ir!.Kernels);
        var span = result.SourceMap.KernelSpan(kernel.Name);
        Assert.Equal(6, span.Line);
        Assert.Equal(7, span.EndLine);
        // Any line break inside a kernel becomes one space in its source text (U+2029 would end a C# comment).
        Assert.Equal("kernel K(A: F) : y = A * x;", kernel.SourceText);
    }

    [Fact]
    public void StencilTapLinesFollowRoslynLines()
    {
        var text = "stencil S<f64>(grid: n) {\r  [0] = 2;\r  [0] = 1;\r}";
        var d = Assert.Single(HostileInputTests.CompileChecked(text).Diagnostics);
        Assert.Equal(("SPD110", 3, 3), (d.Code, d.Span.Line, d.Span.Column));
        Assert.Equal("the offset [0] is already given on line 2", d.Message);
    }

    [Fact]
    public void ALoneSurrogateIsNamedByItsCodePointOnly()
    {
        var d = Assert.Single(HostileInputTests.CompileChecked("format F = csr<f64>; \uD83D").Diagnostics);
        Assert.Equal(("SPD002", 22, "unexpected character U+D83D"), (d.Code, d.Span.Column, d.Message));
    }

    [Fact]
    public void AnAstralCharacterIsOneDiagnosticTwoColumnsWide()
    {
        var result = HostileInputTests.CompileChecked("format F = csr<f64>; \U0001F600\U0001F600");
        Assert.Equal(new[] { (22, 24, "unexpected character `\U0001F600` (U+1F600)"), (24, 26, "unexpected character `\U0001F600` (U+1F600)") },
            result.Diagnostics.Select(d => (d.Span.Column, d.Span.EndColumn, d.Message)));
    }
}

/// <summary>Diagnostics read the same under every culture (a negative number is never written with U+2212, digits stay ASCII).</summary>
public class CultureInvariantMessageTests
{
    public static TheoryData<string> Cultures() => new("sv-SE", "fa-IR", "ar-SA", "de-DE", "tr-TR", "hi-IN", "th-TH-u-nu-thai");

    private static readonly string[] Inputs =
    {
        "format B = bsr<f64>(block: 4294967296x4);",
        "stencil S<f64>(grid: n) { [-3000000000] = 1; }",
        "stencil S<f64>(grid: n, radius: 99) { [0] = 1; }",
        "format B = bsr<f64>(block: 2x2, shape: 3x4);",
        "format S = sell<f64>(slice: 8, sort: 12);",
        "format F = csr<f32>; kernel K(A: F) : y = -1.5e39 * A * x;",
    };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void MessagesDoNotDependOnTheCulture(string cultureName)
    {
        var texts = Inputs.Concat(SpecFiles.ErrorSpecs.Select(System.IO.File.ReadAllText)).ToArray();
        string[] Messages() => texts.SelectMany(t => SmallStack.Run(() => SpecCompiler.Compile("c.sparse", t)).Diagnostics.Select(d => d.ToString())).ToArray();

        var saved = (Thread.CurrentThread.CurrentCulture, Thread.CurrentThread.CurrentUICulture);
        string[] invariant, local;
        try
        {
            Thread.CurrentThread.CurrentCulture = Thread.CurrentThread.CurrentUICulture = CultureInfo.InvariantCulture;
            invariant = Messages();
            Thread.CurrentThread.CurrentCulture = Thread.CurrentThread.CurrentUICulture = new CultureInfo(cultureName);
            local = Messages();
        }
        finally
        {
            (Thread.CurrentThread.CurrentCulture, Thread.CurrentThread.CurrentUICulture) = saved;
        }
        Assert.Equal(invariant, local);
        Assert.Contains(invariant, m => m.Contains("between -2147483648 and 2147483647", System.StringComparison.Ordinal));
    }

    [Fact]
    public void TheSwedishCultureReallyWritesAnotherMinus()
    {
        // Without ICU every culture would format like the invariant one and the test above could not fail.
        Assert.Equal("\u2212" + "1", (-1).ToString(new CultureInfo("sv-SE")));
    }
}
