using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit.Backends;

/// <summary>The scalar path of a range method: always present when the format specializes the kernel.</summary>
public sealed class ScalarBackend : IKernelBackend
{
    public string Name => "scalar";

    public bool CanSpecialize(KernelIr kernel) => StorageDescriptors.CpuFor(kernel.Matrix.Storage.Kind)?.CanSpecialize(kernel) == true;

    public void Emit(SourceWriter writer, KernelIr kernel, KernelNames names) => StorageDescriptors.CpuFor(kernel.Matrix.Storage.Kind)!.EmitScalar(writer, kernel);
}
