namespace SparseDsl.Tests.Fuzzing;

/// <summary>Names that generated C# must survive as spec identifiers, file names and namespace segments.</summary>
internal static class HostileNames
{
    /// <summary>C# keywords (reserved and contextual) that are plain identifiers in a spec (so not `operator`, a declaration keyword of the spec language too).</summary>
    public static readonly string[] Keywords =
    {
        "class", "int", "event", "params", "this", "fixed", "static", "false", "interface", "__arglist", "nameof",
        "object", "string", "void", "return", "new", "default", "base", "checked", "unsafe", "in", "out",
        "ref", "is", "as", "true", "null", "double", "float", "lock", "using", "var", "value", "record", "async",
        "await", "dynamic", "global", "nint", "stackalloc", "delegate", "struct", "sizeof", "typeof", "goto", "if",
        "for", "while", "do", "try", "catch", "finally", "throw", "public", "private", "internal", "sealed", "abstract",
        "override", "virtual", "volatile", "extern", "implicit", "explicit", "const", "readonly", "enum", "long",
        "byte", "char", "bool", "decimal", "short", "uint", "ulong", "__makeref", "__reftype", "__refvalue", "field",
        "scoped", "managed", "unmanaged", "when", "where", "yield", "select", "from", "let", "get", "set", "add", "remove",
    };

    /// <summary>Runtime, BCL and ILGPU type and namespace names the generated code refers to.</summary>
    public static readonly string[] TypeNames =
    {
        "Unsafe", "Vector256", "Vector128", "Vector512", "Vector", "Avx2", "Avx512F", "Fma", "Sse", "AdvSimd",
        "ArgumentNullException", "ArgumentException", "ArgumentOutOfRangeException", "ShapeMismatchException",
        "SparseExecution", "ParallelRunner", "Gpu", "GpuDevice", "Math", "MathF", "Span", "ReadOnlySpan",
        "MemoryMarshal", "Index1D", "Index2D", "ArrayView", "Accelerator", "Action", "Func", "ReferenceKernels",
        "KernelTerms", "CsrMatrix", "CsrMatrix64", "CscMatrix", "CooMatrix", "BsrMatrix", "NmMatrix", "SellMatrix",
        "DiaMatrix", "DenseMatrix", "GridShape", "DeviceVector", "DeviceCsrMatrix", "System", "ILGPU", "SparseDsl",
        "Runtime", "Intrinsics", "X86", "Arm", "Atomic", "MethodImpl", "MethodImplOptions", "Exception", "Object",
        "String", "Int32", "Double", "Single", "Consumer", "Placeholder", "Kernels", "Generated", "T", "Matrix",
        "Alpha", "Beta", "Parts", "Bounds", "Count", "K", "X", "Y",
    };

    /// <summary>Local and field names of the generated code (an operand with one of these names must not capture them).</summary>
    public static readonly string[] LocalNames =
    {
        "i", "j", "k", "p", "c", "s", "b", "g", "d", "o", "e", "r", "t", "n", "sum", "context", "parts", "rows",
        "columns", "row", "column", "col", "width", "lane", "nx", "ny", "nz", "n0", "n1", "n2", "bounds", "count",
        "matrix", "alpha", "beta", "weight", "offset", "end", "to", "x0", "r0", "r1", "t0", "g0", "bi", "slot",
        "line", "groups", "diagonals", "device", "accelerator", "index", "view", "a", "x", "y", "z", "w", "l",
        "part", "worker", "kernel1", "loader", "grid", "shape", "start", "stop", "v", "u", "q", "m", "f",
    };

    /// <summary>Ordinary names, some differing only in case (a/A, x/X, y/Y) and some starting with I (tr-TR's dotted/dotless i).</summary>
    public static readonly string[] PlainNames =
    {
        "A", "B", "C", "W", "L", "S", "M", "a", "b", "Csr32", "csr32", "Block4", "Half", "Spmv", "spmv", "SPMV",
        "Apply", "Index", "I", "Item", "Ii", "iI", "Id", "_", "__", "_x", "x_", "A1", "a1", "\u00e9t\u00e9", "Stra\u00dfe",
        "csr", "f64", "f32", "i64", "row", "dense", "radius", "sort", "slice", "block", "ratio",
    };
}
