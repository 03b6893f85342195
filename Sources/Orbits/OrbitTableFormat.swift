/// How an orbit table is written. Both are comma-separated with the same columns and rows.
public enum OrbitTableFormat: String, CaseIterable, Sendable {
  /// astropy's ECSV: units, the time scale, the bodies with their GM and the provenance in a
  /// commented header. astropy's `Table.read` and pandas (`comment='#'`) load it, and `gnn` and
  /// `orbits` read it back.
  case ecsv
  /// One line of column names, then the rows: what `np.genfromtxt(…, names=True)`, which takes
  /// its names from the first line even when that line is a comment, and spreadsheets expect.
  /// The header's metadata is not kept, so `gnn` cannot train on it.
  case csv
}
