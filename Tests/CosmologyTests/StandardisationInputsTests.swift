import TensorCore
import XCTest

@testable import Cosmology

/// `cosmo predict` standardises its inputs as training did (it used to redo this itself):
/// log10 of the redshift, then each column less the fold's mean over its scale.
final class StandardisationInputsTests: XCTestCase {
  func testNewPointsAreStandardisedAsTrainingRowsWere() {
    let s = SupernovaRegression.Standardisation(
      inputMean: [0.5, 1], inputScale: [2, 4], targetMean: 0, targetScale: 1)
    let x = s.inputs(redshifts: [10, 100], extra: [[1, 5]])
    XCTAssertEqual(x.shape, [2, 2])
    let expected: [Double] = [0.25, 0, 0.75, 1]  // ((1 − 0.5)/2, (1 − 1)/4, (2 − 0.5)/2, (5 − 1)/4)
    XCTAssertEqual(x.scalars, expected)
    XCTAssertEqual(s.standardise([1, 1, 2, 5], rows: 2).scalars, x.scalars)
  }
}
