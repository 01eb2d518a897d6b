using SparseDsl.Language.IR;
using SparseDsl.Language.Lowering;
using SparseDsl.Language.Syntax;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    /// <summary>
    /// Lowers one kernel through the passes of <c>Language/Lowering/</c>, in order: bind → normalize → recognize →
    /// plan. A pass that returns null ends the kernel (what it found is reported); a pass whose result is not Ok
    /// lets the later passes report what they find, and no IR is planned.
    /// </summary>
    private KernelIr? BindKernel(KernelSyntax syntax)
    {
        var context = Context;
        var bound = BindPass.Run(syntax, context);
        if (bound is null) return null;
        var normal = NormalizePass.Run(bound, context);
        if (normal is null) return null;
        var recognized = RecognizePass.Run(bound, normal, context);
        if (recognized is null) return null;
        return PlanPass.Run(bound, recognized, context);
    }

    /// <summary>The kernel passes' view of this spec (its formats are complete once the kernel pass starts).</summary>
    private LoweringContext Context => _context ??= new LoweringContext(_text, _formats, _diagnostics,
        name => _names.TryGetValue(name, out var declared) && declared.Declaration is FormatSyntax or StencilSyntax or OperatorSyntax or ProjectionSyntax
            || _brokenFormats.Contains(name),
        ClosestFormat, _operators);
}
