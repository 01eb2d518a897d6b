namespace SparseDsl;

/// <summary>Element order of a <see cref="DenseMatrix{T}"/>.</summary>
public enum DenseLayout { RowMajor, ColumnMajor }
