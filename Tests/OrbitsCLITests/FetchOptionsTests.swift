import ArgumentParser
import Foundation
import TestSupport
import XCTest

@testable import OrbitsCLI

/// `orbits fetch` and `orbits sample` refuse what cannot be a request before any work: reversed
/// dates, steps that are not finite positive numbers, dates that do not exist; and take negative
/// numbers (spacecraft IDs) as values.
final class FetchOptionsTests: XCTestCase {
  private func fetchError(_ arguments: [String]) -> String? {
    do {
      _ = try FetchCommand.parse(["--body", "mars"] + arguments)
      return nil
    } catch {
      return FetchCommand.message(for: error)
    }
  }

  func testReversedDatesAreRefused() {
    XCTAssertEqual(
      fetchError(["--start", "2000-02-01", "--stop", "2000-01-01"]),
      "--stop 2000-01-01 must come after --start 2000-02-01")
    XCTAssertNotNil(fetchError(["--start", "2000-01-01", "--stop", "2000-01-01"]))
    XCTAssertThrowsError(try SampleCommand.parse(["--start", "2001-01-01", "--stop", "2000-01-01"]))
  }

  /// `--step infd` crashed (an infinite step made an infinite epoch count); zero, negative,
  /// NaN, hexadecimal and overflowing steps are refused alike, and so are grids too long.
  func testStepsMustBeFinitePositiveAndWholeMinutes() {
    for step in ["infd", "nanh", "0h", "-1h", "1e400d", "0x10h", "h", "2", "90s", "0.5m"] {
      XCTAssertNotNil(fetchError(["--step", step]), step)
    }
    XCTAssertNil(fetchError(["--step", "30m"]))
    XCTAssertNil(fetchError(["--step", "1.5h"]))
    XCTAssertNotNil(
      fetchError(["--start", "1000-01-01", "--stop", "9000-01-01", "--step", "1m"]), "billions of epochs")
    for step in ["infd", "0s", "-2h"] { XCTAssertThrowsError(try SampleCommand.parse(["--step", step]), step) }
    XCTAssertThrowsError(try SampleCommand.parse(["--start", "1000-01-01", "--stop", "9000-01-01", "--step", "1s"]))
  }

  /// 2000-02-30 was read as 2000-03-01.
  func testImpossibleDatesAreRefused() {
    for date in [
      "2000-02-30", "2001-02-29", "1900-02-29", "2000-04-31", "2000-13-01", "2000-00-10", "2000-01-00",
      "2000-01-01 24:00", "2000-01-01 12:60", "2000-01-01 12:00:nan", "99999999999999999999-01-01",
      "9223372036854775807-01-01", "2000--01", "2000-01-01 1.5:00",
    ] {
      XCTAssertNotNil(fetchError(["--start", date, "--stop", "2030-01-01"]), date)
    }
    XCTAssertEqual(
      fetchError(["--start", "2000-02-30"]), "--start: '2000-02-30' is not a date: month 2 of 2000 has 29 days")
    XCTAssertNil(fetchError(["--start", "2000-02-29", "--stop", "2000-03-01 12:30:15.5"]))
  }

  /// A negative number is a value (spacecraft have negative NAIF IDs), not a missing one.
  func testNegativeNumbersAreValues() throws {
    XCTAssertEqual(try FetchCommand.parse(["--body", "-82"]).body, "-82")
    XCTAssertEqual(try FetchCommand.parse(["--body", "mars", "--center", "-82"]).center, "-82")
    XCTAssertEqual(try ParseCommand.parse(["reply.txt", "--id", "-82"]).id, -82)
    XCTAssertEqual(try SampleCommand.parse(["--bodies", "-82"]).bodies, "-82")
    XCTAssertTrue(fetchError(["--step", "-2h"])?.contains("is not a step") ?? false)
  }

  func testOtherOptionsAreChecked() {
    XCTAssertNotNil(fetchError(["--api-url", "file:///etc/passwd"]))
    XCTAssertNotNil(fetchError(["--api-url", "gopher://127.0.0.1/"]))
    XCTAssertNotNil(fetchError(["--timeout", "0"]))
    XCTAssertNotNil(fetchError(["--timeout", "inf"]))
    XCTAssertEqual(fetchError(["--body", "mars,mars"]), "--body: mars,mars names a body twice")
    XCTAssertNotNil(fetchError(["--body", "mars,"]))
  }

  /// `--body "a/../../../x;"` wrote outside `--out`: the file name is now one safe component.
  func testFileNameStaysInsideOut() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orbits-fetch-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("a/b/out")
    // Named as Horizons names a numbered asteroid, so that the dataset has an ID for it.
    let server = try LoopbackServer { request, _ in
      .ok(FakeHorizons.reply(to: request.path, fault: .init(target: "1 Ceres (A801 AA)")))
    }
    try FetchCommand.parse([
      "--body", "a/../../../x;", "--start", "2000-01-01", "--stop", "2000-01-02", "--step", "6h",
      "--api-url", server.baseURL + "/api", "--out", out.path, "--cache", folder.appendingPathComponent("cache").path,
    ]).run()
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
    XCTAssertEqual(written.count, 1)
    XCTAssertTrue(written[0].hasPrefix("horizons-a_.._.._.._x-"), written[0])
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["a", "cache"])
    XCTAssertEqual(
      FetchCommand.fileName(for: [.major(id: 499, name: "Mars"), .major(id: 10, name: "Sun")]), "horizons-499_10.csv")
    XCTAssertEqual(FetchCommand.fileName(for: [.smallBody("Ceres;")]), "horizons-Ceres.csv")
    for hostile in ["../x;", "/etc/passwd;", "..;", "\u{1B}[2J;", ".hidden;", "-rf;"] {
      let name = FetchCommand.fileName(for: [.smallBody(hostile)])
      XCTAssertFalse(name.contains("/") || name.unicodeScalars.contains { $0.value < 0x20 }, name)
      XCTAssertEqual(out.appendingPathComponent(name).deletingLastPathComponent().path, out.path, name)
    }
  }
}

/// A fetch that cannot reach Horizons says so once, with the three ways to work without it.
final class FetchFailureTests: XCTestCase {
  func testUnreachableHorizonsNamesTheOfflineWays() {
    let url = "https://ssd.jpl.nasa.gov/api/horizons.api?format=json"
    let text = "\(FetchFailure(error: .unresolvedHost(url: url, host: "ssd.jpl.nasa.gov"), cache: ".cache/horizons"))"
    XCTAssertEqual(text.components(separatedBy: url).count, 2, "the URL once: \(text)")
    for part in ["cannot resolve host 'ssd.jpl.nasa.gov'", "--api-url", ".cache/horizons", "orbits sample --kernel"] {
      XCTAssertTrue(text.contains(part), "\(part) missing: \(text)")
    }
    XCTAssertFalse(text.contains("\n"))
    let other = "\(FetchFailure(error: .status(url: url, code: 400, body: "Cannot interpret date"), cache: "c"))"
    XCTAssertFalse(other.contains("--api-url"), "a 400 is not an offline problem: \(other)")
  }
}
