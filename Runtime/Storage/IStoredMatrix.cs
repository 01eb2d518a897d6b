using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>Receives the stored entries of a matrix, one call per entry (see <see cref="IStoredMatrix{T}.ForEachStored"/>).</summary>
public interface IStoredEntryVisitor<T>
{
    void Visit(int row, int column, T value);
}

/// <summary>
/// What every storage type has in common: its shape and one walk over its stored entries. The reference kernels,
/// <c>ToCsr</c>, <c>ToDense</c> and the conversions are written once against it.
/// </summary>
public interface IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    /// <summary>Rows (of the padded shape for blocked formats).</summary>
    long Rows { get; }

    /// <summary>Columns (of the padded shape for blocked formats).</summary>
    long Columns { get; }

    /// <summary>
    /// Calls <paramref name="visitor"/>.Visit(row, column, value) for every stored entry, in the format's storage order.
    /// Dense visits every element, CSR/CSC/COO every stored entry (explicit zeros and, for COO, duplicates included);
    /// the padded formats (BSR, N:M, SELL, DIA) skip their zero slots and padding, which cannot be told apart from each other,
    /// so an Inf or NaN in x never meets a slot the matrix does not hold. A row or column past int (64-bit CSR) throws
    /// <see cref="OverflowException"/> before the first call.
    /// </summary>
    void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct;
}
