using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.IR;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>
/// Many small parser cases in plain-text files (Language/Cases/*.cases). Each case is
/// <c>=== name</c>, the spec, <c>---</c>, then the expected lines: every diagnostic as the compiler prints it,
/// and one summary line per kernel (<c>kernel Name: Operation Format A x -> y alpha=... beta=...</c>).
/// </summary>
public class CaseFileTests
{
    private static readonly string CasesDirectory = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Cases");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(CasesDirectory, "*.cases").OrderBy(f => f, StringComparer.Ordinal))
            foreach (var (name, _, _) in Parse(file))
                data.Add(Path.GetFileName(file), name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CaseGivesTheExpectedOutput(string file, string name)
    {
        var (_, spec, expected) = Parse(Path.Combine(CasesDirectory, file)).Single(c => c.Name == name);
        var result = SpecCompiler.Compile("case.sparse", spec);
        var actual = result.Diagnostics.Select(d => d.ToString())
            .Concat(result.Ir?.Kernels.Select(Summary) ?? Enumerable.Empty<string>())
            .ToArray();
        Assert.Equal(expected, actual);
    }

    public static string Summary(KernelIr k)
        => $"kernel {k.Name}: {k.Action} {k.Matrix.Storage.Kind} {k.Matrix.ParameterName} {k.Input.Name} -> {k.Output.Name} alpha={Describe(k.Epilogue.Alpha)} beta={Describe(k.Epilogue.Beta)}";

    private static string Describe(Scalar s) => s.Kind switch
    {
        ScalarKind.Default => "default",
        ScalarKind.Literal => s.Value.ToString("R", CultureInfo.InvariantCulture),
        _ => s.Value == 1.0 ? s.ParameterName! : s.Value.ToString("R", CultureInfo.InvariantCulture) + "*" + s.ParameterName,
    };

    private static IEnumerable<(string Name, string Spec, string[] Expected)> Parse(string file)
    {
        var lines = File.ReadAllLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("=== ", StringComparison.Ordinal)) continue;
            var name = lines[i].Substring(4).Trim();
            var spec = new List<string>();
            for (i++; i < lines.Length && lines[i] != "---"; i++) spec.Add(lines[i]);
            var expected = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("=== ", StringComparison.Ordinal); i++)
                if (lines[i].Length > 0) expected.Add(lines[i]);
            i--;
            yield return (name, string.Join("\n", spec), expected.ToArray());
        }
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
