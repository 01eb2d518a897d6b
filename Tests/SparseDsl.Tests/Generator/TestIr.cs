using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.IR;
using SparseDsl.Language.Text;

namespace SparseDsl.Tests.Generator;

/// <summary>Hand-built IR (independent of the parser) for emitter tests.</summary>
internal static class TestIr
{
    public static CsrStorage Csr(string name, ScalarType type, IndexWidth index = IndexWidth.I32) => new(name, type, index, null);

    public static CscStorage Csc(string name, ScalarType type) => new(name, type, IndexWidth.I32, null);

    public static CooStorage Coo(string name, ScalarType type) => new(name, type, IndexWidth.I32, null);

    public static DenseStorage Dense(string name, ScalarType type, bool columnMajor = false) => new(name, type, IndexWidth.I32, null, columnMajor);

    public static DiaStorage Dia(string name, ScalarType type) => new(name, type, IndexWidth.I32, null);

    public static Scalar Param(string name, double factor = 1) => new(ScalarKind.Parameter, factor, name);

    public static Scalar Literal(double value) => new(ScalarKind.Literal, value);

    public static KernelIr Kernel(string name, KernelAction action, StorageFormat format, string text,
        Scalar? alpha = null, Scalar? beta = null, string matrix = "A")
    {
        bool block = action == KernelAction.ApplyToBlock;
        var kind = block ? OperandKind.DenseBlock : OperandKind.Vector;
        return new KernelIr(name, action, new StoredMatrix(matrix, format),
            new Operand(block ? "X" : "x", kind, format.Element), new Operand(block ? "Y" : "y", kind, format.Element),
            new Epilogue(alpha ?? Scalar.None, beta ?? Scalar.None), text);
    }

    /// <summary>A source map placing each kernel on its line (column 1, as long as its source text).</summary>
    public static SourceMap Map(params (KernelIr Kernel, int Line)[] kernels)
        => new(kernels.Select(k => new KernelPosition(k.Kernel.Name, At(k.Line, k.Kernel.SourceText.Length))).ToEquatableArray());

    public static SourceSpan At(int line, int length) => new(line * 10, length, line, 1, line, 1 + length);

    public static SpecIr Spec(string ns, string className, string path, params KernelIr[] kernels)
        => new(ns, className, path, kernels.Select(k => k.Matrix.Storage).Distinct().ToEquatableArray(), kernels.ToEquatableArray());

    /// <summary>The kernels of Specs/CsrKernels.sparse, built by hand (same names and coefficients).</summary>
    public static SpecIr CsrSpec(string ns = "SparseDsl.HandBuilt")
    {
        var f32 = Csr("CsrF32", ScalarType.F32);
        var f64 = Csr("CsrF64", ScalarType.F64);
        var wide = Csr("CsrWide", ScalarType.F64, IndexWidth.I64);
        var csc = Csc("CscF64", ScalarType.F64);
        var coo = Coo("CooF64", ScalarType.F64);
        var row = Dense("DenseRow", ScalarType.F64);
        var col = Dense("DenseCol", ScalarType.F64, columnMajor: true);
        return Spec(ns, "CsrKernels", "CsrKernels.sparse",
            Kernel("SpmvF32", KernelAction.Apply, f32, "y = A * x"),
            Kernel("SpmvF64", KernelAction.Apply, f64, "y = A * x"),
            Kernel("AxpbyF32", KernelAction.Apply, f32, "y = alpha * A * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("AxpbyF64", KernelAction.Apply, f64, "y = alpha * A * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("ScaledF64", KernelAction.Apply, f64, "y = 2.5 * A * x - y", Literal(2.5), Literal(-1)),
            Kernel("SpmvTF64", KernelAction.ApplyTransposed, f64, "y = A' * x"),
            Kernel("SpmvTAxpbyF32", KernelAction.ApplyTransposed, f32, "y = alpha * A' * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("SpmmF64", KernelAction.ApplyToBlock, f64, "Y = A * X"),
            Kernel("SpmmAxpbyF32", KernelAction.ApplyToBlock, f32, "Y = alpha * A * X + beta * Y", Param("alpha"), Param("beta")),
            Kernel("Spmv64", KernelAction.Apply, wide, "y = A * x"),
            Kernel("SpmvT64", KernelAction.ApplyTransposed, wide, "y = A' * x"),
            Kernel("CscAxpby", KernelAction.Apply, csc, "y = alpha * A * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("CscSpmvT", KernelAction.ApplyTransposed, csc, "y = A' * x"),
            Kernel("CooAccumulate", KernelAction.Apply, coo, "y = A * x + y", beta: Literal(1)),
            Kernel("DenseAxpby", KernelAction.Apply, row, "y = alpha * A * x + beta * y", Param("alpha"), Param("beta")),
            Kernel("DenseColMv", KernelAction.Apply, col, "y = A * x"),
            Kernel("DenseMvT", KernelAction.ApplyTransposed, row, "y = A' * x"),
            Kernel("DenseMm", KernelAction.ApplyToBlock, row, "Y = A * X"));
    }
}
