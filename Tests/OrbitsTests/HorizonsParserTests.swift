import Foundation
import Orbits
import XCTest

/// Every real recorded reply in the fixtures, and stand-ins for the layouts none exists for.
final class HorizonsParserTests: XCTestCase {
  private func fixture(_ name: String) throws -> String {
    let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/horizons")!
    return try String(contentsOf: url, encoding: .utf8)
  }

  /// Earth from the Sun, labels on, KM-S, table 3: 25 epochs at 60 min.
  func testTextWithLabels() throws {
    let table = try HorizonsParser.parse(fixture("vectors_t3_text_labels_api.txt"))
    XCTAssertEqual(table.rows.count, 25)
    XCTAssertEqual(table.target, "Earth (399)")
    XCTAssertEqual(table.center, "Sun (10)")
    XCTAssertEqual(table.units, "KM-S")
    XCTAssertEqual(table.frame, "Ecliptic of J2000.0")
    let first = table.rows[0]
    XCTAssertEqual(first.julianDate, 2459824.062754630)
    XCTAssertEqual(first.position, [1.407576668551506E+08, -5.460807404900707E+07, 1.970110800258815E+03])
    XCTAssertEqual(first.velocity!, [1.028214858494974E+01, 2.766822650832448E+01, -3.464561280672740E-04])
    // Velocities agree with the positions' differences (a check that the labels were not swapped):
    // over an hour the chord's slope is the mean of the end velocities to ~1e-6.
    let dt = (table.rows[1].julianDate - first.julianDate) * 86_400
    for k in 0..<3 {
      XCTAssertEqual(
        (table.rows[1].position[k] - first.position[k]) / dt, (first.velocity![k] + table.rows[1].velocity![k]) / 2,
        accuracy: 1e-5 * 30)
    }
  }

  /// The same reply inside the JSON envelope.
  func testJSONEnvelope() throws {
    let table = try HorizonsParser.parse(fixture("vectors_t3_api_envelope_RECONSTRUCTED.json"))
    XCTAssertEqual(table.rows.count, 25)
    XCTAssertEqual(table.apiVersion, "1.2")
    XCTAssertEqual(table.rows, try HorizonsParser.parse(fixture("vectors_t3_text_labels_api.txt")).rows)
  }

  /// Ceres, CSV with a trailing comma on every row, AU-D converted to km and km/s.
  func testCSVInAstronomicalUnits() throws {
    let table = try HorizonsParser.parse(fixture("vectors_t3_csv_range_api.txt"))
    XCTAssertEqual(table.apiVersion, "1.1")
    XCTAssertEqual(table.units, "AU-D")
    XCTAssertGreaterThan(table.rows.count, 1)
    XCTAssertEqual(table.rows[0].julianDate, 2459740.5)
    XCTAssertEqual(table.rows[0].position[0], -8.354726583796999E-01 * 149_597_870.7, accuracy: 1e-6)
    let speed = table.rows[0].velocity!.map { $0 * $0 }.reduce(0, +).squareRoot()
    XCTAssertEqual(speed, 17.9, accuracy: 1.5, "Ceres moves at ~18 km/s")
  }

  /// VEC_TABLE 1, labels off: positions only.
  func testPositionsOnlyWithoutLabels() throws {
    let table = try HorizonsParser.parse(fixture("vectors_t1_text_nolabels_api.txt"))
    XCTAssertEqual(table.rows[0].position, [1.480314826224177E+08, 1.186454251209254E+08, 3.565654811767541E+06])
    XCTAssertNil(table.rows[0].velocity)
    XCTAssertThrowsError(
      try HorizonsDataset.dataset(from: [(EphemerisBody(id: -143205, name: "Roadster"), table)], provenance: []))
  }

  func testRowsOnly() throws {
    let table = try HorizonsParser.parse(fixture("vectors_t3_rows_only.txt"))
    XCTAssertEqual(table.rows.count, 2)
    XCTAssertEqual(table.rows[0].position[0], -5.750676449002484E+08)
    XCTAssertEqual(table.rows[0].velocity![1], -3.714094075093563E+00)
  }

  /// Stand-in: table 2, ICRF, KM-D, B.C. epochs.
  func testStandInKilometresPerDayAndBC() throws {
    let table = try HorizonsParser.parse(fixture("vectors_t2_frame_kmd_bc_STANDIN.txt"))
    XCTAssertEqual(table.rows.count, 3)
    XCTAssertEqual(table.frame, "ICRF")
    XCTAssertEqual(table.rows[0].julianDate, 1684595.5)
    XCTAssertEqual(table.rows[0].velocity!, [10, -20, 0])
    XCTAssertEqual(table.rows[0].position[1], -2e8)
  }

  func testFailuresInTheServersWords() throws {
    XCTAssertThrowsError(try HorizonsParser.parse(fixture("ambiguous_major_bodies_mars.txt"))) { error in
      guard case .ambiguous(_, let candidates) = error as? HorizonsError else { return XCTFail("\(error)") }
      XCTAssertEqual(candidates.count, 10)
      XCTAssertTrue(candidates.contains { $0.id == "499" && $0.name.hasPrefix("Mars") }, "\(candidates)")
      XCTAssertTrue(candidates.contains { $0.id == "4" })
    }
    XCTAssertThrowsError(try HorizonsParser.parse(fixture("error_tlist_api.txt"))) { error in
      XCTAssertTrue("\(error)".contains("BATVAR: no TLIST values found"), "\(error)")
    }
    XCTAssertThrowsError(try HorizonsParser.parse(fixture("error_envelope_STANDIN.json"))) { error in
      XCTAssertTrue("\(error)".contains("No ephemeris for target \"Mars\" prior to A.D. 1599"), "\(error)")
    }
    XCTAssertThrowsError(try HorizonsParser.parse(fixture("vectors_t3_truncated_STANDIN.txt"))) { error in
      XCTAssertEqual("\(error)", "Horizons reply was cut off: $$SOE without $$EOE after 2 rows")
    }
    XCTAssertThrowsError(try HorizonsParser.parse("{\"result\": ")) { error in
      guard case .invalidJSON = error as? HorizonsError else { return XCTFail("\(error)") }
    }
    // Members of another type count as absent, whatever else the envelope holds.
    XCTAssertThrowsError(try HorizonsParser.parse("{\"signature\": \"1.2\", \"result\": 5, \"error\": null}")) {
      error in
      XCTAssertEqual(error as? HorizonsError, .invalidJSON("no 'result' or 'error' member"))
    }
    XCTAssertThrowsError(try HorizonsParser.parse("<html>503 Service Unavailable</html>"))
  }

  /// A 100,000-row reply built from a real row layout parses completely (the speed is in the
  /// benchmark, not asserted here).
  func testLargeReply() throws {
    var text = "$$SOE\n"
    for k in 0..<100_000 {
      text += "\(2_451_545 + Double(k) / 24) = A.D. 2000-Jan-01 00:00:00.0000 TDB \n"
      text += " X = 1.407576668551506E+08 Y =-5.460807404900707E+07 Z = 1.970110800258815E+03\n"
      text += " VX= 1.028214858494974E+01 VY= 2.766822650832448E+01 VZ=-3.464561280672740E-04\n"
    }
    text += "$$EOE\n"
    XCTAssertEqual(try HorizonsParser.parse(text).rows.count, 100_000)
  }
}
