using System;
using System.IO;
using System.Linq;
using System.Text;
using SparseDsl.Language.Compilation;
using Microsoft.CodeAnalysis.Text;
using SparseDsl.Language.Diagnostics;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>
/// Bad input never throws, never hangs, never overflows a 1 MB stack, and every diagnostic points inside the text
/// at the line and column Roslyn's <see cref="SourceText"/> gives for its offset.
/// </summary>
public class HostileInputTests
{
    internal static SpecCompilation CompileChecked(string text)
    {
        var result = SmallStack.Run(() => SpecCompiler.Compile("hostile.sparse", text));
        var body = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        var lines = SourceText.From(body).Lines;
        foreach (var d in result.Diagnostics)
        {
            Assert.Matches("^SPD[0-9]{3}$", d.Code);
            Assert.InRange(d.Span.Start, 0, body.Length);
            Assert.InRange(d.Span.End, d.Span.Start, body.Length);
            if (d.Code == "SPD005") continue; // the whole file: reported at (1,1)
            var start = lines.GetLinePosition(d.Span.Start);
            var end = lines.GetLinePosition(d.Span.End);
            Assert.True((start.Line + 1, start.Character + 1) == (d.Span.Line, d.Span.Column), $"{d} starts at {start} by Roslyn's count");
            Assert.True((end.Line + 1, end.Character + 1) == (d.Span.EndLine, d.Span.EndColumn), $"{d} ends at {end} by Roslyn's count");
            Assert.False(HasLoneSurrogate(d.Message), $"lone surrogate in: {d}");
        }
        return result;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    [Fact]
    public void RandomBytesGiveLocatedDiagnostics()
    {
        var random = new Random(1234);
        for (int i = 0; i < 50; i++)
        {
            var bytes = new byte[random.Next(1, 4000)];
            random.NextBytes(bytes);
            var result = CompileChecked(Encoding.UTF8.GetString(bytes));
            Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    [Fact]
    public void EveryTruncationOfEveryCorpusSpecCompilesWithoutThrowing()
    {
        foreach (var path in SpecFiles.ValidSpecs)
        {
            var text = File.ReadAllText(path);
            for (int length = 0; length < text.Length; length += 3)
                CompileChecked(text.Substring(0, length));
        }
    }

    [Fact]
    public void FiftyThousandParenthesesAreCutOffWithADiagnostic()
    {
        var text = "format F = csr<f64>;\nkernel K(A: F) : y = " + new string('(', 50_000) + "A * x" + new string(')', 50_000) + ";\n";
        var result = CompileChecked(text);
        // At the first token past the limit: `kernel K ( A : F ) : y =` are 10 tokens, then 4086 parentheses.
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("SPD007", 2, 22 + 4086), (d.Code, d.Span.Line, d.Span.Column));
    }

    [Fact]
    public void NestingPastTheLimitIsReportedNotRecursed()
    {
        var text = "format F = csr<f64>;\nkernel K(A: F) : y = " + new string('(', 100) + "A * x" + new string(')', 100) + ";\n";
        var result = CompileChecked(text);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("SPD004", 2, 22 + 64), (d.Code, d.Span.Line, d.Span.Column));
    }

    [Fact]
    public void LongRunOfUnaryMinusIsReported()
    {
        var result = CompileChecked("format F = csr<f64>;\nkernel K(A: F) : y = " + new string('-', 1000) + "A * x;");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("SPD004", 2, 22 + 64), (d.Code, d.Span.Line, d.Span.Column));
    }

    [Fact]
    public void AFileOverTheSizeLimitIsRejectedUpFront()
    {
        var text = string.Concat(Enumerable.Repeat("// padding padding padding padding padding padding\n", 45_000));
        var result = CompileChecked(text);
        Assert.Equal("SPD005", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void ALongValidFileCompiles()
    {
        var text = new StringBuilder("format F = csr<f64>;\n");
        for (int i = 0; i < 5_000; i++) text.Append("kernel K").Append(i).Append("(A: F) : y = alpha * A * x + beta * y;\n");
        var result = CompileChecked(text.ToString());
        Assert.Empty(result.Diagnostics);
        Assert.Equal(5_000, result.Ir!.Kernels.Count);
    }

    [Fact]
    public void TooManyErrorsAreCappedWithANote()
    {
        var result = CompileChecked(new string('@', 5_000));
        Assert.Equal(SpecCompiler.MaxDiagnostics + 1, result.Diagnostics.Count);
        Assert.Equal("SPD008", result.Diagnostics[result.Diagnostics.Count - 1].Code);
    }

    [Fact]
    public void ByteOrderMarkAndCrlfKeepPositionsRight()
    {
        var text = "\uFEFFformat F = csr<f64>;\r\n\r\nkernel K(A: G) : y = A * x;\r\n";
        var d = Assert.Single(CompileChecked(text).Diagnostics);
        Assert.Equal(("SPD101", 3, 13), (d.Code, d.Span.Line, d.Span.Column));
    }

    [Theory]
    [InlineData("format B = bsr<f64>(block: 0x4);", "SPD105")]
    [InlineData("format B = bsr<f64>(block: 4x99);", "SPD105")]
    [InlineData("format N = nm<f32>(5:4);", "SPD106")]
    [InlineData("format N = nm<f32>(0:4);", "SPD106")]
    [InlineData("format N = nm<f32>(4:64);", "SPD106")]
    [InlineData("format B = bsr<f64>(block: 4294967296x4);", "SPD003")]
    [InlineData("format N = nm<f32>(2.5:4);", "SPD003")]
    [InlineData("stencil S<f64>(grid: n, radius: 99) { [0] = 1; }", "SPD104")]
    [InlineData("stencil S<f64>(grid: n) { [3000000000] = 1; }", "SPD003")]
    public void OutOfRangeLiteralsAreLocated(string spec, string code)
    {
        var d = Assert.Single(CompileChecked(spec).Diagnostics);
        Assert.Equal(code, d.Code);
        Assert.Equal(1, d.Span.Line);
        Assert.True(d.Span.Column > 12, $"the diagnostic points at the literal, not the declaration: {d}");
    }

    [Fact]
    public void MutatedCorpusSpecsNeverThrow()
    {
        // A seeded fuzzer over the corpus: delete, duplicate, swap and replace characters and whole tokens.
        var random = new Random(20261125);
        var alphabet = "abcxyzAXY0123456789 \n\t;,:.=<>()[]{}*+-'/#@\"\\\u00e9\u2028\0";
        var specs = SpecFiles.ValidSpecs.Select(File.ReadAllText).ToArray();
        for (int mutant = 0; mutant < 2_000; mutant++)
        {
            var text = new StringBuilder(specs[random.Next(specs.Length)]);
            for (int edit = random.Next(1, 6); edit > 0 && text.Length > 0; edit--)
            {
                int at = random.Next(text.Length);
                int length = Math.Min(random.Next(1, 12), text.Length - at);
                switch (random.Next(4))
                {
                    case 0: text.Remove(at, length); break;
                    case 1: text.Insert(at, text.ToString(at, length)); break;
                    case 2: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    default:
                        int other = random.Next(text.Length);
                        (text[at], text[other]) = (text[other], text[at]);
                        break;
                }
            }
            CompileChecked(text.ToString());
        }
    }
}
