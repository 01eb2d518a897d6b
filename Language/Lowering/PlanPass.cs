using SparseDsl.Language.IR;

namespace SparseDsl.Language.Lowering;

/// <summary>Pass 4 of kernel lowering: a recognized kernel → the <see cref="KernelIr"/> the backends read.</summary>
public static class PlanPass
{
    /// <summary>
    /// Builds the kernel IR: α = 1 (written or folded, e.g. <c>2 * 0.5</c>) becomes the default (no multiply), β
    /// stays as written (a literal 1 means "add the output"), and the kernel's source is kept, on one line, for the
    /// generated comment. Input: the bound kernel and what <see cref="RecognizePass"/> made of it. Output: the IR, or
    /// null when any pass reported an error. Reports nothing; positions go to the source map, not the IR.
    /// </summary>
    public static KernelIr? Run(BoundKernel kernel, RecognizedKernel recognized, LoweringContext context)
    {
        if (!recognized.Ok) return null;
        var alpha = recognized.Epilogue.Alpha;
        if (alpha.Kind == ScalarKind.Literal && alpha.Value == 1.0) alpha = Scalar.None;
        return new KernelIr(kernel.Name, recognized.Action, recognized.Operator, recognized.Input, recognized.Output,
            recognized.Epilogue with { Alpha = alpha }, context.SourceOf(kernel.Syntax.Span));
    }
}
