using System.Collections.Generic;
using System.Linq;

namespace SparseDsl.Language.IR;

/// <summary>The element types of the language. <see cref="ScalarTypes"/> is the one table that describes them.</summary>
public enum ScalarType
{
    F32,
    F64,
    /// <summary>Complex, two f32 (real, imaginary).</summary>
    C64,
    /// <summary>Complex, two f64 (real, imaginary).</summary>
    C128,
}

/// <summary>One row of <see cref="ScalarTypes"/>.</summary>
/// <param name="Spelling">How a spec writes it: <c>f32</c>.</param>
/// <param name="Detail">What it is, for messages: <c>32-bit floating point</c>.</param>
/// <param name="IsComplex">A real and an imaginary part.</param>
/// <param name="SizeInBytes">Bytes of one value.</param>
/// <param name="Implemented">Whether kernels over it exist yet; the binder rejects the others (SPD113).</param>
public sealed record ScalarTypeInfo(ScalarType Type, string Spelling, string Detail, bool IsComplex, int SizeInBytes, bool Implemented)
{
    /// <summary>The spelling and what it is, as messages write it: <c>f64 (64-bit floating point)</c>.</summary>
    public string Description => Spelling + " (" + Detail + ")";
}

/// <summary>
/// The scalar-type table: the one place that knows a type's spelling, its description in messages, whether it is
/// complex, its size and whether kernels implement it. The binder parses spellings through it; the generator maps
/// a type to its C# name in one place (<c>Generator/Emit/ScalarTypeNames.cs</c>).
/// </summary>
public static class ScalarTypes
{
    /// <summary>Every scalar type, in the order messages list them.</summary>
    public static IReadOnlyList<ScalarTypeInfo> All { get; } = new[]
    {
        new ScalarTypeInfo(ScalarType.F32, "f32", "32-bit floating point", IsComplex: false, SizeInBytes: 4, Implemented: true),
        new ScalarTypeInfo(ScalarType.F64, "f64", "64-bit floating point", IsComplex: false, SizeInBytes: 8, Implemented: true),
        new ScalarTypeInfo(ScalarType.C64, "c64", "complex, 2 × f32", IsComplex: true, SizeInBytes: 8, Implemented: false),
        new ScalarTypeInfo(ScalarType.C128, "c128", "complex, 2 × f64", IsComplex: true, SizeInBytes: 16, Implemented: false),
    };

    /// <summary>The row of <paramref name="type"/>.</summary>
    public static ScalarTypeInfo Of(ScalarType type) => All[(int)type];

    /// <summary>The row spelled <paramref name="spelling"/> (<c>f32</c>, ...), or null.</summary>
    public static ScalarTypeInfo? Parse(string spelling) => All.FirstOrDefault(t => t.Spelling == spelling);

    /// <summary>Every spelling, as a message lists them: <c>f32, f64, c64 or c128</c>.</summary>
    public static string Spellings { get; } =
        string.Join(", ", All.Take(All.Count - 1).Select(t => t.Spelling)) + " or " + All[All.Count - 1].Spelling;

    public static string Spelling(this ScalarType type) => Of(type).Spelling;

    public static string Description(this ScalarType type) => Of(type).Description;

    public static bool IsComplex(this ScalarType type) => Of(type).IsComplex;

    public static int SizeInBytes(this ScalarType type) => Of(type).SizeInBytes;
}
