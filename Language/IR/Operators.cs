namespace SparseDsl.Language.IR;

/// <summary>
/// The operator a kernel applies: a tree whose leaves are stored matrices. Today a kernel's operator is one
/// <see cref="StoredMatrix"/> (a transpose at the root is the kernel's action, <see cref="KernelAction.ApplyTransposed"/>);
/// <see cref="Transposed"/> is for transposes inside composite operators. Kronecker products, sums, products,
/// adjoints, scaled (<c>c·A</c>) and shifted (<c>A + σI</c>) nodes go here next, as further sealed records.
/// </summary>
public abstract record OperatorNode;

/// <summary>A matrix stored in one of the <see cref="StorageFormat"/>s, passed as the kernel parameter <paramref name="ParameterName"/>.</summary>
public sealed record StoredMatrix(string ParameterName, StorageFormat Storage) : OperatorNode;

/// <summary>The transpose of <paramref name="Operand"/>.</summary>
public sealed record Transposed(OperatorNode Operand) : OperatorNode;
