import Cosmology
import Foundation

/// The Pantheon+ table reader and the sample built from it with diagonal errors.
struct PantheonTarget: FuzzTarget {
  let name = "pantheon"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]
  static let columns = ["zHD", "zHEL", "m_b_corr", "m_b_corr_err_DIAG", "HOST_LOGMASS"]

  /// Seeds: the header and 24 rows from three places in the real table (one with HOST_* sentinels).
  init(corpus: FuzzCorpus) throws {
    let lines = try read(corpus.pantheonTable).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let seeds = [1, 700, 1500].map { start in
      Array(([lines[0]] + lines[start..<min(start + 24, lines.count)]).joined(separator: [UInt8(ascii: "\n")])) + [
        UInt8(ascii: "\n")
      ]
    }
    slots = [(seeds, .text)]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    let url = scratch.appendingPathComponent("Pantheon+SH0ES.dat")
    try put(input.bytes, url)
    let table: PantheonTable
    do { table = try PantheonTable(contentsOf: url, select: Self.columns) } catch { return .rejected }
    for column in Self.columns {
      try require(
        table[column].count == table.count, "column \(column) has \(table[column].count) values for \(table.count) rows"
      )
      try requireFinite(table[column], column)
    }
    try require(table.count + table.droppedMissing == table.fileRowCount, "rows kept + dropped ≠ rows in the file")
    try require(zip(table.fileRows, table.fileRows.dropFirst()).allSatisfy { $0 < $1 }, "file rows not increasing")
    try require(table.fileRows.allSatisfy { $0 >= 0 && $0 < table.fileRowCount }, "a file row outside the file")
    let sample: SupernovaSample
    do { sample = try SupernovaSample.pantheon(table: url, covariance: .diagonal) } catch { return .rejected }
    try requireSample(sample)
    return .accepted
  }
}

/// A sample ready for a fit: sizes agree, everything finite, the covariance positive definite
/// with every relative pivot above the reader's threshold (recomputed here independently).
func requireSample(_ sample: SupernovaSample) throws {
  let n = sample.names.count
  try require(
    sample.distanceRedshift.count == n && sample.heliocentricRedshift.count == n && sample.magnitude.count == n
      && sample.covariance.order == n, "sample sizes disagree")
  try requireFinite(sample.distanceRedshift, "z")
  try requireFinite(sample.heliocentricRedshift, "zHEL")
  try requireFinite(sample.magnitude, "magnitude")
  try requireWellConditioned(sample.covariance.denseValues, order: n)
}

/// Plain Cholesky of the correlation matrix, independent of the reader's LAPACK call.
func requireWellConditioned(_ c: [Double], order n: Int) throws {
  try requireFinite(c, "covariance")
  for i in 0..<n {
    for j in 0..<i { try require(c[i * n + j] == c[j * n + i], "covariance not symmetric at \(i),\(j)") }
  }
  let d = (0..<n).map { c[$0 * n + $0] }
  try require(d.allSatisfy { $0 > 0 }, "covariance has a variance ≤ 0")
  var l = [Double](repeating: 0, count: n * n)
  for j in 0..<n {
    var s = 1.0  // the correlation matrix's diagonal
    for k in 0..<j { s -= l[j * n + k] * l[j * n + k] }
    try require(
      s >= CovarianceMatrix.smallestRelativePivot * 0.5, "covariance accepted with relative pivot \(s) at row \(j)")
    l[j * n + j] = s.squareRoot()
    for i in (j + 1)..<max(j + 1, n) {
      var t = c[i * n + j] / d[i].squareRoot() / d[j].squareRoot()
      for k in 0..<j { t -= l[i * n + k] * l[j * n + k] }
      l[i * n + j] = t / l[j * n + j]
    }
  }
}
