import TensorCore
import TestSupport
import XCTest

@testable import Cosmology

final class CovarianceTests: XCTestCase {
  private func write(_ text: String, _ name: String) throws -> URL {
    let url = try TestPaths.temporaryDirectory(self).appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  func testReadsOnePerLineAndSymmetrises() throws {
    // C[0,1] and C[1,0] differ by 2e-8 (rounding, as in the Pantheon+ release).
    let url = try write("2\n4.0\n1.00000002\n1.0\n9.0\n", "tiny.cov")
    let c = try CovarianceMatrix(contentsOf: url)
    XCTAssertEqual(c.order, 2)
    XCTAssertEqual(c.denseValues[1], 1.00000001, accuracy: 1e-15)
    XCTAssertEqual(c.denseValues[1], c.denseValues[2])
    XCTAssertEqual(c.kind, .full)
    XCTAssertEqual(c.sha256?.count, 64)
    XCTAssertEqual(c.restricted(to: [1]).denseValues, [9])
  }

  func testGzipMatchesPlain() throws {
    let plain = try write("3\n2\n0.5\n0\n0.5\n2\n0.5\n0\n0.5\n2\n", "c.cov")
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-k", plain.path]
    do { try gzip.run() } catch { throw XCTSkip("/bin/gzip not available to make a .gz test file: \(error)") }
    gzip.waitUntilExit()
    let zipped = try CovarianceMatrix(contentsOf: plain.appendingPathExtension("gz"))
    XCTAssertEqual(zipped.denseValues, try CovarianceMatrix(contentsOf: plain).denseValues)
  }

  func testRejectsAsymmetryTruncationAndNonPD() throws {
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: try write("2\n1\n0.5\n0.4\n1\n", "asym.cov"))) {
      XCTAssertTrue("\($0)".hasPrefix("asym.cov: covariance is not symmetric: C[0,1]"), "\($0)")
    }
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: try write("2\n1\n0\n0\n", "short.cov"))) {
      XCTAssertTrue("\($0)".contains("truncated: N = 2 needs 4 values, found 3"), "\($0)")
    }
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: try write("2\n1\n0\nx\n1\n", "bad.cov"))) {
      XCTAssertEqual("\($0)", "bad.cov:4: 'x' is not a finite number")
    }
    let notPD = try CovarianceMatrix(contentsOf: try write("3\n1\n0\n0\n0\n1\n2\n0\n2\n1\n", "notpd.cov"))
    XCTAssertThrowsError(try notPD.choleskyFactor()) {
      XCTAssertEqual($0 as? CosmologyError, .covarianceNotPositiveDefinite(file: "notpd.cov", pivot: 3, order: 3))
    }
  }

  /// The one χ² (`ChiSquareBlock`) with a full covariance: rᵀC⁻¹r as the explicit inverse gives
  /// it, the sum over columns for an ensemble's members, its gradient, and a matrix that is not
  /// positive definite refused naming the pivot. (NN's `CovarianceChiSquare`, which whitened
  /// with the Cholesky factor and which nothing used, was this test's subject before.)
  func testFullCovarianceChiSquare() throws {
    let c = CovarianceMatrix(order: 3, values: [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2])
    let target = [1.0, 2, 3]
    let data = { (c: CovarianceMatrix) in
      RegressionData(
        sample: SupernovaSample(
          names: ["a", "b", "c"], distanceRedshift: [0.1, 0.2, 0.3],
          heliocentricRedshift: [0.1, 0.2, 0.3], magnitude: target, covariance: c))
    }
    let chi2 = try ChiSquareBlock(data(c), rows: [0, 1, 2])
    let r = Tensor([0.3, -1.2, 0.8])
    let prediction = Tensor(shape: [3, 1], scalars: zip(r.scalars, target).map { $0 + $1 })
    let explicit = matmul(r, matmul(try inverseSPD(Tensor(shape: [3, 3], scalars: c.denseValues)), r)).scalar
    XCTAssertEqual(chi2.chiSquare(prediction).scalar, explicit, accuracy: 1e-13)
    let both = Tensor(
      shape: [3, 2], scalars: (0..<3).flatMap { [target[$0] + r.scalars[$0], target[$0] + 2 * r.scalars[$0]] })
    XCTAssertEqual(chi2.chiSquare(both).scalar, 5 * explicit, accuracy: 1e-12)
    checkGradient([prediction]) { chi2.chiSquare($0[0]) }
    let notPD = CovarianceMatrix(order: 3, values: [1, 2, 0, 2, 1, 0, 0, 0, 1])
    XCTAssertThrowsError(try ChiSquareBlock(data(notPD), rows: [0, 1, 2])) {
      XCTAssertEqual($0 as? CosmologyError, .covarianceNotPositiveDefinite(file: "covariance", pivot: 2, order: 3))
    }
  }

  /// Diagonal errors take the Σ r²/σ² path; the same matrix marked full goes through C⁻¹. Both
  /// must give one χ² and one gradient, and a zero error must fail like a Cholesky pivot.
  func testDiagonalChiSquareMatchesThePrecisionPath() throws {
    let sigma = [0.1, 0.25, 0.2, 0.15]
    let diagonal = CovarianceMatrix(diagonalErrors: sigma)
    let dense = CovarianceMatrix(order: 4, values: diagonal.denseValues)
    let rows = [3, 0, 2]
    let target = [25.0, 24.0, 23.5, 22.0]
    let data = { (c: CovarianceMatrix) in
      RegressionData(
        sample: SupernovaSample(
          names: ["a", "b", "c", "d"], distanceRedshift: [0.1, 0.2, 0.3, 0.4],
          heliocentricRedshift: [0.1, 0.2, 0.3, 0.4], magnitude: target, covariance: c))
    }
    let (fast, slow) = (try ChiSquareBlock(data(diagonal), rows: rows), try ChiSquareBlock(data(dense), rows: rows))
    guard case .inverseVariance = fast.weight, case .precision = slow.weight else {
      return XCTFail("wrong weighting chosen")
    }
    let predictions = Tensor(shape: [3, 2], scalars: [22.1, 21.8, 25.3, 24.9, 23.4, 23.0])
    let (a, ga) = valueAndGradient(at: [predictions]) { fast.chiSquare($0[0]) }
    let (b, gb) = valueAndGradient(at: [predictions]) { slow.chiSquare($0[0]) }
    // Row 3 (σ 0.15) against 22: 0.1 and −0.2; row 0 (σ 0.1) against 25: 0.3, −0.1; row 2: −0.1, −0.5.
    let expected = (0.01 + 0.04) / 0.0225 + (0.09 + 0.01) / 0.01 + (0.01 + 0.25) / 0.04
    XCTAssertEqual(a.scalar, expected, accuracy: 1e-12)
    XCTAssertEqual(a.scalar, b.scalar, accuracy: 1e-12)
    for (x, y) in zip(ga[0].scalars, gb[0].scalars) { XCTAssertEqual(x, y, accuracy: 1e-10) }

    let zero = CovarianceMatrix(diagonalErrors: [0.1, 0, 0.2])
    XCTAssertThrowsError(try zero.inverseVariances()) {
      XCTAssertEqual($0 as? CosmologyError, .covarianceNotPositiveDefinite(file: "diagonal errors", pivot: 2, order: 3))
    }
    XCTAssertThrowsError(try zero.choleskyFactor()) {
      XCTAssertEqual($0 as? CosmologyError, .covarianceNotPositiveDefinite(file: "diagonal errors", pivot: 2, order: 3))
    }
  }

  /// Diagonal errors are kept as n variances — no n×n matrix, also after restricting to rows —
  /// and the ΛCDM χ² whitens them by 1/σ per row to the same bits as the Cholesky solve of the
  /// same matrix stored dense: profiled χ², linear parameters, batched χ² and fixed-offset χ²,
  /// with and without the x1, c regressors, on the shipped table's 1590 rows.
  func testDiagonalCovarianceIsStoredAndWhitenedAsADiagonal() throws {
    let (regression, _) = try RegressionData.pantheon(
      table: TestPaths.pantheonTable, target: "mB", redshift: "zCMB",
      features: ["x1", "c"], covariance: nil, zmin: 0.01)
    let plain = try SupernovaSample.pantheon(table: TestPaths.pantheonTable, covariance: .diagonal)
    for sample in [plain, regression.sample] {
      guard case .diagonal(let variances) = sample.covariance.storage else { return XCTFail("stored dense") }
      XCTAssertEqual(variances.count, 1590)
      XCTAssertEqual(
        sample.subset([5, 2, 9]).covariance.storage, .diagonal([variances[5], variances[2], variances[9]]))
      let dense = SupernovaSample(
        names: sample.names, distanceRedshift: sample.distanceRedshift,
        heliocentricRedshift: sample.heliocentricRedshift, magnitude: sample.magnitude,
        covariance: CovarianceMatrix(order: sample.count, values: sample.covariance.denseValues),
        regressors: sample.regressors)
      let (diagonal, cholesky) = (try ProfiledChiSquare(sample), try ProfiledChiSquare(dense))
      XCTAssertEqual(diagonal.whitenedDesign, cholesky.whitenedDesign)
      let models =
        [0.2, 0.3, 0.33, 0.5].map { LambdaCDM.flat(matterDensity: $0) } + [
          LambdaCDM(matterDensity: 0.3, darkEnergyDensity: 0.6)
        ]
      for model in models {
        let (a, b) = (diagonal.profile(model), cholesky.profile(model))
        XCTAssertEqual(a.chiSquare, b.chiSquare)
        XCTAssertEqual(a.linear, b.linear)
        XCTAssertEqual(diagonal.chiSquare(model, linear: a.linear), cholesky.chiSquare(model, linear: b.linear))
      }
      XCTAssertEqual(diagonal.chiSquares(models), cholesky.chiSquares(models))
    }
  }

  func testUnion3CovarianceIsDensePositiveDefinite() throws {
    let url = TestPaths.union3Dataset.deletingLastPathComponent().appendingPathComponent("mag_covmat.txt")
    let c = try CovarianceMatrix(contentsOf: url)
    XCTAssertEqual(c.order, 22)
    XCTAssertEqual(c.denseValues[0], 0.0086044441289678)
    XCTAssertEqual(c.sha256, "64c79abd24bf5154bc1e38ad0c031e31dd6247cdcc5ca930829698169809a146")
    XCTAssertNoThrow(try c.choleskyFactor())
    XCTAssertGreaterThan(c.denseValues.filter { $0 != 0 }.count, 22 * 21)  // dense, not diagonal
  }

  func testPantheonCovarianceSizeMismatchIsReported() throws {
    let url = try write("2\n1\n0\n0\n1\n", "small.cov")
    XCTAssertThrowsError(try SupernovaSample.pantheon(table: TestPaths.pantheonTable, covariance: .file(url))) {
      XCTAssertTrue("\($0)".hasPrefix("small.cov: covariance is 2×2 but the data have 1701 rows"), "\($0)")
    }
  }
}

final class CovarianceLayoutTests: XCTestCase {
  /// CosmoMC writes `mag_covmat` as N then one matrix row per line; same reader, same matrix.
  func testRowPerLineLayoutMatchesOnePerLine() throws {
    let dir = try TestPaths.temporaryDirectory(self)
    let rows = dir.appendingPathComponent("rows.txt")
    let single = dir.appendingPathComponent("single.txt")
    try "2\n1.5 0.25\n0.25 2.5\n".write(to: rows, atomically: true, encoding: .utf8)
    try "2\n1.5\n0.25\n0.25\n2.5\n".write(to: single, atomically: true, encoding: .utf8)
    XCTAssertEqual(try CovarianceMatrix(contentsOf: rows).denseValues, [1.5, 0.25, 0.25, 2.5])
    XCTAssertEqual(
      try CovarianceMatrix(contentsOf: rows).denseValues, try CovarianceMatrix(contentsOf: single).denseValues)
    try "2\n1 0\n0 1\n7\n".write(to: rows, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: rows)) {
      XCTAssertEqual("\($0)", "rows.txt:4: more than N×N = 4 values after N = 2")
    }
  }
}
