import ArgumentParser
import Foundation
import Orbits
import TestSupport
import XCTest

@testable import OrbitsCLI

/// `--start`/`--stop` of `orbits fetch` and `orbits sample` take UTC, TT and TDB, as dates or
/// Julian dates, and reach the grid in TDB.
final class EpochOptionsTests: XCTestCase {
  func testFetchConvertsUTCToTDB() throws {
    let fetch = try FetchCommand.parse([
      "--body", "mars", "--start", "2024-01-01T00:00:00 UTC", "--stop", "JD 2460311.5 TT",
    ])
    let options = try fetch.options()
    XCTAssertEqual(options.start.tdbText, "2024-01-01T00:01:09.183881 TDB")
    XCTAssertEqual(options.stop.scale, .tt)
  }

  func testSampleGridStartsAtTheConvertedEpoch() throws {
    let sample = try SampleCommand.parse([
      "--start", "2024-01-01T00:00:00 UTC", "--stop", "2024-01-02 UTC", "--step", "1h",
    ])
    let span = try sample.span()
    XCTAssertEqual((span.first.julianDate - 2_460_310.5) * 86_400, 69.183881, accuracy: 2e-5, "Double JD: 40 µs ulp")
    XCTAssertEqual(span.step, 1.0 / 24)
  }

  func testBadEpochsNameTheirOption() {
    XCTAssertThrowsError(try FetchCommand.parse(["--body", "mars", "--start", "2017-06-30T23:59:60 UTC"])) { error in
      XCTAssertTrue(FetchCommand.message(for: error).hasPrefix("--start:"), FetchCommand.message(for: error))
    }
    XCTAssertThrowsError(try SampleCommand.parse(["--stop", "JD x TDB"])) { error in
      XCTAssertTrue(SampleCommand.message(for: error).hasPrefix("--stop:"), SampleCommand.message(for: error))
    }
  }
}

/// `orbits parse` labels a body with the ID its reply gives, never 0 by default.
final class ParseBodyIDTests: XCTestCase {
  func testIDFromTheReply() throws {
    XCTAssertEqual(try ParseCommand.bodyID(given: nil, target: "1 Ceres (A801 AA)", file: "ceres.txt"), 20_000_001)
    XCTAssertEqual(try ParseCommand.bodyID(given: nil, target: "Earth (399)", file: "earth.txt"), 399)
    XCTAssertEqual(try ParseCommand.bodyID(given: 2_000_001, target: "1 Ceres (A801 AA)", file: "ceres.txt"), 2_000_001)
    XCTAssertThrowsError(try ParseCommand.bodyID(given: nil, target: nil, file: "rows.txt")) { error in
      XCTAssertEqual("\(error)".contains("--id"), true, "\(error)")
    }
    XCTAssertThrowsError(try ParseCommand.bodyID(given: nil, target: "(2020 QG)", file: "qg.txt"))
  }

  /// A reply in UT is refused, not written as jd_tdb.
  func testReplyInAnotherScaleIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orbits-parse-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path =
      "/api?COMMAND='499'&CENTER='500@0'&START_TIME='JD 2451544.5'&STOP_TIME='JD 2451545.5'&STEP_SIZE='360 min'"
    let tdb = FakeHorizons.text(to: path).replacingOccurrences(
      of: "Output units", with: "Start time      : A.D. 2000-Jan-01 00:00:00.0000 TDB\nOutput units")
    for (scale, text) in [
      ("TDB", tdb), ("UT", tdb.replacingOccurrences(of: ".0000 TDB\nOutput", with: ".0000 UT\nOutput")),
    ] {
      let file = folder.appendingPathComponent("\(scale).txt")
      try text.write(to: file, atomically: true, encoding: .utf8)
      let command = try ParseCommand.parse([file.path, "--out", folder.appendingPathComponent("\(scale).csv").path])
      if scale == "TDB" {
        XCTAssertNoThrow(try command.run())
      } else {
        XCTAssertThrowsError(try command.run()) { XCTAssertTrue("\($0)".contains("in UT, not TDB"), "\($0)") }
      }
    }
  }
}

/// `orbits fetch` of a small body labels it with the ID Horizons's name gives, or refuses.
final class FetchBodyIDTests: XCTestCase {
  private func fetch(target: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orbits-id-\(UUID())")
    let server = try LoopbackServer { request, _ in
      .ok(FakeHorizons.reply(to: request.path, fault: .init(target: target)))
    }
    try FetchCommand.parse([
      "--body", "Ceres;", "--start", "2000-01-01 TDB", "--stop", "2000-01-02 TDB", "--step", "6h",
      "--api-url", server.baseURL + "/api", "--out", folder.path, "--cache",
      folder.appendingPathComponent("cache").path,
    ]).run()
    return folder
  }

  func testCeresIsNotTheBarycentre() throws {
    let folder = try fetch(target: "1 Ceres (A801 AA)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let dataset = try EphemerisDataset(contentsOf: folder.appendingPathComponent("horizons-Ceres.csv"))
    XCTAssertEqual(dataset.bodies.map(\.id), [20_000_001])
  }

  func testNoIDIsAnError() {
    XCTAssertThrowsError(try fetch(target: "C/2020 F3 (NEOWISE)")) { error in
      XCTAssertTrue("\(error)".contains("DES="), "\(error)")
    }
  }
}
