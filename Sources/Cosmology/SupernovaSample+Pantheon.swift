import Foundation

extension SupernovaSample {
  /// The Pantheon+ SN-only sample of `cosmo lcdm`: rows with `zHD > zmin` (1590 for 0.01), the
  /// observable `m_b_corr` at redshift `zHD`, the covariance `source` selects (a `.cov` file in
  /// the release's 1701-row order, restricted to the rows, or `m_b_corr_err_DIAG`).
  public static func pantheon(table url: URL, covariance source: CovarianceSource, zmin: Double = 0.01) throws
    -> SupernovaSample
  {
    let covariance = try source.pantheonFile(beside: url).map(CovarianceMatrix.init(contentsOf:))
    return try pantheon(
      table: url, magnitude: "m_b_corr", redshift: "zHD", regressors: [], covariance: covariance, zmin: zmin
    ).sample
  }

  /// The one Pantheon+ loader, under `cosmo lcdm`'s sample and `cosmo fit`'s regression data.
  ///
  /// - Parameters:
  ///   - magnitude: `m_b_corr` (standardised magnitude) or `mB` (raw SALT2 peak magnitude), or any column.
  ///   - redshift: the redshift of the distance integral (`zHD`; the regression's input, `zCMB` by default).
  ///   - regressors: further columns (`x1`, `c`, `HOST_LOGMASS` …); rows missing one are dropped.
  ///   - covariance: the release covariance over all rows of the file, or nil for diagonal errors.
  ///   - zmin: rows with zHD ≤ zmin are cut (the covariance lacks peculiar-velocity errors below).
  ///   - extraColumns: further columns to read for the caller.
  /// - Returns: the sample, with plain-language notes on what was chosen (covariance kind,
  ///   drops); the table; and the table rows kept, in order.
  static func pantheon(
    table url: URL, magnitude: String, redshift: String, regressors: [String],
    covariance: CovarianceMatrix?, zmin: Double,
    extraColumns: [String] = []
  ) throws -> (sample: SupernovaSample, table: PantheonTable, rows: [Int]) {
    // The release covariance is that of m_b_corr; it is also the residual covariance of raw mB
    // once the model sees x1 and c (it holds their errors, propagated with α and β).
    let releaseCovarianceApplies =
      magnitude == "m_b_corr"
      || (magnitude == "mB" && regressors.contains("x1") && regressors.contains("c"))
    let errorColumn = releaseCovarianceApplies ? "m_b_corr_err_DIAG" : (magnitude == "mB" ? "mBERR" : nil)
    var select = Array(
      Set(["zHD", "zHEL", redshift, magnitude] + regressors + (errorColumn.map { [$0] } ?? []) + extraColumns))
    select.sort()
    let table = try PantheonTable(contentsOf: url, select: select)
    var notes: [String] = []
    if table.droppedMissing > 0 {
      notes.append(
        "dropped \(table.droppedMissing) rows missing one of \(regressors.joined(separator: ", ")) (sentinel −9/−999)")
    }
    let rows = table["zHD"].indices.filter { table["zHD"][$0] > zmin }
    guard rows.count >= 3 else { throw CosmologyError.fit(reason: "only \(rows.count) rows with zHD > \(zmin)") }
    notes.append("\(rows.count) rows with zHD > \(zmin) (of \(table.fileRowCount) in the file)")
    var matrix: CovarianceMatrix
    if let covariance, releaseCovarianceApplies {
      guard covariance.order == table.fileRowCount else {
        throw CosmologyError.covarianceSize(
          file: covariance.displayName, expected: table.fileRowCount, found: covariance.order)
      }
      matrix = covariance.restricted(to: rows.map { table.fileRows[$0] })
      notes.append("covariance: \(covariance.path ?? "full") restricted to the selected rows")
    } else {
      guard let errorColumn else {
        throw CosmologyError.fit(reason: "target \(magnitude) has no error column; give --cov PATH with its covariance")
      }
      if releaseCovarianceApplies {
        notes.append(
          "covariance: diagonal (\(errorColumn)) — no full covariance file (`cosmo data fetch` downloads it); the release warns that diagonal errors are for plotting only, not for cosmology fits"
        )
      } else {
        notes.append(
          "warning: with target mB the release covariance applies only when both x1 and c are inputs; using diagonal \(errorColumn), which leaves out the intrinsic scatter"
        )
      }
      matrix = CovarianceMatrix(diagonalErrors: rows.map { table[errorColumn][$0] })
    }
    try matrix.checkConditioning()  // before training on it, not after
    let sample = SupernovaSample(
      names: rows.map { table.names[$0] }, distanceRedshift: rows.map { table[redshift][$0] },
      heliocentricRedshift: rows.map { table["zHEL"][$0] }, magnitude: rows.map { table[magnitude][$0] },
      covariance: matrix, regressors: regressors.map { name in (name, rows.map { table[name][$0] }) }, notes: notes)
    return (sample, table, rows)
  }
}
