// Baseline for SnapshotHelperTests: the helper must report any change to this text.
class Unchanged { }
