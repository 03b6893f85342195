import Foundation

/// What the regressor fits: one row per supernova observation, its inputs, its target magnitude
/// and their covariance, and the CID that keeps repeated observations in one fold.
public struct RegressionData {
  public var groups: [String]
  /// Input columns by name, each aligned with `target`.
  public var inputs: [(name: String, values: [Double])]
  public var target: [Double]
  public var targetName: String
  public var covariance: CovarianceMatrix
  /// The redshift input (for plots and the ΛCDM distance integral) and the heliocentric
  /// redshift of the (1 + z) factor.
  public var redshift: [Double]
  public var heliocentricRedshift: [Double]
  /// With the Pantheon+ table and target raw mB: m_b_corr − mB per row, the standardisation the
  /// release applied (Tripp's αx1 − βc less the bias correction), to compare the network with.
  public var releaseCorrection: [Double]?

  public init(groups: [String], inputs: [(name: String, values: [Double])], target: [Double], targetName: String,
              covariance: CovarianceMatrix, redshift: [Double], heliocentricRedshift: [Double]) {
    precondition(covariance.order == target.count && groups.count == target.count,
                 "RegressionData: \(target.count) rows, \(groups.count) groups, covariance of order \(covariance.order)")
    self.groups = groups
    self.inputs = inputs
    self.target = target
    self.targetName = targetName
    self.covariance = covariance
    self.redshift = redshift
    self.heliocentricRedshift = heliocentricRedshift
  }

  /// The same rows as a distance-modulus sample for the ΛCDM fits. The network's other inputs
  /// (x1, c, host mass…) enter ΛCDM linearly, so that it is judged on the same information: with
  /// raw mB and x1, c this is the Tripp standardisation, fitted.
  public var supernovaSample: SupernovaSample {
    SupernovaSample(names: groups, distanceRedshift: redshift, heliocentricRedshift: heliocentricRedshift,
                    magnitude: target, covariance: covariance,
                    regressors: inputs.filter { !$0.name.hasPrefix("z") })
  }

  public var count: Int { target.count }

  /// Row-major [rows.count, inputs] matrix of the chosen rows; a redshift input enters as log10.
  func inputMatrix(_ rows: [Int], logRedshift: Bool) -> [Double] {
    rows.flatMap { r in
      inputs.map { column in
        logRedshift && column.name.hasPrefix("z") ? Foundation.log10(column.values[r]) : column.values[r]
      }
    }
  }
}

extension RegressionData {
  /// The Pantheon+ table as a regression problem.
  ///
  /// - Parameters:
  ///   - target: `m_b_corr` (standardised magnitude) or `mB` (raw SALT2 peak magnitude), or any column.
  ///   - redshift: which redshift column is the first input (`zCMB`, `zHD`, `zHEL`).
  ///   - features: further input columns (`x1`, `c`, `HOST_LOGMASS` …); rows missing one are dropped.
  ///   - covariance: the release covariance over all rows of the file, or nil for diagonal errors.
  ///   - zmin: rows with zHD ≤ zmin are cut (the covariance lacks peculiar-velocity errors below).
  /// - Returns: the data and plain-language notes on what was chosen (covariance kind, drops).
  public static func pantheon(table url: URL, target: String, redshift: String, features: [String],
                              covariance: CovarianceMatrix?, zmin: Double) throws -> (RegressionData, [String]) {
    // The release covariance is that of m_b_corr; it is also the residual covariance of raw mB
    // once the model sees x1 and c (it holds their errors, propagated with α and β).
    let releaseCovarianceApplies = target == "m_b_corr" || (target == "mB" && features.contains("x1") && features.contains("c"))
    let errorColumn = releaseCovarianceApplies ? "m_b_corr_err_DIAG" : (target == "mB" ? "mBERR" : nil)
    var select = Array(Set(["zHD", "zHEL", redshift, target] + features + (errorColumn.map { [$0] } ?? [])
                           + (target == "mB" ? ["m_b_corr"] : [])))
    select.sort()
    let table = try PantheonTable(contentsOf: url, select: select)
    var notes: [String] = []
    if table.droppedMissing > 0 {
      notes.append("dropped \(table.droppedMissing) rows missing one of \(features.joined(separator: ", ")) (sentinel −9/−999)")
    }
    let rows = table["zHD"].indices.filter { table["zHD"][$0] > zmin }
    notes.append("\(rows.count) rows with zHD > \(zmin) (of \(table.fileRowCount) in the file)")
    var matrix: CovarianceMatrix
    if let covariance, releaseCovarianceApplies {
      guard covariance.order == table.fileRowCount else {
        throw CosmologyError.covarianceSize(file: covariance.path ?? "covariance", expected: table.fileRowCount, found: covariance.order)
      }
      matrix = covariance.restricted(to: rows.map { table.fileRows[$0] })
      notes.append("covariance: \(covariance.path ?? "full") restricted to the selected rows")
    } else {
      guard let errorColumn else {
        throw CosmologyError.fit(reason: "target \(target) has no error column; give --cov PATH with its covariance")
      }
      if releaseCovarianceApplies {
        notes.append("covariance: diagonal (\(errorColumn)) — no full covariance file (`cosmo data fetch` downloads it); the release warns that diagonal errors are for plotting only, not for cosmology fits")
      } else {
        notes.append("warning: with target mB the release covariance applies only when both x1 and c are inputs; using diagonal \(errorColumn), which leaves out the intrinsic scatter")
      }
      matrix = CovarianceMatrix(diagonalErrors: rows.map { table[errorColumn][$0] })
    }
    try matrix.checkConditioning()  // before training on it, not after
    var data = RegressionData(
      groups: rows.map { table.names[$0] },
      inputs: ([redshift] + features).map { name in (name, rows.map { table[name][$0] }) },
      target: rows.map { table[target][$0] }, targetName: target, covariance: matrix,
      redshift: rows.map { table[redshift][$0] }, heliocentricRedshift: rows.map { table["zHEL"][$0] })
    if target == "mB" { data.releaseCorrection = rows.map { table["m_b_corr"][$0] - table["mB"][$0] } }
    return (data, notes)
  }
}

extension RegressionData {
  /// A distance-modulus sample (e.g. a cobaya `.dataset`: JLA, Pantheon, DES, Union3) as a
  /// regression of its magnitudes on redshift, with its own covariance.
  public init(sample: SupernovaSample, redshiftName: String = "zcmb", targetName: String = "mb") {
    self.init(groups: sample.names, inputs: [(redshiftName, sample.distanceRedshift)], target: sample.magnitude,
              targetName: targetName, covariance: sample.covariance, redshift: sample.distanceRedshift,
              heliocentricRedshift: sample.heliocentricRedshift)
  }

  /// The regression for `--data PATH`: a Pantheon+ table (with target, redshift column and
  /// features), or a cobaya `.dataset` (redshift → mb only).
  public static func load(data url: URL, covariance: LCDMAnalysis.CovarianceChoice, target: String, redshift: String,
                          features: [String], zmin: Double) throws -> (RegressionData, [String]) {
    if url.pathExtension == "dataset" {
      guard features.isEmpty, ["m_b_corr", "mB", "mb"].contains(target) else {
        throw CosmologyError.dataset(file: url.lastPathComponent, line: nil,
                                     reason: "a .dataset regresses mb on zcmb; --features and --target do not apply")
      }
      let sample = try LCDMAnalysis.loadSample(data: url, covariance: covariance, zmin: zmin)
      return (RegressionData(sample: sample), sample.notes + ["\(sample.count) rows with zcmb > \(zmin); covariance: \(sample.covariance.kind.rawValue)"])
    }
    return try pantheon(table: url, target: target, redshift: redshift, features: features,
                        covariance: try covariance.pantheonFile(beside: url).map(CovarianceMatrix.init(contentsOf:)), zmin: zmin)
  }
}
