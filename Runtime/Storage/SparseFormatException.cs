using System;

namespace SparseDsl;

/// <summary>A matrix's structure is invalid (unsorted or out-of-range indices, a broken N:M group, ...). The message names the problem.</summary>
public sealed class SparseFormatException : FormatException
{
    public SparseFormatException(string message) : base(message) { }
}
