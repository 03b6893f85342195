import Foundation

/// What the regressor fits, as a view of a `SupernovaSample`: one row per supernova observation,
/// its inputs (the redshift, then the sample's regressors), its target magnitude and their
/// covariance, and the CID that keeps repeated observations in one fold.
public struct RegressionData {
  /// The rows: names are the CIDs, `distanceRedshift` the redshift input, `magnitude` the target,
  /// `regressors` the further inputs (which enter the ΛCDM reference linearly, so that it is
  /// judged on the same information: with raw mB and x1, c this is the Tripp standardisation).
  public var sample: SupernovaSample
  /// The redshift column the first input holds (`zCMB`, `zHD`, `zHEL`, `zcmb`).
  public var redshiftName: String
  public var targetName: String
  /// With the Pantheon+ table and target raw mB: m_b_corr − mB per row, the standardisation the
  /// release applied (Tripp's αx1 − βc less the bias correction), to compare the network with.
  public var releaseCorrection: [Double]?

  public init(sample: SupernovaSample, redshiftName: String = "zcmb", targetName: String = "mb") {
    self.sample = sample
    self.redshiftName = redshiftName
    self.targetName = targetName
  }

  public var groups: [String] { sample.names }
  /// Input columns by name, each aligned with `target`: the redshift first.
  public var inputs: [(name: String, values: [Double])] {
    [(redshiftName, sample.distanceRedshift)] + sample.regressors
  }
  public var target: [Double] { sample.magnitude }
  public var covariance: CovarianceMatrix { sample.covariance }
  /// The redshift input (for plots and the ΛCDM distance integral) and the heliocentric
  /// redshift of the (1 + z) factor.
  public var redshift: [Double] { sample.distanceRedshift }
  public var heliocentricRedshift: [Double] { sample.heliocentricRedshift }
  public var count: Int { sample.count }

  /// Row-major [rows.count, inputs] matrix of the chosen rows; a redshift input enters as log10.
  func inputMatrix(_ rows: [Int], logRedshift: Bool) -> [Double] {
    let columns = inputs
    return rows.flatMap { r in
      columns.map { column in
        logRedshift && column.name.hasPrefix("z") ? Foundation.log10(column.values[r]) : column.values[r]
      }
    }
  }
}

extension RegressionData {
  /// The Pantheon+ table as a regression problem (`SupernovaSample.pantheon`'s rows and
  /// covariance, the redshift and target chosen).
  ///
  /// - Parameters:
  ///   - target: `m_b_corr` (standardised magnitude) or `mB` (raw SALT2 peak magnitude), or any column.
  ///   - redshift: which redshift column is the first input (`zCMB`, `zHD`, `zHEL`).
  ///   - features: further input columns (`x1`, `c`, `HOST_LOGMASS` …); rows missing one are dropped.
  ///   - covariance: the release covariance over all rows of the file, or nil for diagonal errors.
  ///   - zmin: rows with zHD ≤ zmin are cut (the covariance lacks peculiar-velocity errors below).
  /// - Returns: the data and plain-language notes on what was chosen (covariance kind, drops).
  public static func pantheon(
    table url: URL, target: String, redshift: String, features: [String],
    covariance: CovarianceMatrix?, zmin: Double
  ) throws -> (RegressionData, [String]) {
    let (sample, table, rows) = try SupernovaSample.pantheon(
      table: url, magnitude: target, redshift: redshift,
      regressors: features, covariance: covariance, zmin: zmin,
      extraColumns: target == "mB" ? ["m_b_corr"] : [])
    var data = RegressionData(sample: sample, redshiftName: redshift, targetName: target)
    if target == "mB" { data.releaseCorrection = rows.map { table["m_b_corr"][$0] - table["mB"][$0] } }
    return (data, sample.notes)
  }
}

extension RegressionData {
  /// The regression for `--data PATH`: a Pantheon+ table (with target, redshift column and
  /// features), or a cobaya `.dataset` (redshift → mb only).
  public static func load(
    data url: URL, covariance: CovarianceSource, target: String, redshift: String,
    features: [String], zmin: Double
  ) throws -> (RegressionData, [String]) {
    if url.pathExtension == "dataset" {
      guard features.isEmpty, ["m_b_corr", "mB", "mb"].contains(target) else {
        throw CosmologyError.dataset(
          file: url.lastPathComponent, line: nil,
          reason: "a .dataset regresses mb on zcmb; --features and --target do not apply")
      }
      let sample = try LCDMAnalysis.loadSample(data: url, covariance: covariance, zmin: zmin)
      return (
        RegressionData(sample: sample),
        sample.notes + ["\(sample.count) rows with zcmb > \(zmin); covariance: \(sample.covariance.kind.rawValue)"]
      )
    }
    return try pantheon(
      table: url, target: target, redshift: redshift, features: features,
      covariance: try covariance.pantheonFile(beside: url).map(CovarianceMatrix.init(contentsOf:)), zmin: zmin)
  }
}
