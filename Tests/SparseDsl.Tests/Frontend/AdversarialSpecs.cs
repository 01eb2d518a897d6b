using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SparseDsl.Tests.Frontend;

/// <summary>
/// Inputs built to make the front end slow or deep, each of about a requested size: the families the limits in
/// Specs/README.md ("Limits") are there for.
/// </summary>
internal static class AdversarialSpecs
{
    public static IReadOnlyList<(string Name, Func<int, string> Build)> Families { get; } = new (string, Func<int, string>)[]
    {
        ("long names", LongNames),
        ("misspelt names", MisspeltNames),
        ("many kernels", ManyKernels),
        ("deep nesting", DeepNesting),
        ("long chains", LongChains),
    };

    /// <summary>Two different names of about half the size each: a format and a kernel parameter that misses it.</summary>
    public static string LongNames(int size)
    {
        int length = Math.Max(1, (size - 60) / 2);
        return "format F" + new string('a', length) + " = csr<f64>;\nkernel K(A: F" + new string('b', length) + ") : y = A * x;\n";
    }

    /// <summary>Formats with 64-character names (the longest that get suggestions) and kernels naming a misspelling of each.</summary>
    public static string MisspeltNames(int size)
    {
        var formats = new StringBuilder();
        var kernels = new StringBuilder();
        for (int i = 0; formats.Length + kernels.Length < size; i++)
        {
            var name = "Format" + i.ToString("D6", CultureInfo.InvariantCulture) + new string('q', 52);
            var misspelt = "Fromat" + i.ToString("D6", CultureInfo.InvariantCulture) + new string('q', 52);
            formats.Append("format ").Append(name).Append(" = csr<f64>;\n");
            kernels.Append("kernel K").Append(i).Append("(A: ").Append(misspelt).Append(") : y = A * x;\n");
        }
        return formats.Append(kernels).ToString();
    }

    /// <summary>One format and as many kernels as fit, each naming a format that is not declared.</summary>
    public static string ManyKernels(int size)
    {
        var text = new StringBuilder("format F = csr<f64>;\n");
        for (int i = 0; text.Length < size; i++) text.Append("kernel K").Append(i).Append("(A: G").Append(i).Append(") : y = A * x;\n");
        return text.ToString();
    }

    /// <summary>Kernels nested exactly to the limit alternating with kernels of runs of 64 unary minuses and a parenthesis, ten deep.</summary>
    public static string DeepNesting(int size)
    {
        var atLimit = "y = -" + new string('(', 63) + "A * x" + new string(')', 63) + ";\n";
        var run = new StringBuilder();
        for (int i = 0; i < 10; i++) run.Append('-', 64).Append('(');
        var overLimit = "y = " + run + "A * x" + new string(')', 10) + ";\n";
        var text = new StringBuilder("format F = csr<f64>;\n");
        for (int i = 0; text.Length < size; i++) text.Append("kernel K").Append(i).Append("(A: F) : ").Append(i % 2 == 0 ? atLimit : overLimit);
        return text.ToString();
    }

    /// <summary>Kernels with chains of 256 operators (the limit) alternating with chains of 2,000.</summary>
    public static string LongChains(int size)
    {
        var atLimit = new StringBuilder("y = ");
        for (int i = 0; i < 254; i++) atLimit.Append("1 * ");
        atLimit.Append("A * x + y;\n");
        var overLimit = new StringBuilder("y = A * x");
        for (int i = 0; i < 2_000; i++) overLimit.Append(" + y");
        overLimit.Append(";\n");
        var text = new StringBuilder("format F = csr<f64>;\n");
        for (int i = 0; text.Length < size; i++) text.Append("kernel K").Append(i).Append("(A: F) : ").Append(i % 2 == 0 ? atLimit : overLimit);
        return text.ToString();
    }
}
