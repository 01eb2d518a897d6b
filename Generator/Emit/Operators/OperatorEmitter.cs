using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;

using static SparseDsl.Generator.Emit.GeneratedText;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Operators;

/// <summary>
/// The code of <c>operator</c> declarations and of the kernels over them. Each operator becomes a nested sealed class
/// implementing <c>ILinearOperator&lt;T&gt;</c>: its constructor takes the factors in spec order and checks each one
/// against the spec (literal size, dense layout) before the runtime operator is built; the class forwards every
/// product to it. A kernel over an operator checks its operator argument and calls the product the kernel's action
/// names, through the runtime's <c>OperatorEpilogue</c> when the spec has α or β.
/// </summary>
internal static class OperatorEmitter
{
    /// <summary>The members of every operator class: an operator cannot have one of these names (SPD201).</summary>
    public static readonly string[] ClassMembers = { "Product", "Chain", "Projector", "Projection", "Project", "Operator", "Rows", "Columns", "RowCount", "ColumnCount", "Apply", "ApplyTransposed", "ApplyAdjoint", "ApplyToBlock" };

    public static void EmitClass(SourceWriter writer, OperatorDeclaration declared, string className, string fileName)
    {
        switch (declared.Definition)
        {
            case KroneckerProduct product: EmitKronecker(writer, declared, product, className, fileName); break;
            case HouseholderProjection householder: EmitHouseholder(writer, declared, householder, className, fileName); break;
            case RandomProjection random: EmitRandomProjection(writer, declared, random, className, fileName); break;
            case LowRankPlusSparseNode sum: EmitLowRankPlusSparse(writer, declared, sum, className, fileName); break;
            default: throw new NotSupportedException($"operator {declared.Name}: no emitter for {declared.Definition.GetType().Name}");
        }
    }

    private static void EmitHouseholder(SourceWriter writer, OperatorDeclaration declared, HouseholderProjection householder, string className, string fileName)
    {
        string t = KernelTerms.ElementType(declared.Element);
        string matrix = $"{Rt.DenseMatrix}<{t}>";
        string chain = $"{Rt.HouseholderChain}<{t}>";
        string projector = $"{Rt.HouseholderProjector}<{t}>";
        int n = householder.N, k = householder.Reflectors;
        string what = householder.Rank is int r
            ? $"P = Q_r·Q_rᵀ, the rank-{Int(r)} projector onto the first {Int(r)} columns of Q = H_1···H_{Int(k)} ({Int(n)} x {Int(n)}, symmetric)"
            : $"Q = H_1···H_{Int(k)}, H_i = I − 2·v_i·v_iᵀ/‖v_i‖² ({Int(n)} x {Int(n)}, orthogonal)";
        writer.Line($"/// <summary>{Xml(declared.Name)} ({Xml(fileName)}): <c>{Xml(declared.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>{Xml(what)}; blocks in compact WY form (SparseDsl.HouseholderChain&lt;T&gt;). One instance is not for concurrent calls: it owns its workspaces.</remarks>");
        using (writer.Open($"public sealed class {className} : {Rt.LinearOperator}<{t}>"))
        {
            writer.Line($"/// <summary>The order n of {Xml(declared.Name)} (the length of each reflector).</summary>");
            writer.Line($"public const int RowCount = {Int(n)};");
            writer.Line("/// <summary>Equal to <see cref=\"RowCount\"/>: the operator is square.</summary>");
            writer.Line($"public const int ColumnCount = {Int(n)};");
            writer.Line();
            writer.Line($"/// <summary>{Xml(declared.Name)} from its {Int(k)} reflectors, the rows of a {Int(k)} x {Int(n)} matrix (copied; any nonzero length).</summary>");
            writer.Line($"/// <exception cref=\"{Rt.ShapeMismatchException.Substring("global::".Length)}\">The matrix is not {Int(k)} x {Int(n)}.</exception>");
            writer.Line("/// <exception cref=\"System.ArgumentException\">A reflector is zero or not finite.</exception>");
            using (writer.Open($"public {className}({matrix} reflectors)"))
            {
                writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull(reflectors);");
                using (writer.Open($"if (reflectors.Rows != {Int(k)} || reflectors.Columns != {Int(n)})"))
                    writer.Line($"throw new {Rt.ShapeMismatchException}($\"{declared.Name}: the reflectors are {{reflectors.Rows}} x {{reflectors.Columns}} but the spec declares {Int(k)} x {Int(n)} (one reflector per row)\", \"reflectors\");");
                writer.Line($"Chain = new {chain}(reflectors);");
                if (householder.Rank is int rank) writer.Line($"Projector = new {projector}(Chain, {Int(rank)});");
            }
            writer.Line();
            writer.Line("/// <summary>The chain Q of the reflectors (the runtime operator; its gradient with respect to the reflectors is <c>Chain.Gradient</c>).</summary>");
            writer.Line($"public {chain} Chain {{ get; }}");
            string target = "Chain";
            if (householder.Rank is not null)
            {
                writer.Line();
                writer.Line("/// <summary>The rank-r projector Q_r·Q_rᵀ this class applies.</summary>");
                writer.Line($"public {projector} Projector {{ get; }}");
                target = "Projector";
            }
            EmitForwarding(writer, t, target);
        }
    }

    private static void EmitRandomProjection(SourceWriter writer, OperatorDeclaration declared, RandomProjection random, string className, string fileName)
    {
        string t = KernelTerms.ElementType(declared.Element);
        string type = $"{Rt.SparseRandomProjection}<{t}>";
        string density = random.Density is double p ? p.ToString("R", CultureInfo.InvariantCulture) + "d" : "null";
        string storage = random.Hashed ? "Hashed" : "Stored";
        writer.Line($"/// <summary>{Xml(declared.Name)} ({Xml(fileName)}): <c>{Xml(declared.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>A very sparse random projection R ({Int(random.Out)} x {Int(random.In)}, density {(random.Density is null ? "1/sqrt(in)" : density.TrimEnd('d'))}, seed {random.Seed.ToString(CultureInfo.InvariantCulture)}), {(random.Hashed ? "matrix-free: each column regenerated from the seed" : "its pattern generated once and stored")}; the same seed gives the same matrix on every machine (SparseDsl.RandomProjectionPattern). Concurrent calls are safe.</remarks>");
        using (writer.Open($"public sealed class {className} : {Rt.LinearOperator}<{t}>"))
        {
            writer.Line("/// <summary>k, the dimension projected to.</summary>");
            writer.Line($"public const int RowCount = {Int(random.Out)};");
            writer.Line("/// <summary>d, the input dimension.</summary>");
            writer.Line($"public const int ColumnCount = {Int(random.In)};");
            writer.Line();
            writer.Line("/// <summary>R as the spec declares it: nothing to pass, everything is in the spec.</summary>");
            using (writer.Open($"public {className}()"))
                writer.Line($"Projection = new {type}({Int(random.Out)}, {Int(random.In)}, {random.Seed.ToString(CultureInfo.InvariantCulture)}UL, {Rt.RandomProjectionStorage}.{storage}, {density});");
            writer.Line();
            writer.Line("/// <summary>The runtime projection (its pattern, scale, <c>StoredBytes</c>).</summary>");
            writer.Line($"public {type} Projection {{ get; }}");
            writer.Line();
            writer.Line("/// <summary>Projects every row of a sparse matrix (n × d) into the rows of <paramref name=\"output\"/> (n × k), multi-threaded under the context.</summary>");
            writer.Line($"public void Project({Rt.CsrMatrix}<{t}> rows, {Rt.DenseMatrix}<{t}> output, {Rt.SparseContext}? context = null) => Projection.Project(rows, output, context);");
            EmitForwarding(writer, t, "Projection");
        }
    }

    private static void EmitLowRankPlusSparse(SourceWriter writer, OperatorDeclaration declared, LowRankPlusSparseNode sum, string className, string fileName)
    {
        string t = KernelTerms.ElementType(declared.Element);
        string matrix = $"{Rt.DenseMatrix}<{t}>";
        int m = sum.Rows, r = sum.Rank, n = sum.Columns;
        string density = sum.Density.ToString("R", CultureInfo.InvariantCulture) + "d";
        writer.Line($"/// <summary>{Xml(declared.Name)} ({Xml(fileName)}): <c>{Xml(declared.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>W = B·A + S ({Int(m)} x {Int(n)}, rank {Int(r)}; S on a random support of density {Xml(density.TrimEnd('d'))}, seed {sum.Seed.ToString(CultureInfo.InvariantCulture)}, SparseDsl.RandomSupport), applied fused in one pass over x (SparseDsl.LowRankPlusSparse&lt;T&gt;, which also has the gradients for B, A and S's values). One instance is not for concurrent calls.</remarks>");
        using (writer.Open($"public sealed class {className} : {Rt.LinearOperator}<{t}>"))
        {
            writer.Line($"/// <summary>The rows of W (and of B).</summary>");
            writer.Line($"public const int RowCount = {Int(m)};");
            writer.Line($"/// <summary>The columns of W (and of A).</summary>");
            writer.Line($"public const int ColumnCount = {Int(n)};");
            writer.Line();
            writer.Line($"/// <summary>W from B ({Int(m)} x {Int(r)}) and A ({Int(r)} x {Int(n)}), both row-major, and S's values on its support (null: zeros).</summary>");
            writer.Line($"/// <exception cref=\"{Rt.ShapeMismatchException.Substring("global::".Length)}\">B, A or the values do not have the declared shape.</exception>");
            using (writer.Open($"public {className}({matrix} b, {matrix} a, {t}[]? values = null)"))
            {
                writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull(b);");
                writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull(a);");
                using (writer.Open($"if (b.Rows != {Int(m)} || b.Columns != {Int(r)})"))
                    writer.Line($"throw new {Rt.ShapeMismatchException}($\"{declared.Name}: B is {{b.Rows}} x {{b.Columns}} but the spec declares {Int(m)} x {Int(r)}\", \"b\");");
                using (writer.Open($"if (a.Rows != {Int(r)} || a.Columns != {Int(n)})"))
                    writer.Line($"throw new {Rt.ShapeMismatchException}($\"{declared.Name}: A is {{a.Rows}} x {{a.Columns}} but the spec declares {Int(r)} x {Int(n)}\", \"a\");");
                writer.Line($"{Rt.CscMatrix}<{t}> support = {Rt.RandomSupport}.Csc<{t}>({Int(m)}, {Int(n)}, {density}, {sum.Seed.ToString(CultureInfo.InvariantCulture)}UL);");
                using (writer.Open("if (values is not null)"))
                {
                    using (writer.Open("if (values.Length != support.NonZeroCount)"))
                        writer.Line($"throw new {Rt.ShapeMismatchException}($\"{declared.Name}: {{values.Length}} values for a support of {{support.NonZeroCount}} entries\", \"values\");");
                    writer.Line("support = support.WithValues(values);");
                }
                writer.Line($"Operator = new {Rt.LowRankPlusSparse}<{t}>(b, a, support);");
            }
            writer.Line();
            writer.Line("/// <summary>The runtime operator (B, A, S, and <c>Gradient</c> for training).</summary>");
            writer.Line($"public {Rt.LowRankPlusSparse}<{t}> Operator {{ get; }}");
            EmitForwarding(writer, t, "Operator");
        }
    }

    /// <summary>The ILinearOperator members, forwarded to the runtime operator in <paramref name="target"/>.</summary>
    private static void EmitForwarding(SourceWriter writer, string t, string target)
    {
        string factorType = $"{Rt.DenseMatrix}<{t}>";
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public int Rows => {target}.Rows;");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public int Columns => {target}.Columns;");
        foreach (var method in new[] { "Apply", "ApplyTransposed", "ApplyAdjoint" })
        {
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public void {method}({Rt.ReadOnlySpan}<{t}> x, {Rt.Span}<{t}> y) => {target}.{method}(x, y);");
        }
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public void ApplyToBlock({factorType} x, {factorType} y) => {target}.ApplyToBlock(x, y);");
    }

    private static void EmitKronecker(SourceWriter writer, OperatorDeclaration declared, KroneckerProduct product, string className, string fileName)
    {
        string t = KernelTerms.ElementType(declared.Element);
        string factorType = $"{Rt.DenseMatrix}<{t}>";
        string FactorType(StoredMatrix f) => f.Storage.Kind == FormatKind.Csr ? $"{Rt.CsrMatrix}<{t}>" : factorType;
        bool anySparse = product.Factors.Any(f => f.Storage.Kind != FormatKind.Dense);
        var parameters = ParameterNames(product);
        string symbol = string.Join(" ⊗ ", product.Factors.Select(f => f.ParameterName));

        writer.Line($"/// <summary>{Xml(declared.Name)} ({Xml(fileName)}): <c>{Xml(declared.SourceText)}</c></summary>");
        writer.Line($"/// <remarks>{Xml(symbol)}{Xml(ShapeText(declared.Shape))}, applied by the multilinear vec trick without forming the product (SparseDsl.KroneckerOperator&lt;T&gt;). One instance is not for concurrent calls: it owns its workspaces.</remarks>");
        using (writer.Open($"public sealed class {className} : {Rt.LinearOperator}<{t}>"))
        {
            if (declared.Shape is MatrixShape shape)
            {
                writer.Line($"/// <summary>The rows of {Xml(declared.Name)}: the product of the factors' declared rows.</summary>");
                writer.Line($"public const int RowCount = {Int(shape.Rows)};");
                writer.Line($"/// <summary>The columns of {Xml(declared.Name)}: the product of the factors' declared columns.</summary>");
                writer.Line($"public const int ColumnCount = {Int(shape.Columns)};");
                writer.Line();
            }
            writer.Line($"/// <summary>{Xml(declared.Name)} from its factors in spec order: {Xml(string.Join(", ", product.Factors.Select(FactorText)))}.</summary>");
            writer.Line($"/// <exception cref=\"{Rt.ArgumentNullException.Substring("global::".Length)}\">A factor is null.</exception>");
            writer.Line($"/// <exception cref=\"{Rt.ShapeMismatchException.Substring("global::".Length)}\">A factor does not have the size or layout the spec declares.</exception>");
            using (writer.Open($"public {className}({string.Join(", ", parameters.Select((p, i) => $"{FactorType(product.Factors[i])} {p}"))})"))
            {
                for (int i = 0; i < product.Factors.Count; i++)
                    EmitFactorCheck(writer, declared.Name, product.Factors[i], parameters[i]);
                writer.Line(anySparse
                    ? $"Product = new {Rt.KroneckerOperator}<{t}>(new {Rt.StoredMatrix}<{t}>[] {{ {string.Join(", ", parameters)} }});"
                    : $"Product = new {Rt.KroneckerOperator}<{t}>({string.Join(", ", parameters)});");
            }
            writer.Line();
            writer.Line("/// <summary>The runtime Kronecker operator this class forwards to (its factors, the mode order it chose).</summary>");
            writer.Line($"public {Rt.KroneckerOperator}<{t}> Product {{ get; }}");
            EmitForwarding(writer, t, "Product");
        }
    }

    /// <summary>The public method of a kernel over a declared operator: it checks the operator argument and forwards.</summary>
    public static void EmitKernel(SourceWriter writer, KernelIr kernel, KernelNames members, string operatorClass, string fileName)
    {
        var declared = (DeclaredOperator)kernel.Operator;
        bool block = kernel.Action == KernelAction.ApplyToBlock;
        string t = KernelTerms.ElementType(kernel);
        var names = new OperatorKernelSignature(kernel, operatorClass,
            block ? $"{Rt.DenseMatrix}<{t}>" : $"{Rt.ReadOnlySpan}<{t}>",
            block ? $"{Rt.DenseMatrix}<{t}>" : $"{Rt.Span}<{t}>");
        string matrix = names.Matrix!;

        writer.Line($"/// <summary>{Xml(kernel.Name)} ({Xml(fileName)}): <c>{Xml(Expression(kernel.SourceText))}</c></summary>");
        writer.Line($"/// <remarks>{Xml(ActionText(kernel, declared))}, {Xml(declared.ParameterName)} an instance of the operator {Xml(declared.OperatorName)}, which checks the operand shapes.</remarks>");
        using (writer.Open($"public static void {members.Method}({string.Join(", ", names.Parameters)})"))
        {
            writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({matrix});");
            bool epilogue = kernel.Epilogue.Alpha.Kind != ScalarKind.Default || kernel.Epilogue.Beta.Kind != ScalarKind.Default;
            if (!epilogue)
            {
                writer.Line($"{matrix}.{ProductMethod(kernel.Action)}({names.Input}, {names.Output});");
                return;
            }
            string alpha = names.AlphaArgument ?? KernelTerms.Literal(kernel, kernel.Epilogue.Alpha.Kind == ScalarKind.Literal ? kernel.Epilogue.Alpha.Value : 1);
            string beta = names.BetaArgument ?? KernelTerms.Literal(kernel, kernel.Epilogue.Beta.Kind == ScalarKind.Literal ? kernel.Epilogue.Beta.Value : 0);
            if (block)
                writer.Line($"{Rt.OperatorEpilogue}.ApplyToBlock({matrix}, {names.Input}, {names.Output}, {alpha}, {beta});");
            else
                writer.Line($"{Rt.OperatorEpilogue}.Apply({matrix}, {Rt.OperatorProduct}.{ProductName(kernel.Action)}, {names.Input}, {names.Output}, {alpha}, {beta});");
        }
    }

    private static void EmitFactorCheck(SourceWriter writer, string operatorName, StoredMatrix factor, string parameter)
    {
        writer.Line($"{Rt.ArgumentNullException}.ThrowIfNull({parameter});");
        if (factor.Storage.Shape is MatrixShape shape)
        {
            using (writer.Open($"if ({parameter}.Rows != {Int(shape.Rows)} || {parameter}.Columns != {Int(shape.Columns)})"))
                writer.Line($"throw new {Rt.ShapeMismatchException}($\"{Interpolated(operatorName)}: the factor {Interpolated(factor.ParameterName)} is {{{parameter}.Rows}} x {{{parameter}.Columns}} but the spec declares {Int(shape.Rows)} x {Int(shape.Columns)}\", \"{parameter.TrimStart('@')}\");");
        }
        if (factor.Storage is DenseStorage dense)
        {
            string layout = dense.ColumnMajor ? "ColumnMajor" : "RowMajor";
            string written = dense.ColumnMajor ? "col" : "row";
            using (writer.Open($"if ({parameter}.Layout != {Rt.DenseLayout}.{layout})"))
                writer.Line($"throw new {Rt.ShapeMismatchException}($\"{Interpolated(operatorName)}: the factor {Interpolated(factor.ParameterName)} is {{{parameter}.Layout}} but the spec declares layout: {written}\", \"{parameter.TrimStart('@')}\");");
        }
    }

    /// <summary>The constructor's parameters: the factor names with a lower-case first letter, numbered where two meet (<c>A</c> and <c>a</c>), keywords escaped.</summary>
    private static List<string> ParameterNames(KroneckerProduct product)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var factor in product.Factors)
        {
            string plain = CSharpNames.Plain(char.ToLowerInvariant(factor.ParameterName[0]) + factor.ParameterName.Substring(1));
            string name = plain;
            for (int n = 2; !taken.Add(name); n++) name = plain + n.ToString(CultureInfo.InvariantCulture);
            names.Add(CSharpNames.Token(name));
        }
        return names;
    }

    private static string FactorText(StoredMatrix factor)
        => factor.ParameterName + (factor.Storage.Shape is MatrixShape s ? $" ({Int(s.Rows)} x {Int(s.Columns)})" : "");

    private static string ShapeText(MatrixShape? shape) => shape is null ? "" : $", {Int(shape.Rows)} x {Int(shape.Columns)}";

    private static string ProductMethod(KernelAction action) => action switch
    {
        KernelAction.Apply => "Apply",
        KernelAction.ApplyTransposed => "ApplyTransposed",
        KernelAction.ApplyAdjoint => "ApplyAdjoint",
        KernelAction.ApplyToBlock => "ApplyToBlock",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no operator product"),
    };

    private static string ProductName(KernelAction action) => action switch
    {
        KernelAction.Apply => "Apply",
        KernelAction.ApplyTransposed => "Transposed",
        KernelAction.ApplyAdjoint => "Adjoint",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no vector product"),
    };

    /// <summary>The product in the spec's names: <c>y = H·x</c>, <c>z = Hᴴ·y</c>, <c>Y = P·X</c>, with α and β when the spec has them.</summary>
    private static string ActionText(KernelIr kernel, DeclaredOperator declared)
    {
        string mark = kernel.Action switch { KernelAction.ApplyTransposed => "ᵀ", KernelAction.ApplyAdjoint => "ᴴ", _ => "" };
        string product = $"{declared.ParameterName}{mark}·{kernel.Input.Name}";
        bool epilogue = kernel.Epilogue.Alpha.Kind != ScalarKind.Default || kernel.Epilogue.Beta.Kind != ScalarKind.Default;
        return $"{kernel.Output.Name} = " + (epilogue ? $"α·{product} + β·{kernel.Output.Name}" : product);
    }

    /// <summary>A spec name inside an interpolated C# string: braces and quotes cannot occur (names are letters, digits and '_').</summary>
    private static string Interpolated(string name) => name;

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The kernel's parameters: the operator (typed by its generated class), the operands and the scalars.</summary>
    private sealed class OperatorKernelSignature : KernelSignature
    {
        public OperatorKernelSignature(KernelIr kernel, string operatorClass, string inputType, string outputType)
            : base(kernel, operatorClass, inputType, outputType) { }
    }
}
