using System;
using System.Collections.Generic;
using System.Globalization;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// The parameters of a kernel's public method, named after the spec (matrix, input, output, then the scalars of
/// α and β), and fresh names for the locals the method declares. The CPU entry method and the GPU launcher share
/// it, so both spell a kernel's signature the same way.
/// <para>
/// A spec name becomes a parameter with its first letter lower-cased (<c>A</c> → <c>a</c>). Names the binder keeps
/// apart can meet there (<c>y = A * a</c>, <c>y = Y * x</c>): the later operand then gets a number (<c>a2</c>), a
/// later scalar the suffix <c>Scalar</c>. Keywords are escaped (<c>@class</c>); the scope compares unescaped names.
/// </para>
/// </summary>
internal abstract class KernelSignature
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <param name="matrixType">The matrix parameter's type, or null when the kernel takes none (a literal-grid stencil).</param>
    protected KernelSignature(KernelIr kernel, string? matrixType, string inputType, string outputType)
    {
        string t = KernelTerms.ElementType(kernel);
        var plan = Plan(kernel, matrixType is not null);
        foreach (var name in plan.Taken) _taken.Add(name);
        var parameters = new List<string>();
        var arguments = new List<string>();
        if (matrixType is not null)
        {
            Matrix = CSharpNames.Token(plan.Matrix!);
            parameters.Add($"{matrixType} {Matrix}");
            arguments.Add(Matrix);
        }
        Input = CSharpNames.Token(plan.Input);
        Output = CSharpNames.Token(plan.Output);
        parameters.Add($"{inputType} {Input}");
        parameters.Add($"{outputType} {Output}");
        arguments.Add(Input);
        arguments.Add(Output);
        var scalarNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (specName, plain) in plan.Scalars)
        {
            string name = CSharpNames.Token(plain);
            scalarNames.Add(specName, name);
            parameters.Add($"{t} {name}");
            arguments.Add(name);
        }
        Parameters = parameters;
        ParameterNames = arguments;
        AlphaArgument = ScalarArgument(kernel, kernel.Epilogue.Alpha, scalarNames);
        BetaArgument = ScalarArgument(kernel, kernel.Epilogue.Beta, scalarNames);
    }

    public IReadOnlyList<string> Parameters { get; }
    /// <summary>The parameters' names, in order (the arguments of a call that forwards them).</summary>
    public IReadOnlyList<string> ParameterNames { get; }
    public string? Matrix { get; }
    public string Input { get; }
    public string Output { get; }
    /// <summary>The value passed on as alpha (null when alpha is literal or absent).</summary>
    public string? AlphaArgument { get; }
    public string? BetaArgument { get; }

    /// <summary>The unescaped names of every parameter the kernel's public method can have (its matrix included).</summary>
    public static IEnumerable<string> PlainParameterNames(KernelIr kernel) => Plan(kernel, withMatrix: true).Taken;

    private sealed record Names(string? Matrix, string Input, string Output, List<(string SpecName, string Plain)> Scalars, HashSet<string> Taken);

    private static Names Plan(KernelIr kernel, bool withMatrix)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        string Operand(string specName)
        {
            string name = CSharpNames.Plain(Lower(specName));
            if (taken.Add(name)) return name;
            for (int n = 2; ; n++)
            {
                string numbered = name + n.ToString(CultureInfo.InvariantCulture);
                if (taken.Add(numbered)) return numbered;
            }
        }
        string? matrix = withMatrix ? Operand(kernel.OperatorParameterName) : null;
        string input = Operand(kernel.Input.Name);
        string output = Operand(kernel.Output.Name);
        var scalars = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scalar in new[] { kernel.Epilogue.Alpha, kernel.Epilogue.Beta })
        {
            if (scalar.Kind != ScalarKind.Parameter || scalar.ParameterName is null || !seen.Add(scalar.ParameterName)) continue;
            // A scalar whose C# name collides with an operand's (scalar `a` next to matrix `A`) gets a "Scalar" suffix.
            string name = CSharpNames.Plain(Lower(scalar.ParameterName));
            while (!taken.Add(name)) name += "Scalar";
            scalars.Add((scalar.ParameterName, name));
        }
        return new Names(matrix, input, output, scalars, taken);
    }

    private static string Lower(string specName)
        => string.IsNullOrEmpty(specName) ? specName : char.ToLowerInvariant(specName[0]) + specName.Substring(1);

    /// <summary>A local's name that no parameter (and no earlier local) uses.</summary>
    protected string Local(string name)
    {
        while (!_taken.Add(name)) name += "_";
        return name;
    }

    private static string? ScalarArgument(KernelIr kernel, Scalar scalar, Dictionary<string, string> scalarNames)
    {
        if (scalar.Kind != ScalarKind.Parameter || scalar.ParameterName is null) return null;
        string name = scalarNames[scalar.ParameterName];
        return scalar.Value == 1 ? name : $"{KernelTerms.Literal(kernel, scalar.Value)} * {name}";
    }
}
