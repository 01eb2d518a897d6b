using System.Linq;

namespace SparseDsl.Tests.Generator;

/// <summary>
/// Minimal stand-ins for runtime APIs the generated code calls but SparseDsl.Runtime does not have yet (the
/// runtime is written in parallel). Only the missing types are added to in-memory compilations, so once the
/// runtime lands this adds nothing. Threading stand-ins run the parts sequentially (same results).
/// </summary>
internal static class RuntimeStandIns
{
    private static readonly System.Reflection.Assembly Runtime = typeof(CsrMatrix<>).Assembly;

    private static bool Missing(string typeName) => Runtime.GetType("SparseDsl." + typeName) is null;

    public static string? Source { get; } = Build();

    private static string? Build()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (Missing("SparseExecution")) parts.Add("""
            public static class SparseExecution
            {
                public static int MaxThreads { get; set; } = 4;
                public static long MinimumWorkPerThread { get; set; } = 32768;
                public static int ThreadsFor(long work) => (int)System.Math.Max(1, System.Math.Min(MaxThreads, work / System.Math.Max(1, MinimumWorkPerThread)));
            }
            """);
        if (Missing("ParallelRunner")) parts.Add("""
            public static unsafe class ParallelRunner
            {
                public static void Run(int parts, delegate*<void*, int, void> body, void* context)
                {
                    for (int p = 0; p < parts; p++) body(context, p);
                }
            }
            """);
        if (Missing("WorkPartition")) parts.Add("""
            public static class WorkPartition
            {
                public static void Uniform(int count, int parts, int part, out int start, out int end)
                {
                    start = (int)((long)count * part / parts);
                    end = (int)((long)count * (part + 1) / parts);
                }
            }
            """);
        if (typeof(CsrMatrix<>).GetMethod("GetRowPartition") is null) parts.Add("""
            public static class RowPartitionStandIn
            {
                public static System.ReadOnlySpan<int> GetRowPartition<T>(this CsrMatrix<T> a, int parts) where T : unmanaged, System.Numerics.INumber<T>
                {
                    var bounds = new int[parts + 1];
                    for (int p = 0; p <= parts; p++) bounds[p] = (int)((long)a.Rows * p / parts);
                    return bounds;
                }
            }
            """);
        if (Missing("ReferenceKernels")) parts.Add("""
            public static class ReferenceKernels
            {
                public static void MatVec<TMatrix, T>(TMatrix a, System.ReadOnlySpan<T> x, System.Span<T> y, T alpha, T beta) => throw new System.NotSupportedException();
                public static void MatVecTransposed<TMatrix, T>(TMatrix a, System.ReadOnlySpan<T> x, System.Span<T> y, T alpha, T beta) => throw new System.NotSupportedException();
                public static void MatMat<TMatrix, T>(TMatrix a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, System.Numerics.INumber<T> => throw new System.NotSupportedException();
            }
            """);
        if (parts.Count == 0) return null;
        return "#nullable enable\nnamespace SparseDsl\n{\n" + string.Join("\n", parts.Select(p => p)) + "\n}\n";
    }
}
