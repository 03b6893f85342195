import Foundation
import XCTest

@testable import Orbits

/// A parsed reply's target gets its own ID: Ceres was labelled 0, the Solar System Barycenter.
final class HorizonsTargetIDTests: XCTestCase {
  private func target(_ fixture: String) throws -> String? {
    let url = try XCTUnwrap(
      Bundle.module.url(forResource: fixture, withExtension: nil, subdirectory: "Fixtures/horizons"))
    return try HorizonsParser.parse(String(contentsOf: url, encoding: .utf8)).target
  }

  /// The recorded replies: Ceres (a numbered asteroid), Earth, the Roadster (a spacecraft).
  func testRecordedReplies() throws {
    XCTAssertEqual(HorizonsTargetID.naifID(in: try target("vectors_t3_csv_range_api.txt")), 20_000_001)
    XCTAssertEqual(HorizonsTargetID.naifID(in: try target("vectors_t3_text_labels_api.txt")), 399)
    XCTAssertEqual(HorizonsTargetID.naifID(in: try target("vectors_t1_text_nolabels_api.txt")), -143_205)
    XCTAssertEqual(HorizonsTargetID.naifID(in: try target("vectors_t3_api_envelope_RECONSTRUCTED.json")), 399)
  }

  func testNamesWithoutAnID() {
    XCTAssertEqual(HorizonsTargetID.naifID(in: "433 Eros (A898 PA)"), 20_000_433)
    XCTAssertEqual(HorizonsTargetID.naifID(in: "Mars Barycenter (4)"), 4)
    for name in ["(2020 QG)", "1P/Halley", "C/2020 F3 (NEOWISE)", "", "   ", "12345678901 X", "0 Zero", "2024 (x)"] {
      XCTAssertNil(HorizonsTargetID.naifID(in: name), name)
    }
    XCTAssertNil(HorizonsTargetID.naifID(in: nil))
    XCTAssertEqual(HorizonsTargetID.naifID(inDesignation: "DES=20099942;"), 20_099_942)
    XCTAssertNil(HorizonsTargetID.naifID(inDesignation: "Ceres;"))
    XCTAssertNil(HorizonsTargetID.naifID(inDesignation: "DES=99999999999999999999;"))
  }
}
