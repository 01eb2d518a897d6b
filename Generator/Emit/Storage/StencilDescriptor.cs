using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary>
/// A matrix-free stencil: no stored matrix. A grid with a named extent makes the kernels take a <c>GridShape</c>
/// (on the host and the GPU alike), checked against the literal extents and the dimension; a literal grid takes no
/// matrix operand at all. The runtime's ReferenceKernels have no stencil overloads.
/// </summary>
public sealed class StencilDescriptor : StorageDescriptor
{
    /// <summary>The <c>GridShape</c> properties of the extents, by dimension.</summary>
    public static readonly string[] ExtentProperties = { "Nx", "Ny", "Nz" };

    /// <summary>The locals (and GPU kernel parameters) holding the extents, by dimension.</summary>
    public static readonly string[] ExtentLocals = { "nx", "ny", "nz" };

    public override FormatKind Kind => FormatKind.Stencil;

    public static bool HasGridParameter(StorageFormat format) => ((StencilStorage)format).Grid.Any(e => e.LiteralSize is null);

    public override string? HostType(StorageFormat format) => HasGridParameter(format) ? $"{Rt.GridShape}" : null;

    public override bool HasReferenceKernels => false;

    /// <summary><c>GridShape</c> is a struct.</summary>
    public override bool IsNullable => false;

    public override string? DeviceType(StorageFormat format) => HostType(format);

    /// <summary>Square: the grid's point count, a literal when every extent is.</summary>
    public override (string Rows, string Columns) Shape(StorageFormat format, string matrix)
    {
        string points = HasGridParameter(format)
            ? $"{matrix}.PointCount"
            : ((StencilStorage)format).Grid.Aggregate(1L, (p, e) => p * e.LiteralSize!.Value).ToString(CultureInfo.InvariantCulture);
        return (points, points);
    }

    public override void EmitValidation(SourceWriter w, KernelIr kernel, string matrix)
    {
        var format = (StencilStorage)kernel.Matrix.Storage;
        if (!HasGridParameter(format)) return;
        string name = kernel.Name, spec = kernel.Matrix.ParameterName;
        string grid = $"{{{matrix}.Nx}}x{{{matrix}.Ny}}x{{{matrix}.Nz}}";
        w.Line($"if ({matrix}.Nx < 0 || {matrix}.Ny < 0 || {matrix}.Nz < 0) throw new {Rt.ShapeMismatchException}($\"{name}: {spec} has a negative extent ({grid})\", {Rt.NameOf(matrix)});");
        if (format.Grid.Count < 3)
        {
            string unused = format.Grid.Count == 1 ? $"{matrix}.Ny != 1 || {matrix}.Nz != 1" : $"{matrix}.Nz != 1";
            w.Line($"if ({unused}) throw new {Rt.ShapeMismatchException}($\"{name}: {spec} is a {format.Grid.Count}-D stencil but the grid is {grid}\", {Rt.NameOf(matrix)});");
        }
        for (int d = 0; d < format.Grid.Count; d++)
        {
            if (format.Grid[d].LiteralSize is not int size) continue;
            w.Line($"if ({matrix}.{ExtentProperties[d]} != {size}) throw new {Rt.ShapeMismatchException}($\"{name}: {spec} has {ExtentLocals[d]} = {{{matrix}.{ExtentProperties[d]}}} but the spec declares {size}\", {Rt.NameOf(matrix)});");
        }
    }

    /// <summary>The named extents of the grid (literal ones are unrolled into the kernels).</summary>
    public override IReadOnlyList<DeviceView> DeviceViews(KernelIr kernel, string matrix)
    {
        var grid = ((StencilStorage)kernel.Matrix.Storage).Grid;
        var views = new List<DeviceView>();
        for (int d = 0; d < grid.Count; d++)
            if (grid[d].LiteralSize is null) views.Add(new("int", ExtentLocals[d], $"{matrix}.{ExtentProperties[d]}"));
        return views;
    }

    public override FormatKernels? Cpu { get; } = new StencilFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuStencilKernels();
}
