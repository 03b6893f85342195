import XCTest

@testable import Cosmology

final class ReleaseStandardisationTests: XCTestCase {
  private func rows(_ table: PantheonTable) -> [Int] { table["zHD"].indices.filter { table["zHD"][$0] > 0.01 } }

  /// The release's correction is Tripp's αx1 − βc less the bias correction, to the table's rounding:
  /// fitted on (1, x1, c, biasCor_m_b) it gives back α = 0.1475, β = 3.092 and −1.
  func testReleaseCorrectionIsTrippLessBiasCorrection() throws {
    let table = try PantheonTable(
      contentsOf: TestPaths.pantheonTable, select: ["zHD", "zHEL", "mB", "m_b_corr", "x1", "c", "biasCor_m_b"])
    let keep = rows(table)
    let column = { (name: String) in keep.map { table[name][$0] } }
    let correction = zip(column("m_b_corr"), column("mB")).map { $0 - $1 }
    let sample = SupernovaSample(
      names: keep.map { table.names[$0] }, distanceRedshift: column("zHD"),
      heliocentricRedshift: column("zHEL"), magnitude: correction,
      covariance: CovarianceMatrix(diagonalErrors: [Double](repeating: 1, count: keep.count)),
      regressors: [("x1", column("x1")), ("c", column("c")), ("biasCor_m_b", column("biasCor_m_b"))])
    let (chiSquare, theta) = try ProfiledChiSquare(sample).linearFit(correction)
    XCTAssertEqual(theta[1], ReleaseStandardisation.alpha, accuracy: 1e-4)
    XCTAssertEqual(-theta[2], ReleaseStandardisation.beta, accuracy: 1e-3)
    XCTAssertEqual(theta[3], -1, accuracy: 1e-3)
    XCTAssertLessThan((chiSquare / Double(keep.count)).squareRoot(), 1e-4, "rms residual (mag)")
  }

  /// Target mB with x1 and c: the release covariance's diagonal weights the fit, and the effective
  /// slopes equal weighted least squares of m_b_corr − mB on (1, x1, c) done by hand.
  func testEffectiveSlopesMatchWeightedLeastSquares() throws {
    let (data, notes) = try RegressionData.pantheon(
      table: TestPaths.pantheonTable, target: "mB", redshift: "zCMB",
      features: ["x1", "c"], covariance: nil, zmin: 0.01)
    XCTAssertTrue(notes.contains { $0.contains("diagonal (m_b_corr_err_DIAG)") }, "\(notes)")
    let table = try PantheonTable(
      contentsOf: TestPaths.pantheonTable, select: ["zHD", "mB", "m_b_corr", "m_b_corr_err_DIAG", "x1", "c"])
    let keep = rows(table)
    XCTAssertEqual(data.covariance.variances[0], pow(table["m_b_corr_err_DIAG"][keep[0]], 2), accuracy: 1e-15)

    // Normal equations GᵀWG θ = GᵀWy, solved by Cramer's rule.
    var normal = [[Double]](repeating: [0, 0, 0], count: 3)
    var rhs = [0.0, 0, 0]
    for r in keep {
      let g = [1, table["x1"][r], table["c"][r]]
      let w = 1 / pow(table["m_b_corr_err_DIAG"][r], 2)
      let y = table["m_b_corr"][r] - table["mB"][r]
      for a in 0..<3 {
        rhs[a] += w * g[a] * y
        for b in 0..<3 { normal[a][b] += w * g[a] * g[b] }
      }
    }
    func det(_ m: [[Double]]) -> Double {
      m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }
    let theta = (0..<3).map { k in
      det(normal.enumerated().map { i, row in row.enumerated().map { j, v in j == k ? rhs[i] : v } }) / det(normal)
    }

    let release = try XCTUnwrap(try ReleaseStandardisation(data))
    XCTAssertEqual(release.effectiveAlpha, theta[1], accuracy: 1e-9)
    XCTAssertEqual(release.effectiveBeta, -theta[2], accuracy: 1e-8)
    // The bias correction flattens both slopes on these rows.
    XCTAssertLessThan(release.effectiveAlpha, ReleaseStandardisation.alpha - 0.005)
    XCTAssertLessThan(release.effectiveBeta, ReleaseStandardisation.beta - 0.3)
  }

  /// Without both x1 and c the release covariance does not apply to raw mB: its own error mBERR,
  /// a warning, and no standardisation to compare with.
  func testMBWithoutColourUsesMBERR() throws {
    let (data, notes) = try RegressionData.pantheon(
      table: TestPaths.pantheonTable, target: "mB", redshift: "zCMB",
      features: ["x1"], covariance: nil, zmin: 0.01)
    XCTAssertTrue(notes.contains { $0.hasPrefix("warning:") && $0.contains("mBERR") }, "\(notes)")
    let table = try PantheonTable(contentsOf: TestPaths.pantheonTable, select: ["zHD", "mBERR"])
    XCTAssertEqual(data.covariance.variances[0], pow(table["mBERR"][rows(table)[0]], 2), accuracy: 1e-15)
    XCTAssertNil(try ReleaseStandardisation(data))
  }
}
