import Foundation
import XCTest

@testable import CosmoCLI

/// `cosmo predict` warns when asked outside the inputs a fit trained on, naming the range.
final class InputRangeTests: XCTestCase {
  private let report: [String: Any] = ["input_ranges": [["name": "zCMB", "min": 0.0101, "max": 2.26],
                                                        ["name": "x1", "min": -2.9, "max": 2.8]]]

  func testInsideTheRangeSaysNothing() {
    XCTAssertEqual(InputRange.warnings([[0.0101, 0.5, 2.26], [0, 1, -2.9]], names: ["--z", "--x1"], report: report), [])
  }

  func testBelowAndBeyondAreNamedWithTheRange() {
    let warnings = InputRange.warnings([[0.001, 0.5, 3], [0, 1, 5]], names: ["--z", "--x1"], report: report)
    XCTAssertEqual(warnings, ["--z 0.001, 3 outside the fit's training range of zCMB, 0.0101 to 2.26: the prediction extrapolates",
                              "--x1 5 outside the fit's training range of x1, -2.9 to 2.8: the prediction extrapolates"])
  }

  func testAReportWithoutRangesOrWithBadOnesIsNotGuessedAt() {
    XCTAssertEqual(InputRange.warnings([[9]], names: ["--z"], report: [:]), [])
    let bad: [String: Any] = ["input_ranges": [["name": "zCMB", "min": 2.0, "max": 1.0]]]
    XCTAssertEqual(InputRange.warnings([[9]], names: ["--z"], report: bad), [])
  }

  func testReportRoundTripsThroughJSON() throws {
    let ranges = [InputRange(name: "zHD", min: 0.01, max: 2.3)]
    let data = try JSONSerialization.data(withJSONObject: ["input_ranges": ranges.map(\.json)])
    let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(InputRange.ranges(inReport: decoded), ranges)
  }
}
