using System.Globalization;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// Every type the generated code names, fully qualified with <c>global::</c>: a kernel, namespace or class of the
/// user's that shares a name (a kernel called <c>Unsafe</c>, a namespace <c>Acme.Unsafe</c>) cannot capture it.
/// Emitters spell types only through these constants.
/// </summary>
internal static class RuntimeNames
{
    private const string System = "global::System.";
    private const string Intrinsics = "global::System.Runtime.Intrinsics.";
    private const string Runtime = "global::SparseDsl.";
    private const string Ilgpu = "global::ILGPU.";

    public const string ArgumentNullException = System + "ArgumentNullException";
    public const string ArgumentException = System + "ArgumentException";
    public const string ArgumentOutOfRangeException = System + "ArgumentOutOfRangeException";
    public const string Progress = System + "IProgress";
    public const string CancellationToken = System + "Threading.CancellationToken";
    public const string NotSupportedException = System + "NotSupportedException";
    public const string Math = System + "Math";
    public const string Single = System + "Single";
    /// <summary>The C# type of c128 (<see cref="ScalarTypeNames"/>).</summary>
    public const string Complex = System + "Numerics.Complex";
    public const string ReadOnlySpan = System + "ReadOnlySpan";
    public const string Span = System + "Span";
    public const string Func = System + "Func";
    /// <summary>Span extensions (<c>Overlaps</c>), called as static methods.</summary>
    public const string MemoryExtensions = System + "MemoryExtensions";
    public const string Action = System + "Action";
    /// <summary><c>object.ReferenceEquals</c>: a kernel named ReferenceEquals would hide the inherited one.</summary>
    public const string ObjectReferenceEquals = System + "Object.ReferenceEquals";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string Vector128 = Intrinsics + "Vector128";
    public const string Vector256 = Intrinsics + "Vector256";
    public const string Vector512 = Intrinsics + "Vector512";
    public const string Avx2 = Intrinsics + "X86.Avx2";
    public const string Sse = Intrinsics + "X86.Sse";

    public const string ShapeMismatchException = Runtime + "ShapeMismatchException";
    public const string LinearOperator = Runtime + "ILinearOperator";
    public const string KroneckerOperator = Runtime + "KroneckerOperator";
    public const string StoredMatrix = Runtime + "IStoredMatrix";
    public const string HouseholderChain = Runtime + "HouseholderChain";
    public const string HouseholderProjector = Runtime + "HouseholderProjector";
    public const string SparseRandomProjection = Runtime + "SparseRandomProjection";
    public const string LowRankPlusSparse = Runtime + "LowRankPlusSparse";
    public const string RandomSupport = Runtime + "RandomSupport";
    public const string RandomProjectionStorage = Runtime + "RandomProjectionStorage";
    public const string OperatorEpilogue = Runtime + "OperatorEpilogue";
    public const string OperatorProduct = Runtime + "OperatorProduct";
    public const string KroneckerSbl = Runtime + "KroneckerSbl";
    public const string KroneckerSblOptions = Runtime + "KroneckerSblOptions";
    public const string KroneckerSblUpdate = Runtime + "KroneckerSblUpdate";
    public const string KroneckerSblResult = Runtime + "KroneckerSblResult";
    public const string SolverProgress = Runtime + "SolverProgress";
    public const string SparseGradients = Runtime + "SparseGradients";
    public const string GpPdeSolver = Runtime + "GpPdeSolver";
    public const string GpPdeOptions = Runtime + "GpPdeOptions";
    public const string GpPdeResult = Runtime + "GpPdeResult";
    public const string GpPdeTraining = Runtime + "GpPdeTraining";
    public const string GpPdeDimension = Runtime + "GpPdeDimension";
    public const string GpPdeTerm = Runtime + "GpPdeTerm";
    public const string GpPdeEquation = Runtime + "GpPdeEquation";
    public const string SpectralComponent = Runtime + "SpectralComponent";
    public const string SpectralMixtureKernel = Runtime + "SpectralMixtureKernel";
    public const string BayesianMlp = Runtime + "BayesianMlp";
    public const string BayesMlpArchitecture = Runtime + "BayesMlpArchitecture";
    public const string WeightSupport = Runtime + "WeightSupport";
    public const string SsviOptions = Runtime + "SsviOptions";
    public const string TrainingProgress = Runtime + "TrainingProgress";
    public const string TrainingResult = Runtime + "TrainingResult";
    public const string DigitSet = Runtime + "DigitSet";
    public const string Stream = System + "IO.Stream";
    public const string ReadOnlyList = System + "Collections.Generic.IReadOnlyList";
    public const string Array = System + "Array";
    public const string SparseContext = Runtime + "SparseContext";
    public const string ParallelRunner = Runtime + "ParallelRunner";
    public const string WorkPartition = Runtime + "WorkPartition";
    public const string ReferenceKernels = Runtime + "ReferenceKernels";
    public const string DenseLayout = Runtime + "DenseLayout";
    public const string GridShape = Runtime + "GridShape";
    public const string DenseMatrix = Runtime + "DenseMatrix";
    public const string CsrMatrix = Runtime + "CsrMatrix";
    public const string CsrMatrix64 = Runtime + "CsrMatrix64";
    public const string CscMatrix = Runtime + "CscMatrix";
    public const string CooMatrix = Runtime + "CooMatrix";
    public const string BsrMatrix = Runtime + "BsrMatrix";
    public const string NmMatrix = Runtime + "NmMatrix";
    public const string SellMatrix = Runtime + "SellMatrix";
    public const string DiaMatrix = Runtime + "DiaMatrix";
    public const string GpuDevice = Runtime + "GpuDevice";
    public const string DeviceVector = Runtime + "DeviceVector";
    public const string DeviceDenseMatrix = Runtime + "DeviceDenseMatrix";
    public const string DeviceCsrMatrix = Runtime + "DeviceCsrMatrix";
    public const string DeviceCscMatrix = Runtime + "DeviceCscMatrix";
    public const string DeviceCooMatrix = Runtime + "DeviceCooMatrix";
    public const string DeviceBsrMatrix = Runtime + "DeviceBsrMatrix";
    public const string DeviceNmMatrix = Runtime + "DeviceNmMatrix";
    public const string DeviceSellMatrix = Runtime + "DeviceSellMatrix";
    public const string DeviceDiaMatrix = Runtime + "DeviceDiaMatrix";

    public const string ArrayView = Ilgpu + "ArrayView";
    public const string Index1D = Ilgpu + "Index1D";
    public const string Index2D = Ilgpu + "Index2D";
    public const string Atomic = Ilgpu + "Atomic";
    public const string Accelerator = Ilgpu + "Runtime.Accelerator";

    /// <summary>Namespaces imported only for extension methods (<c>AsInt32</c>, <c>LoadAutoGroupedStreamKernel</c>); types are never named through them.</summary>
    public const string IntrinsicsNamespace = "global::System.Runtime.Intrinsics";
    public const string IlgpuRuntimeNamespace = "global::ILGPU.Runtime";

    /// <summary><c>Vector128</c>/<c>Vector256</c>/<c>Vector512</c> by width in bits.</summary>
    public static string Vector(int bits) => Intrinsics + "Vector" + bits.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A parameter's name as a string literal (what <c>nameof(p)</c> gives, without the '@' of an escaped keyword):
    /// <c>nameof</c> itself is not emitted, as a parameter named <c>nameof</c> would turn it into a call.
    /// </summary>
    public static string NameOf(string parameter) => "\"" + parameter.TrimStart('@') + "\"";
}
