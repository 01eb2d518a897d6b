using System;
using System.Collections.Generic;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// The parameters of a kernel's public method, named after the spec (matrix, input, output, then the scalars of
/// α and β), and fresh names for the locals the method declares. The CPU entry method and the GPU launcher share
/// it, so both spell a kernel's signature the same way.
/// </summary>
internal abstract class KernelSignature
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <param name="matrixType">The matrix parameter's type, or null when the kernel takes none (a literal-grid stencil).</param>
    protected KernelSignature(KernelIr kernel, string? matrixType, string inputType, string outputType)
    {
        string t = KernelTerms.ElementType(kernel);
        var parameters = new List<string>();
        if (matrixType is not null)
        {
            Matrix = KernelTerms.ParameterName(kernel.MatrixName);
            parameters.Add($"{matrixType} {Matrix}");
            _taken.Add(Matrix);
        }
        Input = KernelTerms.ParameterName(kernel.InputName);
        Output = KernelTerms.ParameterName(kernel.OutputName);
        _taken.Add(Input);
        _taken.Add(Output);
        parameters.Add($"{inputType} {Input}");
        parameters.Add($"{outputType} {Output}");
        // A scalar whose C# name collides with an operand's (scalar `a` next to matrix `A`) gets a "Scalar" suffix.
        var scalarNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scalar in new[] { kernel.Alpha, kernel.Beta })
        {
            if (scalar.Kind != ScalarKind.Parameter || scalar.ParameterName is null || scalarNames.ContainsKey(scalar.ParameterName)) continue;
            string name = KernelTerms.ParameterName(scalar.ParameterName);
            while (!_taken.Add(name)) name = name.TrimStart('@') + "Scalar";
            scalarNames.Add(scalar.ParameterName, name);
            parameters.Add($"{t} {name}");
        }
        Parameters = parameters;
        AlphaArgument = ScalarArgument(kernel, kernel.Alpha, scalarNames);
        BetaArgument = ScalarArgument(kernel, kernel.Beta, scalarNames);
    }

    public IReadOnlyList<string> Parameters { get; }
    public string? Matrix { get; }
    public string Input { get; }
    public string Output { get; }
    /// <summary>The value passed on as alpha (null when alpha is literal or absent).</summary>
    public string? AlphaArgument { get; }
    public string? BetaArgument { get; }

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
