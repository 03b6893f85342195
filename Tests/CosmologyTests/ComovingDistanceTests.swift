import XCTest

@testable import Cosmology

final class ComovingDistanceTests: XCTestCase {
  private let redshifts = [0.01, 2.26, 0.5, 0.0, 1.0, 0.5, 10.0]

  private func assertRelative(
    _ got: [Double]?, _ want: (Double) -> Double, _ tolerance: Double = 1e-9,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let got else { return XCTFail("no distances", file: file, line: line) }
    for (z, d) in zip(redshifts, got) {
      let w = want(z)
      XCTAssertEqual(d, w, accuracy: tolerance * max(abs(w), 1e-300), "z = \(z)", file: file, line: line)
    }
  }

  func testFlatMatterOnlyClosedForm() {
    // Ωm = 1: D_C = 2(1 − 1/√(1+z)) in units of c/H0.
    assertRelative(LambdaCDM.flat(matterDensity: 1).transverseComovingDistances(redshifts)) {
      2 * (1 - 1 / (1 + $0).squareRoot())
    }
  }

  func testFlatLambdaOnlyIsLinear() {
    assertRelative(LambdaCDM.flat(matterDensity: 0).transverseComovingDistances(redshifts)) { $0 }
  }

  func testOpenEmptyUniverseUsesSinh() {
    // Ωm = ΩΛ = 0, Ωk = 1: D_C = ln(1+z), D_M = sinh(D_C) = ((1+z) − 1/(1+z))/2.
    assertRelative(LambdaCDM(matterDensity: 0, darkEnergyDensity: 0).transverseComovingDistances(redshifts)) {
      ((1 + $0) - 1 / (1 + $0)) / 2
    }
  }

  func testMattigFormulaOpenAndClosed() {
    // ΩΛ = 0: D_M = 2[Ωm z + (Ωm − 2)(√(1+Ωm z) − 1)] / (Ωm² (1+z)); Ωm = 2 is closed (sin branch).
    for omega in [0.3, 2.0] {
      assertRelative(LambdaCDM(matterDensity: omega, darkEnergyDensity: 0).transverseComovingDistances(redshifts)) {
        z in
        2 * (omega * z + (omega - 2) * ((1 + omega * z).squareRoot() - 1)) / (omega * omega * (1 + z))
      }
    }
  }

  func testBouncingModelIsRejected() {
    // Ωm = 0.1, ΩΛ = 2: E² turns negative at modest z (no Big Bang).
    XCTAssertNil(LambdaCDM(matterDensity: 0.1, darkEnergyDensity: 2).transverseComovingDistances([0.5, 3]))
  }
}
