using System;

namespace SparseDsl;

/// <summary>Operands of a kernel do not fit together (vector length, matrix shape). The message names the operand and both sizes.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    public ShapeMismatchException(string message, string? paramName = null) : base(message, paramName) { }
}
