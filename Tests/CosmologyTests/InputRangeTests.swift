import Cosmology
import Foundation
import XCTest

/// `cosmo predict` warns when asked outside the inputs a fit trained on, naming the range.
final class InputRangeTests: XCTestCase {
  private let ranges = [InputRange(name: "zCMB", min: 0.0101, max: 2.26), InputRange(name: "x1", min: -2.9, max: 2.8)]

  func testInsideTheRangeSaysNothing() {
    XCTAssertEqual(
      InputRange.warnings([[0.0101, 0.5, 2.26], [0, 1, -2.9]], names: ["--z", "--x1"], ranges: ranges), [])
  }

  func testBelowAndBeyondAreNamedWithTheRange() {
    let warnings = InputRange.warnings([[0.001, 0.5, 3], [0, 1, 5]], names: ["--z", "--x1"], ranges: ranges)
    XCTAssertEqual(
      warnings,
      [
        "--z 0.001, 3 outside the fit's training range of zCMB, 0.0101 to 2.26: the prediction extrapolates",
        "--x1 5 outside the fit's training range of x1, -2.9 to 2.8: the prediction extrapolates",
      ])
  }

  func testAReportWithoutRangesOrWithBadOnesIsNotGuessedAt() {
    XCTAssertEqual(InputRange.warnings([[9]], names: ["--z"], ranges: []), [])
    XCTAssertEqual(
      InputRange.warnings([[9]], names: ["--z"], ranges: [InputRange(name: "zCMB", min: 2.0, max: 1.0)]), [])
    XCTAssertEqual(
      InputRange.warnings([[9]], names: ["--z"], ranges: [InputRange(name: "zCMB", min: .nan, max: 1.0)]), [])
  }

  func testRangesRoundTripThroughJSON() throws {
    let data = try JSONEncoder().encode(ranges)
    XCTAssertEqual(try JSONDecoder().decode([InputRange].self, from: data), ranges)
  }
}
