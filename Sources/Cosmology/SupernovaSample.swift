import Foundation

/// What a distance-modulus fit needs: per SN the redshift for the distance integral, the
/// heliocentric redshift for the (1+z) factor, the observed magnitude, and their covariance.
public struct SupernovaSample: Sendable {
  public let names: [String]
  /// Redshift in the distance integral (Pantheon+ `zHD`, lcparam `zcmb`).
  public let distanceRedshift: [Double]
  /// Heliocentric redshift in the (1 + z) factor (`zHEL`, `zhel`).
  public let heliocentricRedshift: [Double]
  /// Observed magnitude (mag): `m_b_corr` or lcparam `mb`.
  public let magnitude: [Double]
  public let covariance: CovarianceMatrix
  /// Columns that enter the model magnitude linearly beside the offset, their coefficients
  /// profiled with it: x1 and c make m = μ + 𝓜 − αx1 + βc the Tripp standardisation of raw mB.
  public let regressors: [(name: String, values: [Double])]
  /// Lines about how the sample was built, printed by the CLI.
  public let notes: [String]

  public var count: Int { names.count }

  public init(
    names: [String], distanceRedshift: [Double], heliocentricRedshift: [Double],
    magnitude: [Double], covariance: CovarianceMatrix, regressors: [(name: String, values: [Double])] = [],
    notes: [String] = []
  ) {
    precondition(
      Set([
        names.count, distanceRedshift.count, heliocentricRedshift.count, magnitude.count,
        covariance.order,
      ]).count == 1, "SupernovaSample: column lengths and covariance order differ")
    self.names = names
    self.distanceRedshift = distanceRedshift
    self.heliocentricRedshift = heliocentricRedshift
    self.magnitude = magnitude
    self.covariance = covariance
    self.notes = notes
    precondition(
      regressors.allSatisfy { $0.values.count == magnitude.count }, "SupernovaSample: regressor length differs")
    self.regressors = regressors
  }

  /// The rows at `rows` (0-based), with the covariance block on both axes.
  public func subset(_ rows: [Int]) -> SupernovaSample {
    SupernovaSample(
      names: rows.map { names[$0] }, distanceRedshift: rows.map { distanceRedshift[$0] },
      heliocentricRedshift: rows.map { heliocentricRedshift[$0] },
      magnitude: rows.map { magnitude[$0] }, covariance: covariance.restricted(to: rows),
      regressors: regressors.map { column in (column.name, rows.map { column.values[$0] }) }, notes: notes)
  }
}

extension SupernovaSample {
  /// A cobaya `.dataset` sample. Total covariance as cobaya builds it for a magnitude-only fit:
  /// `mag_covmat + diag(dmb² + intrinsicdisp² + σ_z²)`, with the redshift term
  /// `σ_z = (5/ln10)·pecz·(1+z)/(z(1+z/2))` (zero for Union3, whose `dmb`, `pecz`, `intrinsicdisp` are 0).
  /// `useCovariance = false` keeps only the diagonal of that total.
  public static func cobaya(dataset url: URL, useCovariance: Bool = true, zmin: Double = 0) throws -> SupernovaSample {
    let dataset = try CobayaDataset(contentsOf: url)
    let table = try LCParamTable(contentsOf: dataset.dataFile)
    let n = table.names.count
    let extra = try (0..<n).map { i -> Double in
      let z = table.zcmb[i]
      let zTerm =
        dataset.peculiarVelocityZ == 0 ? 0 : 5 / log(10.0) * dataset.peculiarVelocityZ * (1 + z) / (z * (1 + z / 2))
      let variance =
        table.dmb[i] * table.dmb[i] + dataset.intrinsicDispersion * dataset.intrinsicDispersion + zTerm * zTerm
      guard variance.isFinite else {
        throw CosmologyError.dataset(
          file: dataset.dataFile.displayName, line: nil,
          reason:
            "row \(i) (\(table.names[i])): the diagonal term dmb² + intrinsicdisp² + σ_z² is \(variance) at zcmb = \(z)"
        )
      }
      return variance
    }
    var notes = ["\(dataset.name): \(n) rows from \(dataset.dataFile.lastPathComponent)"]
    if !table.absentColumns.isEmpty {
      notes.append(
        "header names columns no row fills (treated as absent): \(table.absentColumns.joined(separator: " "))")
    }
    var cov: CovarianceMatrix
    if let covURL = dataset.magnitudeCovarianceFile {
      let mag = try CovarianceMatrix(contentsOf: covURL)
      guard mag.order == n else {
        throw CosmologyError.covarianceSize(file: covURL.lastPathComponent, expected: n, found: mag.order)
      }
      cov = mag.addingDiagonal(extra)
      if !useCovariance { cov = CovarianceMatrix(diagonalErrors: cov.variances.map { $0.squareRoot() }) }
    } else {
      cov = CovarianceMatrix(diagonalErrors: extra.map { $0.squareRoot() })
    }
    let keep = (0..<n).filter { table.zcmb[$0] > zmin }
    let sample = SupernovaSample(
      names: table.names, distanceRedshift: table.zcmb, heliocentricRedshift: table.zhel,
      magnitude: table.mb, covariance: cov, notes: notes)
    let kept = keep.count == n ? sample : sample.subset(keep)
    try kept.covariance.checkConditioning()
    return kept
  }
}
