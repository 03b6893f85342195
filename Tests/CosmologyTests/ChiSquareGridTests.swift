import Plot
import XCTest

@testable import Cosmology

/// The χ² grid behind `cosmo lcdm`'s confidence regions, on Union3 (22 bins, full covariance).
final class ChiSquareGridTests: XCTestCase {
  /// One batched solve gives what one solve per model gives, including +∞ for a model with no
  /// big bang (Ωm = 0.1, ΩΛ = 2.5: E² < 0 in the past).
  func testBatchedChiSquaresEqualOneModelAtATime() throws {
    let chi2 = try ProfiledChiSquare(try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset))
    let models = [
      LambdaCDM.flat(matterDensity: 0.3), LambdaCDM(matterDensity: 0.5, darkEnergyDensity: 0.9),
      LambdaCDM(matterDensity: 0.1, darkEnergyDensity: 2.5), LambdaCDM(matterDensity: 0, darkEnergyDensity: 0),
    ]
    let batched = chi2.chiSquares(models)
    for (model, value) in zip(models, batched) {
      let single = chi2(model)
      if single.isInfinite {
        XCTAssertEqual(value, .infinity, "\(model)")
        continue
      }
      XCTAssertEqual(value, single, accuracy: 1e-9 * single, "\(model)")
    }
    XCTAssertEqual(batched[2], .infinity)
  }

  /// The refined grid covers the 3σ region with the minimum inside, agrees with the fitter's
  /// best fit to a grid step, is the same bytes when computed again, and its 1σ contour is a
  /// closed curve around the best fit whose crossing of the flat line brackets the published
  /// flat Ωm = 0.356 (Rubin et al. 2023).
  func testUnion3RegionsAroundTheBestFit() throws {
    let chi2 = try ProfiledChiSquare(try SupernovaSample.cobaya(dataset: TestPaths.union3Dataset))
    let best = try LCDMFitter.fitNonFlat(chi2)
    let grid = ChiSquareGrid.refined(chi2, minimum: best.chiSquare, resolution: 61)
    XCTAssertEqual(grid.matterDensity.count, 61)
    XCTAssertEqual(grid.darkEnergyDensity.count, 61)
    let stepM = grid.matterDensity[1] - grid.matterDensity[0]
    let stepL = grid.darkEnergyDensity[1] - grid.darkEnergyDensity[0]
    XCTAssertEqual(grid.minimum.matterDensity, best.matterDensity, accuracy: stepM)
    XCTAssertEqual(grid.minimum.darkEnergyDensity, best.darkEnergyDensity, accuracy: stepL)
    XCTAssertGreaterThanOrEqual(grid.minimum.chiSquare, best.chiSquare - 1e-6)
    // Every edge of the grid lies outside the 3σ region (except Ωm = 0, the physical edge).
    let columns = grid.matterDensity.count
    let rows = grid.darkEnergyDensity.count
    for column in 0..<columns {
      XCTAssertGreaterThan(grid.chiSquare[column] - best.chiSquare, 11.83)
      XCTAssertGreaterThan(grid.chiSquare[(rows - 1) * columns + column] - best.chiSquare, 11.83)
    }
    for row in 0..<rows { XCTAssertGreaterThan(grid.chiSquare[row * columns + columns - 1] - best.chiSquare, 11.83) }
    XCTAssertEqual(ChiSquareGrid.refined(chi2, minimum: best.chiSquare, resolution: 61), grid)

    let oneSigma = ContourLines.at(
      level: best.chiSquare + 2.30, x: grid.matterDensity,
      y: grid.darkEnergyDensity, values: grid.chiSquare)
    XCTAssertFalse(oneSigma.x.contains { $0.isNaN }, "the 1σ region of Union3 is one closed curve")
    XCTAssertEqual(oneSigma.x.first!, oneSigma.x.last!, accuracy: 1e-12)
    XCTAssertEqual(oneSigma.y.first!, oneSigma.y.last!, accuracy: 1e-12)
    XCTAssertLessThan(oneSigma.x.min()!, best.matterDensity)
    XCTAssertGreaterThan(oneSigma.x.max()!, best.matterDensity)
    XCTAssertLessThan(oneSigma.y.min()!, best.darkEnergyDensity)
    XCTAssertGreaterThan(oneSigma.y.max()!, best.darkEnergyDensity)
    // Where the flat line Ωm + ΩΛ = 1 runs inside the 1σ region: around Ωm = 0.356.
    let flatInside = grid.matterDensity.filter { m in
      let row = grid.darkEnergyDensity.indices.min {
        abs(grid.darkEnergyDensity[$0] - (1 - m)) < abs(grid.darkEnergyDensity[$1] - (1 - m))
      }!
      return grid.chiSquare[row * columns + grid.matterDensity.firstIndex(of: m)!] - best.chiSquare < 2.30
    }
    XCTAssertLessThan(flatInside.min()!, 0.356)
    XCTAssertGreaterThan(flatInside.max()!, 0.356)
  }
}
