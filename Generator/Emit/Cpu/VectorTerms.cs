using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>The vector forms of <see cref="KernelTerms"/> for the CPU SIMD paths: vector types, lanes, broadcast alpha/beta and the vector epilogue.</summary>
public static class VectorTerms
{
    /// <summary>Lines declaring broadcast vectors <c>alphaVector</c>/<c>betaVector</c> for a vector width (only those the kernel uses).</summary>
    public static void DeclareVectorScalars(SourceWriter writer, KernelIr kernel, int vectorBits)
    {
        string vector = VectorType(kernel, vectorBits);
        string create = $"{Rt.Vector(vectorBits)}.Create";
        if (kernel.Epilogue.Alpha.Kind == ScalarKind.Parameter) writer.Line($"{vector} alphaVector = {create}(alpha);");
        else if (kernel.Epilogue.Alpha.Kind == ScalarKind.Literal && kernel.Epilogue.Alpha.Value != 1 && kernel.Epilogue.Alpha.Value != -1)
            writer.Line($"{vector} alphaVector = {create}({Literal(kernel, kernel.Epilogue.Alpha.Value)});");
        if (kernel.Epilogue.Beta.Kind == ScalarKind.Parameter) writer.Line($"{vector} betaVector = {create}(beta);");
        else if (kernel.Epilogue.Beta.Kind == ScalarKind.Literal && kernel.Epilogue.Beta.Value is not (0 or 1 or -1))
            writer.Line($"{vector} betaVector = {create}({Literal(kernel, kernel.Epilogue.Beta.Value)});");
    }

    /// <summary>Vector form of <see cref="Combine"/>; uses the names declared by <see cref="DeclareVectorScalars"/>.</summary>
    public static string CombineVector(KernelIr kernel, string product, string old)
    {
        var alpha = kernel.Epilogue.Alpha;
        string scaled = alpha.Kind switch
        {
            ScalarKind.Parameter => "alphaVector * " + product,
            ScalarKind.Literal when alpha.Value == 1 => product,
            ScalarKind.Literal when alpha.Value == -1 => "-" + product,
            ScalarKind.Literal => "alphaVector * " + product,
            _ => product,
        };
        var beta = kernel.Epilogue.Beta;
        return beta.Kind switch
        {
            ScalarKind.Parameter => $"beta == {Zero(kernel)} ? {scaled} : {scaled} + betaVector * {old}",
            ScalarKind.Literal when beta.Value == 0 => scaled,
            ScalarKind.Literal when beta.Value == 1 => $"{scaled} + {old}",
            ScalarKind.Literal when beta.Value == -1 => $"{scaled} - {old}",
            ScalarKind.Literal => $"{scaled} + betaVector * {old}",
            _ => scaled,
        };
    }

    /// <summary><c>Vector256&lt;double&gt;</c> etc.</summary>
    public static string VectorType(KernelIr kernel, int vectorBits) => $"{Rt.Vector(vectorBits)}<{ElementType(kernel)}>";

    /// <summary>Lanes of one vector of the kernel's element type.</summary>
    public static int Lanes(KernelIr kernel, int vectorBits) => vectorBits / ScalarTypeNames.LaneBits(kernel.Matrix.Storage.Element);
}
