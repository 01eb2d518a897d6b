using System;
using System.Globalization;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// Shared vocabulary of the CPU and GPU emitters: C# type names, literals and the alpha/beta epilogue (the vector
/// forms of the CPU paths are <see cref="Cpu.VectorTerms"/>).
/// Inside a range method alpha and beta are parameters named <c>alpha</c>/<c>beta</c> only when the spec
/// has a scalar parameter there (its literal factor already applied by the entry method); literal
/// coefficients are written inline, default ones disappear.
/// </summary>
public static class KernelTerms
{
    public static string ElementType(ScalarType type) => ScalarTypeNames.CSharpName(type);

    public static string ElementType(KernelIr kernel) => ElementType(kernel.Output.Element);

    public static string IndexType(StorageFormat format) => format.Index == IndexWidth.I64 ? "long" : "int";

    /// <summary>
    /// A round-trippable, culture-invariant literal of the kernel's element type: <c>2.5d</c>, <c>2.5f</c>, <c>1E-45f</c>.
    /// A finite double beyond the float range is what float arithmetic makes of it, an infinity, written as
    /// <c>global::System.Single.PositiveInfinity</c> (never the text "Infinity"); NaN and infinite doubles cannot come
    /// from a valid spec and are an internal error (SPD900).
    /// </summary>
    public static string Literal(KernelIr kernel, double value) => Literal(kernel.Output.Element, value);

    public static string Literal(ScalarType type, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), "a spec coefficient must be finite");
        if (type == ScalarType.C128) return $"new {Rt.Complex}({Literal(ScalarType.F64, value)}, 0d)";
        if (type.IsComplex()) throw new NotSupportedException($"no literals of {type.Description()} (the binder rejects it: it has no C# type)");
        if (type == ScalarType.F32)
        {
            float single = (float)value;
            if (float.IsInfinity(single)) return single > 0 ? Rt.Single + ".PositiveInfinity" : Rt.Single + ".NegativeInfinity";
            return single.ToString("R", CultureInfo.InvariantCulture) + "f";
        }
        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    public static string Zero(KernelIr kernel) => Literal(kernel, 0);

    /// <summary>True when the range method takes an <c>alpha</c> parameter.</summary>
    public static bool HasAlphaParameter(KernelIr kernel) => kernel.Epilogue.Alpha.Kind == ScalarKind.Parameter;

    /// <summary>True when the range method takes a <c>beta</c> parameter (which may be 0 at run time: then y is not read).</summary>
    public static bool HasBetaParameter(KernelIr kernel) => kernel.Epilogue.Beta.Kind == ScalarKind.Parameter;

    /// <summary>True when the old output is part of the result (a beta parameter, or a nonzero literal beta).</summary>
    public static bool ReadsOutput(KernelIr kernel)
        => kernel.Epilogue.Beta.Kind == ScalarKind.Parameter || (kernel.Epilogue.Beta.Kind == ScalarKind.Literal && kernel.Epilogue.Beta.Value != 0);

    /// <summary><c>alpha * product</c> with alpha as the spec says (1 → product, -1 → -product, literal, or parameter).</summary>
    public static string Scale(KernelIr kernel, string product) => Scale(kernel, product, "alpha");

    /// <summary><see cref="Scale(KernelIr, string)"/> with the alpha parameter's name from the method's <paramref name="scope"/>.</summary>
    public static string Scale(KernelIr kernel, LocalScope scope, string product)
        => Scale(kernel, product, HasAlphaParameter(kernel) ? scope.Of("alpha") : "alpha");

    private static string Scale(KernelIr kernel, string product, string alphaName)
    {
        var alpha = kernel.Epilogue.Alpha;
        return alpha.Kind switch
        {
            ScalarKind.Parameter => alphaName + " * " + product,
            ScalarKind.Literal when alpha.Value == 1 => product,
            ScalarKind.Literal when alpha.Value == -1 => "-" + product,
            ScalarKind.Literal => Literal(kernel, alpha.Value) + " * " + product,
            _ => product,
        };
    }

    /// <summary>
    /// The expression stored into an output element: <c>alpha * product + beta * old</c> in the form the spec
    /// asks for. A beta parameter that is 0 at run time overwrites (the old value, possibly NaN, is not read).
    /// </summary>
    public static string Combine(KernelIr kernel, string product, string old) => Combine(kernel, Scale(kernel, product), old, "beta");

    /// <summary><see cref="Combine(KernelIr, string, string)"/> with alpha's and beta's names from the method's <paramref name="scope"/>.</summary>
    public static string Combine(KernelIr kernel, LocalScope scope, string product, string old)
        => Combine(kernel, Scale(kernel, scope, product), old, HasBetaParameter(kernel) ? scope.Of("beta") : "beta");

    private static string Combine(KernelIr kernel, string scaled, string old, string betaName)
    {
        var beta = kernel.Epilogue.Beta;
        switch (beta.Kind)
        {
            case ScalarKind.Parameter:
                return $"{betaName} == {Zero(kernel)} ? {scaled} : {scaled} + {betaName} * {old}";
            case ScalarKind.Literal when beta.Value == 0:
                return scaled;
            case ScalarKind.Literal when beta.Value == 1:
                return $"{scaled} + {old}";
            case ScalarKind.Literal when beta.Value == -1:
                return $"{scaled} - {old}";
            case ScalarKind.Literal:
                return $"{scaled} + {Literal(kernel, beta.Value)} * {old}";
            default:
                return scaled;
        }
    }

    /// <summary>
    /// The statement that prepares an output element before products are accumulated into it (scatter kernels):
    /// <c>y[j] = 0</c>, <c>y[j] *= beta</c>, ...; null when the element stays as it is (beta = 1).
    /// </summary>
    public static string? PrescaleOutput(KernelIr kernel, string target) => PrescaleOutput(kernel, target, "beta");

    /// <summary><see cref="PrescaleOutput(KernelIr, string)"/> with beta's name from the method's <paramref name="scope"/>.</summary>
    public static string? PrescaleOutput(KernelIr kernel, LocalScope scope, string target)
        => PrescaleOutput(kernel, target, HasBetaParameter(kernel) ? scope.Of("beta") : "beta");

    private static string? PrescaleOutput(KernelIr kernel, string target, string betaName)
    {
        var beta = kernel.Epilogue.Beta;
        return beta.Kind switch
        {
            ScalarKind.Parameter => $"{target} = {betaName} == {Zero(kernel)} ? {Zero(kernel)} : {betaName} * {target};",
            ScalarKind.Literal when beta.Value == 1 => null,
            ScalarKind.Literal when beta.Value == 0 => $"{target} = {Zero(kernel)};",
            ScalarKind.Literal when beta.Value == -1 => $"{target} = -{target};",
            ScalarKind.Literal => $"{target} = {Literal(kernel, beta.Value)} * {target};",
            _ => $"{target} = {Zero(kernel)};",
        };
    }
}
