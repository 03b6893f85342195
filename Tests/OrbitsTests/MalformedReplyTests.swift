import Foundation
import Orbits
import XCTest

/// The Horizons crash and garbage classes of issue 17, from small replies written here.
final class MalformedReplyTests: XCTestCase {
  private func reply(
    header: String = "Target body name: Mars (499)\nOutput units    : KM-S\n", epochs: [(Double, String)]
  ) -> String {
    var text = header + "*******\n$$SOE\n"
    for (jd, x) in epochs {
      text += "\(jd) = A.D. 2000-Jan-01 00:00:00.0000 TDB \n X = \(x) Y = 2.0 Z = 3.0\n VX= 1.0 VY= 0.0 VZ= 0.0\n"
    }
    return text + "$$EOE\n"
  }

  private let fourEpochs = [(2451545.0, "1.0"), (2451545.5, "2.0"), (2451546.0, "3.0"), (2451546.5, "4.0")]

  /// A header line that starts like a fact but has no colon was a force unwrap (a trap).
  func testAHeaderLineWithoutAColonIsNotAFact() throws {
    let table = try HorizonsParser.parse(
      reply(header: "Target body name Mars without a colon\nOutput units    : KM-S\n", epochs: fourEpochs))
    XCTAssertNil(table.target)
    XCTAssertEqual(table.rows.count, 4)
  }

  func testNonFiniteValuesAreRefusedNamingTheLine() {
    for bad in ["NaN", "nan", "inf", "-Infinity", "1e999"] {
      XCTAssertThrowsError(try HorizonsParser.parse(reply(epochs: [(2451545.0, "1.0"), (2451545.5, bad)]))) { error in
        XCTAssertEqual("\(error)", "Horizons reply line 9: no finite number after 'X='", bad)
      }
    }
    let csv = "$$SOE\n2451545.0, A.D. 2000-Jan-01, nan, 2.0, 3.0, 1.0, 0.0, 0.0,\n$$EOE\n"
    XCTAssertThrowsError(try HorizonsParser.parse(csv)) { error in
      XCTAssertEqual("\(error)", "Horizons reply line 2: X 'nan' is not a finite number")
    }
  }

  /// Found by the fuzz campaign: 1e306 AU is finite, in km it is not.
  func testValuesThatOverflowInKilometresAreRefused() {
    let text = reply(header: "Output units    : AU-D\n", epochs: [(2451545.0, "1e306")])
    XCTAssertThrowsError(try HorizonsParser.parse(text)) { error in
      XCTAssertEqual(
        "\(error)", "Horizons reply line 4: epoch 2451545.0: a value overflows when converted from AU-D to km, km/s")
    }
  }

  /// Found by the fuzz campaign (seed 2): an epoch of 1.8e19 made the differences infinite.
  func testEpochsTooFarForDifferencesGiveAnErrorNotInfinity() throws {
    let table = try HorizonsParser.parse(
      reply(epochs: [(2451545.0, "1.0"), (2451545.5, "2.0"), (18_446_744_073_709_551_616, "3.0")]))
    XCTAssertThrowsError(
      try HorizonsDataset.dataset(from: [(EphemerisBody(id: 499, name: "Mars"), table)], provenance: [])
    ) { error in
      XCTAssertTrue("\(error)".hasPrefix("no finite-difference acceleration at epoch"), "\(error)")
    }
  }

  func testRepeatedAndOutOfOrderEpochsAreRefused() {
    for epochs in [[(2451545.0, "1.0"), (2451545.0, "2.0")], [(2451546.0, "1.0"), (2451545.0, "2.0")]] {
      XCTAssertThrowsError(try HorizonsParser.parse(reply(epochs: epochs))) { error in
        XCTAssertTrue(
          "\(error)".hasPrefix("Horizons reply line 8: epoch 2451545.0 does not follow the previous epoch"), "\(error)")
      }
    }
  }

  /// `orbits parse` kept 2 of a 4-epoch reply's epochs; every epoch stays, with accelerations.
  func testAFourEpochReplyKeepsItsFourEpochs() throws {
    let table = try HorizonsParser.parse(reply(epochs: fourEpochs))
    let dataset = try HorizonsDataset.dataset(from: [(EphemerisBody(id: 499, name: "Mars"), table)], provenance: [])
    XCTAssertEqual(dataset.epochs, fourEpochs.map(\.0))
    XCTAssertEqual(dataset.accelerations?.count, 12)
    XCTAssertEqual(
      dataset.accelerations?.allSatisfy { abs($0) < 1e-15 }, true,
      "constant velocities: zero acceleration, ends included")
    XCTAssertTrue(dataset.provenance.contains { $0.key == "accelerations" && $0.value.contains("one-sided") })
  }

  /// Dataset files: epochs must increase, GM must be finite and positive, accelerations all or none.
  func testDatasetFilesRefuseDisorderAndNonFiniteGM() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let header =
      "# format: gravitas-ephemeris v1\n# body: 10 Sun GM\njd_tdb,body_id,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,ax_km_s2,ay_km_s2,az_km_s2\n"
    let cases: [(gm: String, rows: String, expected: String)] = [
      (
        "1.0", "2451545,10,1,2,3,4,5,6,,,\n2451545,10,1,2,3,4,5,6,,,\n",
        ":5: epoch 2451545.0 does not follow the previous epoch"
      ),
      ("nan", "2451545,10,1,2,3,4,5,6,,,\n", ":2: GM 'nan' is neither '-' nor a positive finite number"),
      (
        "1.0", "2451545,10,1,2,3,4,5,6,,,\n2451546,10,1,2,3,4,5,6,7,8,9\n",
        ":5: acceleration cells must be filled in every row or empty in every row"
      ),
    ]
    for c in cases {
      try Data((header.replacingOccurrences(of: "GM", with: c.gm) + c.rows).utf8).write(to: url)
      XCTAssertThrowsError(try EphemerisDataset(contentsOf: url)) { error in
        XCTAssertTrue("\(error)".contains(c.expected), "\(error)")
      }
    }
  }

  /// The ECSV form (v2) checks its bodies' GM as v1 does: the merged reader accepted 0 (found by
  /// `gravitas-fuzz dataset --seed 1 --replay 7922`).
  func testECSVDatasetRefusesANonPositiveGM() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-\(UUID()).ecsv")
    defer { try? FileManager.default.removeItem(at: url) }
    let dataset = EphemerisDataset(
      bodies: [EphemerisBody(id: 10, name: "Sun", gm: 132712440041.5)], epochs: [2_451_545, 2_451_546],
      positions: [1, 2, 3, 1, 2, 3], velocities: [4, 5, 6, 4, 5, 6], accelerations: nil)
    try dataset.write(to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertTrue(text.contains("gm_km3_s2: 132712440041.5"), text)
    for bad in ["0", "-1", "nan", "inf"] {
      try Data(text.replacingOccurrences(of: "gm_km3_s2: 132712440041.5", with: "gm_km3_s2: \(bad)").utf8).write(
        to: url)
      XCTAssertThrowsError(try EphemerisDataset(contentsOf: url), bad) { error in
        XCTAssertTrue("\(error)".contains("is not a positive number"), "\(error)")
      }
    }
  }
}
