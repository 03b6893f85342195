import Foundation
import XCTest

@testable import Orbits

/// The dataset file as other programs see it: an ECSV header astropy reads, the same bytes for
/// the same dataset, and the first format still read.
final class EphemerisFileTests: XCTestCase {
  private func tiny(name: String = "Sun", provenance: [(key: String, value: String)] = []) -> EphemerisDataset {
    EphemerisDataset(
      bodies: [
        EphemerisBody(id: 10, name: name, gm: 132712440040.9446),
        EphemerisBody(id: 20_000_001, name: "1 Ceres (A801 AA)"),
      ],
      epochs: [2_451_544.5, 2_451_545.5], positions: (0..<12).map { Double($0) * 1.5e8 },
      velocities: (0..<12).map { Double($0) * 1e-3 }, accelerations: (0..<12).map { Double($0) * -1e-9 },
      provenance: provenance)
  }

  private func roundTrip(_ dataset: EphemerisDataset) throws -> EphemerisDataset {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ephemeris-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try dataset.write(to: url)
    return try EphemerisDataset(contentsOf: url)
  }

  func testHeaderIsECSVWithUnitsAndTimeScale() {
    let text = tiny(provenance: [("source", "SPK kernel de421.bsp")]).csv()
    let lines = text.split(separator: "\n")
    XCTAssertEqual(lines.first, "# %ECSV 1.0")
    XCTAssertTrue(lines.contains("# - {name: jd_tdb, unit: d, datatype: float64, description: \"Julian date, TDB\"}"))
    XCTAssertTrue(lines.contains("# - {name: vx_km_s, unit: km / s, datatype: float64}"))
    XCTAssertTrue(lines.contains("# - {time_scale: \"TDB\"}"))
    XCTAssertTrue(lines.contains("#   - {id: 20000001, name: \"1 Ceres (A801 AA)\", gm_km3_s2: null}"))
    XCTAssertEqual(lines.first { !$0.hasPrefix("#") }, Substring(EphemerisDataset.header))
    XCTAssertFalse(EphemerisDataset.header.contains(" "))
  }

  /// Names and provenance with quotes, backslashes, line breaks, '#', ':' and controls come back
  /// exactly, and each stays on one header line.
  func testAwkwardTextRoundTrips() throws {
    let awkward = "a \"b\" \\c\nd # e: f, {g}\u{1}\u{85}\u{2028}ü"
    let dataset = tiny(
      name: awkward, provenance: [("target 20000001", awkward), ("requests", "https://x/api?a='1;'&b=2")])
    XCTAssertEqual(try roundTrip(dataset), dataset)
    XCTAssertEqual(dataset.csv().split(separator: "\n").filter { !$0.hasPrefix("#") }.count, 1 + 4)
  }

  /// Plain CSV: the column names on the first line (np.genfromtxt's names=True takes them from
  /// there even when it is a comment), then exactly the ECSV file's rows.
  func testPlainCSVIsTheHeaderLineThenTheSameRows() {
    let dataset = tiny()
    let plain = dataset.text(.csv).split(separator: "\n", omittingEmptySubsequences: false)
    let ecsv = dataset.text(.ecsv).split(separator: "\n", omittingEmptySubsequences: false).filter {
      !$0.hasPrefix("#")
    }
    XCTAssertEqual(plain.first, Substring(EphemerisDataset.header))
    XCTAssertEqual(plain, ecsv)
    XCTAssertFalse(plain.contains { $0.hasPrefix("#") })
  }

  func testSameDatasetSameBytes() {
    XCTAssertEqual(Data(tiny().csv().utf8), Data(tiny().csv().utf8))
  }

  /// A file of the first format (`# key: value` lines) is still read.
  func testReadsTheFirstFormat() throws {
    let text = """
      # format: gravitas-ephemeris v1
      # frame: ICRF
      # center: 0 Solar System Barycenter
      # time_scale: TDB
      # units: km, km/s, km/s^2
      # source: SPK kernel de421_1980_2030.bsp
      # body: 10 Sun 132712440040.9446
      # body: 301 Moon -
      jd_tdb,body_id,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,ax_km_s2,ay_km_s2,az_km_s2
      2451544.5,10,1.0,2.0,3.0,0.1,0.2,0.3,,,
      2451544.5,301,4.0,5.0,6.0,0.4,0.5,0.6,,,

      """
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try text.write(to: url, atomically: true, encoding: .utf8)
    let dataset = try EphemerisDataset(contentsOf: url)
    XCTAssertEqual(
      dataset.bodies, [EphemerisBody(id: 10, name: "Sun", gm: 132712440040.9446), EphemerisBody(id: 301, name: "Moon")])
    XCTAssertEqual(dataset.timeScale, "TDB")
    XCTAssertEqual(dataset.provenance.map(\.key), ["source"])
    XCTAssertEqual(try roundTrip(dataset), dataset)
  }

  func testDamagedMetaLineIsNamed() throws {
    var text = tiny().csv()
    text = text.replacingOccurrences(of: "#   - {id: 10,", with: "#   - {id: ten,")
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try text.write(to: url, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try EphemerisDataset(contentsOf: url)) { error in
      XCTAssertTrue("\(error)".contains("a body must be"), "\(error)")
    }
  }
}
