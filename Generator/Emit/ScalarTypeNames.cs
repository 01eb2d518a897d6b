using System;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// The one place that maps a <see cref="ScalarType"/> to C#: its type name and the width of one SIMD lane. A type
/// with no C# counterpart (c64: the BCL has no single-precision complex) throws, so nothing silently becomes
/// <c>double</c>; the binder rejects the complex types today (SPD113), so the throws are unreachable from a spec.
/// </summary>
public static class ScalarTypeNames
{
    /// <summary><c>float</c>, <c>double</c>, <c>global::System.Numerics.Complex</c>; c64 throws.</summary>
    public static string CSharpName(ScalarType type) => type switch
    {
        ScalarType.F32 => "float",
        ScalarType.F64 => "double",
        ScalarType.C128 => Rt.Complex,
        ScalarType.C64 => throw new NotSupportedException("c64 (complex, 2 × f32) has no C# type: the BCL's Complex is double precision"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a scalar type"),
    };

    /// <summary>Bits of one SIMD lane of a real type (32 for f32, 64 for f64); complex types have no SIMD path and throw.</summary>
    public static int LaneBits(ScalarType type) => type switch
    {
        ScalarType.F32 => 32,
        ScalarType.F64 => 64,
        _ => throw new NotSupportedException($"{type.Description()} has no SIMD kernels"),
    };
}
