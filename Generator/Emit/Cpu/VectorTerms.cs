using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>The vector forms of <see cref="KernelTerms"/> for the CPU SIMD paths: vector types, lanes, broadcast alpha/beta and the vector epilogue.</summary>
public static class VectorTerms
{
    /// <summary>Lines declaring broadcast vectors <c>alphaVector</c>/<c>betaVector</c> for a vector width (only those the kernel uses).</summary>
    public static void DeclareVectorScalars(SourceWriter writer, KernelIr kernel, int vectorBits)
        => DeclareVectorScalars(writer, kernel, vectorBits, new LocalScope(new[] { "alpha", "beta" }));

    /// <summary>
    /// <see cref="DeclareVectorScalars(SourceWriter, KernelIr, int)"/> in the path's <paramref name="scope"/>: the
    /// vectors get fresh names (<c>scope.Of("alphaVector")</c>), alpha and beta are read by their scope names.
    /// </summary>
    public static void DeclareVectorScalars(SourceWriter writer, KernelIr kernel, int vectorBits, LocalScope scope)
    {
        string vector = VectorType(kernel, vectorBits);
        string create = $"{Rt.Vector(vectorBits)}.Create";
        if (kernel.Epilogue.Alpha.Kind == ScalarKind.Parameter) writer.Line($"{vector} {scope.Fresh("alphaVector")} = {create}({scope.Of("alpha")});");
        else if (kernel.Epilogue.Alpha.Kind == ScalarKind.Literal && kernel.Epilogue.Alpha.Value != 1 && kernel.Epilogue.Alpha.Value != -1)
            writer.Line($"{vector} {scope.Fresh("alphaVector")} = {create}({Literal(kernel, kernel.Epilogue.Alpha.Value)});");
        if (kernel.Epilogue.Beta.Kind == ScalarKind.Parameter) writer.Line($"{vector} {scope.Fresh("betaVector")} = {create}({scope.Of("beta")});");
        else if (kernel.Epilogue.Beta.Kind == ScalarKind.Literal && kernel.Epilogue.Beta.Value is not (0 or 1 or -1))
            writer.Line($"{vector} {scope.Fresh("betaVector")} = {create}({Literal(kernel, kernel.Epilogue.Beta.Value)});");
    }

    /// <summary>Vector form of <see cref="Combine"/>; uses the names declared by <see cref="DeclareVectorScalars(SourceWriter, KernelIr, int)"/>.</summary>
    public static string CombineVector(KernelIr kernel, string product, string old) => CombineVector(kernel, product, old, "alphaVector", "beta", "betaVector");

    /// <summary><see cref="CombineVector(KernelIr, string, string)"/> with the names of the path's <paramref name="scope"/> (after <see cref="DeclareVectorScalars(SourceWriter, KernelIr, int, LocalScope)"/>).</summary>
    public static string CombineVector(KernelIr kernel, LocalScope scope, string product, string old)
    {
        bool alphaVector = kernel.Epilogue.Alpha.Kind == ScalarKind.Parameter || (kernel.Epilogue.Alpha.Kind == ScalarKind.Literal && kernel.Epilogue.Alpha.Value is not (1 or -1));
        bool betaVector = kernel.Epilogue.Beta.Kind == ScalarKind.Parameter || (kernel.Epilogue.Beta.Kind == ScalarKind.Literal && kernel.Epilogue.Beta.Value is not (0 or 1 or -1));
        return CombineVector(kernel, product, old,
            alphaVector ? scope.Of("alphaVector") : "alphaVector",
            HasBetaParameter(kernel) ? scope.Of("beta") : "beta",
            betaVector ? scope.Of("betaVector") : "betaVector");
    }

    private static string CombineVector(KernelIr kernel, string product, string old, string alphaVector, string beta, string betaVector)
    {
        var alpha = kernel.Epilogue.Alpha;
        string scaled = alpha.Kind switch
        {
            ScalarKind.Parameter => alphaVector + " * " + product,
            ScalarKind.Literal when alpha.Value == 1 => product,
            ScalarKind.Literal when alpha.Value == -1 => "-" + product,
            ScalarKind.Literal => alphaVector + " * " + product,
            _ => product,
        };
        var betaValue = kernel.Epilogue.Beta;
        return betaValue.Kind switch
        {
            ScalarKind.Parameter => $"{beta} == {Zero(kernel)} ? {scaled} : {scaled} + {betaVector} * {old}",
            ScalarKind.Literal when betaValue.Value == 0 => scaled,
            ScalarKind.Literal when betaValue.Value == 1 => $"{scaled} + {old}",
            ScalarKind.Literal when betaValue.Value == -1 => $"{scaled} - {old}",
            ScalarKind.Literal => $"{scaled} + {betaVector} * {old}",
            _ => scaled,
        };
    }

    /// <summary><c>Vector256&lt;double&gt;</c> etc.</summary>
    public static string VectorType(KernelIr kernel, int vectorBits) => $"{Rt.Vector(vectorBits)}<{ElementType(kernel)}>";

    /// <summary>Lanes of one vector of the kernel's element type.</summary>
    public static int Lanes(KernelIr kernel, int vectorBits) => vectorBits / ScalarTypeNames.LaneBits(kernel.Matrix.Storage.Element);
}
