import PeerRandom
import TensorCore
import XCTest

@testable import Cosmology

final class LambdaCDMFitTests: XCTestCase {
  func testPantheonDiagonalFlatFit() throws {
    let sample = try SupernovaSample.pantheon(table: TestPaths.pantheonTable, covariance: .diagonal)
    XCTAssertEqual(sample.count, 1590)
    XCTAssertEqual(sample.covariance.kind, .diagonal)
    let fit = try LCDMFitter.fitFlat(try ProfiledChiSquare(sample))
    print(
      "Pantheon+ diag: Ωm = \(fit.matterDensity) [\(fit.matterDensityLow), \(fit.matterDensityHigh)] χ² = \(fit.chiSquare) dof = \(fit.degreesOfFreedom)"
    )
    XCTAssertEqual(fit.matterDensity, 0.3504, accuracy: 0.002)
    XCTAssertEqual(fit.matterDensity - fit.matterDensityLow, 0.0186, accuracy: 0.002)
    XCTAssertEqual(fit.matterDensityHigh - fit.matterDensity, 0.0190, accuracy: 0.002)
    XCTAssertEqual(fit.chiSquare, 697.3, accuracy: 0.1)
    XCTAssertEqual(fit.degreesOfFreedom, 1588)
  }

  func testUnion3FullCovarianceFlatFit() throws {
    let sample = try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset)
    XCTAssertEqual(sample.count, 22)
    XCTAssertEqual(sample.covariance.kind, .full)
    let fit = try LCDMFitter.fitFlat(try ProfiledChiSquare(sample))
    print(
      "Union3 full: Ωm = \(fit.matterDensity) [\(fit.matterDensityLow), \(fit.matterDensityHigh)] χ² = \(fit.chiSquare)"
    )
    XCTAssertEqual(fit.matterDensity, 0.3559, accuracy: 0.002)
    XCTAssertEqual(fit.matterDensity - fit.matterDensityLow, 0.0264, accuracy: 0.002)
    XCTAssertEqual(fit.matterDensityHigh - fit.matterDensity, 0.0276, accuracy: 0.002)
    XCTAssertEqual(fit.chiSquare, 23.96, accuracy: 0.01)
    XCTAssertEqual(fit.degreesOfFreedom, 20)
    // The correlations matter: the diagonal alone moves Ωm to ≈ 0.332 (union3 README).
    let diagonal = try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset, useCovariance: false)
    XCTAssertEqual(try LCDMFitter.fitFlat(try ProfiledChiSquare(diagonal)).matterDensity, 0.332, accuracy: 0.002)
  }

  func testPantheonFullCovarianceFlatFit() throws {
    let cov = try TestPaths.pantheonCovariance()
    let sample = try SupernovaSample.pantheon(table: TestPaths.pantheonTable, covariance: .file(cov))
    let fit = try LCDMFitter.fitFlat(try ProfiledChiSquare(sample))
    XCTAssertEqual(fit.matterDensity, 0.332, accuracy: 0.004)
    XCTAssertEqual(fit.chiSquare, 1402.9, accuracy: 1)
  }

  /// Linear terms beside the offset (the Tripp standardisation of raw mB): on magnitudes made
  /// from the real Pantheon+ redshifts and errors with planted α, β, the fit gives back Ωm, α and
  /// β; the profiled χ² is the minimum over every linear parameter; collinear columns are an error.
  func testLinearTermsAreProfiledAndRecovered() throws {
    let real = try SupernovaSample.pantheon(table: TestPaths.pantheonTable, covariance: .diagonal)
    let n = real.count
    let x1 = PeerStream.uniforms(seed: 3, count: n).map { 6 * $0 - 3 }
    let c = PeerStream.uniforms(seed: 4, count: n).map { 0.4 * $0 - 0.2 }
    let noise = PeerStream.normals(seed: 5, count: n)
    let sigma = (0..<n).map { real.covariance.variances[$0].squareRoot() }
    let planted = LambdaCDM.flat(matterDensity: 0.31)
    let distances = planted.transverseComovingDistances(real.distanceRedshift)!
    var magnitude = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let mu: Double = 5 * log10((1 + real.heliocentricRedshift[i]) * distances[i])
      let standardisation: Double = -0.15 * x1[i] + 3.1 * c[i]
      magnitude[i] = mu - 19.2 + standardisation + 0.1 * sigma[i] * noise[i]
    }
    let sample = SupernovaSample(
      names: real.names, distanceRedshift: real.distanceRedshift,
      heliocentricRedshift: real.heliocentricRedshift, magnitude: magnitude,
      covariance: real.covariance, regressors: [("x1", x1), ("c", c)])
    let chi2 = try ProfiledChiSquare(sample)
    let fit = try LCDMFitter.fitFlat(chi2)
    XCTAssertEqual(fit.matterDensity, 0.31, accuracy: 0.005)
    XCTAssertEqual(fit.coefficients["x1"]!, -0.15, accuracy: 0.002)
    XCTAssertEqual(fit.coefficients["c"]!, 3.1, accuracy: 0.02)
    XCTAssertEqual(fit.offset, -19.2, accuracy: 0.01)
    XCTAssertEqual(fit.degreesOfFreedom, n - 4)
    let model = LambdaCDM.flat(matterDensity: fit.matterDensity)
    let (profiled, linear) = chi2.profile(model)
    XCTAssertEqual(chi2.chiSquare(model, linear: linear), profiled, accuracy: 1e-7)
    for k in linear.indices {
      var moved = linear
      moved[k] += 0.01
      XCTAssertGreaterThan(chi2.chiSquare(model, linear: moved), profiled)
    }
    let collinear = SupernovaSample(
      names: real.names, distanceRedshift: real.distanceRedshift,
      heliocentricRedshift: real.heliocentricRedshift, magnitude: magnitude,
      covariance: real.covariance, regressors: [("x1", x1), ("twice x1", x1.map { 2 * $0 })])
    XCTAssertThrowsError(try ProfiledChiSquare(collinear))
  }

  func testProfiledChiSquareMatchesExplicitMinimumOverOffset() throws {
    let chi2 = try ProfiledChiSquare(try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset))
    let model = LambdaCDM.flat(matterDensity: 0.3)
    let (profiled, offset) = chi2.evaluate(model)
    XCTAssertEqual(chi2.chiSquare(model, offset: offset), profiled, accuracy: 1e-9)
    XCTAssertGreaterThan(chi2.chiSquare(model, offset: offset + 0.01), profiled)
    XCTAssertGreaterThan(chi2.chiSquare(model, offset: offset - 0.01), profiled)
  }

  func testNonFlatFitAndDarkEnergyDetection() throws {
    let chi2 = try ProfiledChiSquare(try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset))
    let flat = try LCDMFitter.fitFlat(chi2)
    let nonFlat = try LCDMFitter.fitNonFlat(chi2)
    let detection = LCDMFitter.darkEnergyDetection(chi2, against: nonFlat)
    print(
      "Union3 non-flat: Ωm = \(nonFlat.matterDensity) ΩΛ = \(nonFlat.darkEnergyDensity) χ² = \(nonFlat.chiSquare); "
        + "ΩΛ=0: Ωm = \(detection.matterDensityWithoutLambda) Δχ² = \(detection.deltaChiSquare) σ = \(detection.sigma)")
    // One more free parameter never fits worse than the flat subset of models.
    XCTAssertLessThanOrEqual(nonFlat.chiSquare, flat.chiSquare + 1e-6)
    XCTAssertGreaterThan(nonFlat.darkEnergyDensity, 0.3)
    XCTAssertGreaterThan(detection.deltaChiSquare, 9, "SNe alone should prefer ΩΛ > 0 by > 3σ")
    XCTAssertEqual(detection.sigma * detection.sigma, detection.deltaChiSquare, accuracy: 1e-9)
  }

  func testChiSquareOneDofSurvival() {
    XCTAssertEqual(LCDMFitter.chiSquareOneDofSurvival(1), 0.3173105078629141, accuracy: 1e-12)
    XCTAssertEqual(LCDMFitter.chiSquareOneDofSurvival(4), 0.04550026389635842, accuracy: 1e-12)
    XCTAssertEqual(LCDMFitter.gaussianSigma(deltaChiSquare: 9), 3)
  }

  func testCrossValidationChiSquarePerPoint() throws {
    let sample = try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset)
    let even = Array(stride(from: 0, to: 22, by: 2))
    let odd = Array(stride(from: 1, to: 22, by: 2))
    let heldOut = try LCDMFitter.crossValidationChiSquarePerPoint(sample, trainRows: even, testRows: odd)
    let inSample = try LCDMFitter.crossValidationChiSquarePerPoint(sample, trainRows: odd, testRows: odd)
    print("Union3 CV χ²/n: held-out \(heldOut), in-sample \(inSample)")
    XCTAssertTrue(heldOut.isFinite && heldOut > 0)
    // Fitting on the test rows themselves minimises their χ², so held-out can only be worse.
    XCTAssertGreaterThanOrEqual(heldOut, inSample - 1e-9)
  }
}
