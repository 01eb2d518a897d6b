using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.Compilation;

/// <summary>Where a kernel of the IR is declared: the span of its whole declaration.</summary>
public sealed record KernelPosition(string Name, SourceSpan Span);

/// <summary>
/// The positions of a compiled spec, kept apart from the IR: <c>SpecIr</c> holds no <see cref="SourceSpan"/>, so a
/// declaration that only moves leaves the IR — and the emitted code — unchanged. Only diagnostics read this map
/// (the generator's SPD200-SPD203 are reported at <see cref="KernelSpan"/>). One entry per kernel of the IR, in
/// spec order (kernel names are unique in the IR: a duplicate is SPD100 and only the first one is lowered).
/// </summary>
public sealed record SourceMap(EquatableArray<KernelPosition> Kernels)
{
    public static SourceMap Empty { get; } = new(EquatableArray<KernelPosition>.Empty);

    /// <summary>The span of the kernel declaration named <paramref name="kernelName"/>; <see cref="SourceSpan.Empty"/> (the start of the file) when the map does not hold it.</summary>
    public SourceSpan KernelSpan(string kernelName)
        => Kernels.FirstOrDefault(k => k.Name == kernelName)?.Span ?? SourceSpan.Empty;
}
