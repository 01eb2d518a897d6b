namespace SparseDsl.Language.Diagnostics;

/// <summary>
/// Every diagnostic the SparseDsl compiler can report. Codes are stable: SPD0xx syntax, SPD1xx formats and
/// stencils, SPD12x kernels, SPD2xx code generation, SPD9xx internal failures. Specs/README.md lists each
/// one with an example that triggers it.
/// </summary>
public static class Diagnostics
{
    // --- SPD0xx: reading the text -------------------------------------------------------------------
    public static readonly DiagnosticDescriptor SyntaxError = new(
        "SPD001", "Syntax error", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidCharacter = new(
        "SPD002", "Invalid character", "unexpected character {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NumberOutOfRange = new(
        "SPD003", "Number out of range", "the number {0} is out of range: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "SPD004", "Expression nested too deeply", "the expression is nested more than {0} levels deep", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SpecTooLarge = new(
        "SPD005", "Spec too large", "the spec has {0} characters; the limit is {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateNamespace = new(
        "SPD006", "Namespace declared twice", "the namespace is already declared on line {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DeclarationTooLong = new(
        "SPD007", "Declaration too long", "the declaration has {0} tokens; the limit is {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TooManyErrors = new(
        "SPD008", "Too many errors", "more than {0} errors; the rest of the spec is not reported", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ReservedWord = new(
        "SPD009", "Reserved word used as a name", "`{0}` is a reserved word and cannot be used as a name", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ExpressionTooLong = new(
        "SPD010", "Expression too long", "the declaration has more than {0} operators", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameTooLong = new(
        "SPD011", "Name too long", "the name has {0} characters; the limit is {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TooManyDeclarations = new(
        "SPD012", "Too many declarations", "the spec has more than {0} declarations; the rest of it is not compiled", DiagnosticSeverity.Error);

    // --- SPD1xx: formats and stencils ---------------------------------------------------------------
    public static readonly DiagnosticDescriptor DuplicateName = new(
        "SPD100", "Duplicate name", "`{0}` is already declared on line {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownName = new(
        "SPD101", "Unknown format, stencil or operator", "`{0}` is not a declared format, stencil or operator{1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownStorage = new(
        "SPD102", "Unknown storage kind", "`{0}` is not a storage kind; expected one of {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownElementType = new(
        "SPD103", "Unsupported element type", "`{0}` is not a supported element type; expected {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidFormatArgument = new(
        "SPD104", "Invalid format argument", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidBlockSize = new(
        "SPD105", "Invalid block size", "the block size {0} is invalid: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidNmRatio = new(
        "SPD106", "Invalid N:M ratio", "the sparsity {0} is invalid: {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedIndexWidth = new(
        "SPD107", "Unsupported index width", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor StencilOffsetOutsideRadius = new(
        "SPD108", "Stencil offset outside its radius", "the offset {0} lies outside the declared radius {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor StencilArityMismatch = new(
        "SPD109", "Stencil offset has the wrong rank", "the offset {0} has {1} coordinates but the grid has {2} dimensions", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateStencilTap = new(
        "SPD110", "Duplicate stencil offset", "the offset {0} is already given on line {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidGrid = new(
        "SPD111", "Invalid stencil grid", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EmptyStencil = new(
        "SPD112", "Empty stencil", "the stencil `{0}` has no taps", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ElementTypeNotImplemented = new(
        "SPD113", "Element type not implemented yet", "the element type `{0}` ({1}) is not implemented yet; {2}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OperandElementType = new(
        "SPD114", "Operand element type mismatch", "{0}", DiagnosticSeverity.Error);

    // --- SPD12x: kernels ----------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnsupportedKernelForm = new(
        "SPD120", "Unsupported kernel expression", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ShapeMismatch = new(
        "SPD121", "Shape mismatch", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownOperand = new(
        "SPD122", "Unknown operand", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OutputAliasesInput = new(
        "SPD123", "Output aliases an input", "the output `{0}` is also read as the input of the product; use another name", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateParameter = new(
        "SPD124", "Duplicate parameter", "the parameter `{0}` is declared twice", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnusedParameter = new(
        "SPD125", "Unused parameter", "the parameter `{0}` is not used in the kernel expression", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CoefficientOutOfRange = new(
        "SPD126", "Coefficient out of range", "the coefficient `{0}` is out of range: {1}", DiagnosticSeverity.Error);

    // --- SPD2xx: code generation --------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnknownOperatorKind = new(
        "SPD130", "Unknown operator kind", "`{0}` is not an operator kind; expected {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidOperatorFactor = new(
        "SPD131", "Invalid operator factor", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OperatorFactorNotImplemented = new(
        "SPD132", "Operator factor not implemented yet", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OperatorTooLarge = new(
        "SPD133", "Operator too large", "the operator `{0}` is {1}: a dimension above 2^31 - 1 cannot be indexed", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidProjection = new(
        "SPD134", "Invalid projection", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownSolver = new(
        "SPD140", "Unknown solver", "`{0}` is not a solver; expected {1}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidSetting = new(
        "SPD141", "Invalid solver setting", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidPipeline = new(
        "SPD142", "Invalid pipeline", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SolverElementType = new(
        "SPD143", "Element type not supported by the solver", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidPde = new(
        "SPD144", "Invalid PDE", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GridTooCoarse = new(
        "SPD145", "Grid too coarse for the kernel's frequencies", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidNetwork = new(
        "SPD146", "Invalid network", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidGradient = new(
        "SPD147", "Invalid gradient", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericFallback = new(
        "SPD200", "Kernel not specialized", "kernel `{0}` is not specialized for {1}; a correct generic version is emitted instead (slower)", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReservedName = new(
        "SPD201", "Name reserved by the generated code", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor KernelInTwoSpecs = new(
        "SPD202", "Kernel generated by two specs", "kernel `{0}` is also declared in {1}, and both specs generate the class `{2}`; rename one kernel, or give the specs different namespaces", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GeneratedMemberInTwoSpecs = new(
        "SPD204", "Generated member clashes with another spec's", "kernel `{0}` generates the member `{1}`, which {2} also generates in the class `{3}`; rename one of the kernels, or give the specs different namespaces", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TooManyKernels = new(
        "SPD203", "Too many kernels in one spec", "the spec declares {0} kernels; code is generated for at most {1} per spec, and none from here on: split the spec into several files", DiagnosticSeverity.Error);

    // --- SPD9xx: internal failures ------------------------------------------------------------------
    public static readonly DiagnosticDescriptor InternalError = new(
        "SPD900", "Internal compiler error", "internal error while compiling `{0}`: {1}. Please report it with the spec.", DiagnosticSeverity.Error);
}
