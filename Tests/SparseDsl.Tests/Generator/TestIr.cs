using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.IR;
using SparseDsl.Language.Text;

namespace SparseDsl.Tests.Generator;

/// <summary>Hand-built IR (independent of the parser) for emitter tests.</summary>
internal static class TestIr
{
    public static FormatIr Csr(string name, ElementType type, IndexWidth index = IndexWidth.I32)
        => new(name, FormatKind.Csr, type, index, Levels(("i", LevelKind.Dense), ("j", LevelKind.Compressed)));

    public static FormatIr Csc(string name, ElementType type)
        => new(name, FormatKind.Csc, type, IndexWidth.I32, Levels(("j", LevelKind.Dense), ("i", LevelKind.Compressed)));

    public static FormatIr Coo(string name, ElementType type)
        => new(name, FormatKind.Coo, type, IndexWidth.I32, Levels(("i", LevelKind.Compressed), ("j", LevelKind.Singleton)));

    public static FormatIr Dense(string name, ElementType type, bool columnMajor = false)
        => new(name, FormatKind.Dense, type, IndexWidth.I32, Levels(("i", LevelKind.Dense), ("j", LevelKind.Dense)), ColumnMajor: columnMajor);

    public static FormatIr Dia(string name, ElementType type)
        => new(name, FormatKind.Dia, type, IndexWidth.I32, Levels(("i", LevelKind.Dense), ("j", LevelKind.Offset)));

    private static EquatableArray<StorageLevel> Levels(params (string Coordinate, LevelKind Kind)[] levels)
        => levels.Select(l => new StorageLevel(l.Kind, l.Coordinate)).ToEquatableArray();

    public static Scalar Param(string name, double factor = 1) => new(ScalarKind.Parameter, factor, name);

    public static Scalar Literal(double value) => new(ScalarKind.Literal, value);

    public static KernelIr Kernel(string name, KernelOperation operation, FormatIr format, int line, string text,
        Scalar? alpha = null, Scalar? beta = null, string matrix = "A")
    {
        bool matMat = operation == KernelOperation.MatMat;
        return new KernelIr(name, operation, format, matrix, matMat ? "X" : "x", matMat ? "Y" : "y",
            alpha ?? Scalar.None, beta ?? Scalar.None, text, new SourceSpan(line * 10, text.Length, line, 1, line, 1 + text.Length));
    }

    public static SpecIr Spec(string ns, string className, string path, params KernelIr[] kernels)
        => new(ns, className, path, kernels.Select(k => k.Format).Distinct().ToEquatableArray(), kernels.ToEquatableArray());

    /// <summary>The kernels of Specs/CsrKernels.sparse (CSR part), built by hand.</summary>
    public static SpecIr CsrSpec()
    {
        var f32 = Csr("CsrF32", ElementType.F32);
        var f64 = Csr("CsrF64", ElementType.F64);
        var wide = Csr("CsrWide", ElementType.F64, IndexWidth.I64);
        return Spec("SparseDsl.HandBuilt", "CsrKernels", "CsrKernels.sparse",
            Kernel("SpmvF32", KernelOperation.MatVec, f32, 11, "y = A * x"),
            Kernel("SpmvF64", KernelOperation.MatVec, f64, 12, "y = A * x"),
            Kernel("AxpbyF32", KernelOperation.MatVec, f32, 13, "y = alpha * A * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("AxpbyF64", KernelOperation.MatVec, f64, 14, "y = alpha * A * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("ScaledF64", KernelOperation.MatVec, f64, 15, "y = 2.5 * A * x - y", Literal(2.5), Literal(-1)),
            Kernel("SpmvTF64", KernelOperation.MatVecTransposed, f64, 16, "y = A' * x"),
            Kernel("SpmvTAxpbyF32", KernelOperation.MatVecTransposed, f32, 17, "y = alpha * A' * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("SpmmF64", KernelOperation.MatMat, f64, 18, "Y = A * X"),
            Kernel("SpmmAxpbyF32", KernelOperation.MatMat, f32, 19, "Y = alpha * A * X + beta * Y", Param("alpha"), Param("beta")),
            Kernel("Spmv64", KernelOperation.MatVec, wide, 20, "y = A * x"),
            Kernel("SpmvT64", KernelOperation.MatVecTransposed, wide, 21, "y = A' * x"));
    }
}
