using System;
using System.Collections.Generic;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Formats;

/// <summary>
/// Every format with specialized CPU code. Adding a format = one <see cref="FormatKernels"/> subclass in this
/// folder + one line here. A kind missing from the list still compiles: its kernels fall back to ReferenceKernels (SPD200).
/// </summary>
public static class FormatRegistry
{
    private static readonly FormatKernels[] Registered =
    {
        new DenseFormatKernels(),
        new CsrFormatKernels(),
        new CscFormatKernels(),
        new CooFormatKernels(),
        new BsrFormatKernels(),
        new NmFormatKernels(),
        new SellFormatKernels(),
        new DiaFormatKernels(),
        new StencilFormatKernels(),
    };

    private static readonly Dictionary<FormatKind, FormatKernels> ByKind = Build();

    private static Dictionary<FormatKind, FormatKernels> Build()
    {
        var map = new Dictionary<FormatKind, FormatKernels>();
        foreach (var kernels in Registered)
        {
            if (map.ContainsKey(kernels.Kind)) throw new InvalidOperationException($"two FormatKernels registered for {kernels.Kind}");
            map.Add(kernels.Kind, kernels);
        }
        return map;
    }

    /// <summary>The format's kernels, or null when the kind has none registered.</summary>
    public static FormatKernels? For(FormatKind kind) => ByKind.TryGetValue(kind, out var kernels) ? kernels : null;

    /// <summary>The runtime storage type for a format (used by the generic fallback when no FormatKernels exists); null for stencils.</summary>
    public static string? RuntimeMatrixType(StorageFormat format)
    {
        string t = KernelTerms.ElementType(format.Element);
        return format.Kind switch
        {
            FormatKind.Dense => $"{Rt.DenseMatrix}<{t}>",
            FormatKind.Csr => format.Index == IndexWidth.I64 ? $"{Rt.CsrMatrix64}<{t}>" : $"{Rt.CsrMatrix}<{t}>",
            FormatKind.Csc => $"{Rt.CscMatrix}<{t}>",
            FormatKind.Coo => $"{Rt.CooMatrix}<{t}>",
            FormatKind.Bsr => $"{Rt.BsrMatrix}<{t}>",
            FormatKind.NM => $"{Rt.NmMatrix}<{t}>",
            FormatKind.Sell => $"{Rt.SellMatrix}<{t}>",
            FormatKind.Dia => $"{Rt.DiaMatrix}<{t}>",
            _ => null,
        };
    }
}
