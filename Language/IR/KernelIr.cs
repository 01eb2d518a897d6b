using SparseDsl.Language.Common;

namespace SparseDsl.Language.IR;

// The kernel IR: what the backends consume. It is independent of any backend and of the syntax tree.
// A format is one of the storage records of Storage.cs; a kernel is one of a few operations over a format with
// an alpha/beta epilogue. Every type is an equatable record so the generator caches it.

/// <summary>
/// What a kernel does with its operator. Room for adjoint (y = α·Aᴴ·x + β·y), gradient, SDDMM (sampled dense-dense
/// products on a sparsity pattern) and solve actions next.
/// </summary>
public enum KernelAction
{
    /// <summary>y = alpha * A * x + beta * y</summary>
    Apply,
    /// <summary>y = alpha * A' * x + beta * y</summary>
    ApplyTransposed,
    /// <summary>Y = alpha * A * X + beta * Y, X a dense row-major block of k vectors</summary>
    ApplyToBlock,
    /// <summary>y = alpha * Aᴴ * x + beta * y, the conjugate transpose (only complex operators: for real ones it is <see cref="ApplyTransposed"/>)</summary>
    ApplyAdjoint,
}

/// <summary>What an operand of a kernel is.</summary>
public enum OperandKind
{
    Vector,
    /// <summary>A dense row-major matrix whose columns are the vectors of a block.</summary>
    DenseBlock,
    Scalar,
}

/// <summary>An operand of a kernel as the spec names it, with its kind and element type.</summary>
public sealed record Operand(string Name, OperandKind Kind, ScalarType Element);

public enum ScalarKind
{
    /// <summary>The term is absent (beta) or one (alpha).</summary>
    Default,
    /// <summary>A literal number written in the spec.</summary>
    Literal,
    /// <summary>A scalar argument of the generated method.</summary>
    Parameter,
}

/// <summary>
/// A coefficient of the epilogue. For alpha, Default means 1; for beta, Default means the output is
/// overwritten. A coefficient may be a literal, a parameter, or a literal times a parameter (Value * Name).
/// </summary>
public sealed record Scalar(ScalarKind Kind, double Value = 1.0, string? ParameterName = null)
{
    public static Scalar None { get; } = new(ScalarKind.Default);
}

/// <summary>The epilogue <c>out = alpha * op(...) + beta * out</c>.</summary>
public sealed record Epilogue(Scalar Alpha, Scalar Beta)
{
    public static Epilogue None { get; } = new(Scalar.None, Scalar.None);
}

/// <summary>
/// One kernel, ready for the backends: an action over an operator tree with typed operands and an epilogue. It holds
/// no position: where the kernel is declared is in the compilation's <c>SourceMap</c>, which only diagnostics read.
/// </summary>
public sealed record KernelIr(
    string Name,
    KernelAction Action,
    OperatorNode Operator,
    Operand Input,
    Operand Output,
    Epilogue Epilogue,
    string SourceText)
{
    /// <summary>The stored matrix of a kernel over one stored matrix (the storage backends' view of <see cref="Operator"/>).</summary>
    public StoredMatrix Matrix => Operator as StoredMatrix
        ?? throw new System.NotSupportedException($"kernel {Name}: the operator {Operator} is not a single stored matrix");

    /// <summary>Whether the kernel applies one stored matrix (the storage backends' kernels) rather than a declared operator.</summary>
    public bool IsStored => Operator is StoredMatrix;

    /// <summary>The kernel parameter that holds the applied matrix or operator.</summary>
    public string OperatorParameterName => Operator switch
    {
        StoredMatrix stored => stored.ParameterName,
        DeclaredOperator declared => declared.ParameterName,
        _ => throw new System.NotSupportedException($"kernel {Name}: a kernel applies a stored matrix or a declared operator, not {Operator}"),
    };
}

/// <summary>Everything one spec file compiles to.</summary>
public sealed record SpecIr(
    string Namespace,
    string ClassName,
    string FilePath,
    EquatableArray<StorageFormat> Formats,
    EquatableArray<KernelIr> Kernels,
    EquatableArray<OperatorDeclaration> Operators = default,
    EquatableArray<PipelineIr> Pipelines = default,
    EquatableArray<GradientIr> Gradients = default);
