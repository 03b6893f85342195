import Foundation
import Orbits
import XCTest

final class EphemerisDatasetTests: XCTestCase {
  private func sampled(days: Double, step: Double) throws -> EphemerisDataset {
    let kernel = try SPKKernel(contentsOf: SPKKernelTests.kernelURL)
    let bodies = [
      EphemerisBody(id: 10, name: "Sun", gm: 132712440040.9446), EphemerisBody(id: 301, name: "Moon"),
      EphemerisBody(id: 199, name: "Mercury"),
    ]
    let grid = try CalendarDate.grid(from: 2_451_544.5, to: 2_451_544.5 + days, step: step)
    return try kernel.dataset(bodies: bodies, epochs: grid)
  }

  func testFileRoundTripIsExact() throws {
    let dataset = try sampled(days: 3, step: 1.0 / 12)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ephemeris-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try dataset.write(to: url)
    XCTAssertEqual(try EphemerisDataset(contentsOf: url), dataset)
    // Unknown accelerations survive as unknown.
    var tabulated = dataset
    tabulated.accelerations = nil
    try tabulated.write(to: url)
    XCTAssertNil(try EphemerisDataset(contentsOf: url).accelerations)
  }

  /// Three-point differences on a 2-hour grid against the exact second derivative: inside the
  /// grid within the README's table (Moon max 1.1e-4, Mercury 1.9e-5, others ≤ 1.6e-6); at the two
  /// one-sided ends within twice that. No epoch is dropped.
  func testCentralDifferencesMatchExactAccelerations() throws {
    let exact = try sampled(days: 30, step: 1.0 / 12)
    var tabulated = exact
    tabulated.accelerations = nil
    let differenced = try tabulated.withCentralDifferenceAccelerations()
    XCTAssertEqual(differenced.epochs, exact.epochs)
    XCTAssertEqual(differenced.positions, exact.positions)
    let limits = [1.6e-6, 1.1e-4, 1.9e-5]
    let last = differenced.epochs.count - 1
    for b in 0..<3 {
      var worst = 0.0
      var worstEnd = 0.0
      for e in differenced.epochs.indices {
        let i = differenced.index(e, b)
        let error = relativeError(
          Array(differenced.accelerations![i..<(i + 3)]), Array(exact.accelerations![i..<(i + 3)]))
        if e == 0 || e == last { worstEnd = max(worstEnd, error) } else { worst = max(worst, error) }
      }
      XCTAssertLessThanOrEqual(worst, limits[b], "body \(exact.bodies[b].name)")
      XCTAssertGreaterThan(worst, limits[b] / 100, "the difference is real, not zero")
      XCTAssertLessThanOrEqual(worstEnd, 2 * limits[b], "body \(exact.bodies[b].name) at the one-sided ends")
    }
  }

  /// A 4-epoch reply keeps its 4 epochs (it kept 2), and a grid that does not increase is refused.
  func testDifferencesKeepEveryEpochAndNeedIncreasingEpochs() throws {
    let exact = try sampled(days: 0.25, step: 1.0 / 12)
    XCTAssertEqual(exact.epochs.count, 4)
    var tabulated = exact
    tabulated.accelerations = nil
    XCTAssertEqual(try tabulated.withCentralDifferenceAccelerations().epochs.count, 4)
    tabulated.epochs[2] = tabulated.epochs[1]
    XCTAssertThrowsError(try tabulated.withCentralDifferenceAccelerations()) { error in
      XCTAssertTrue("\(error)".contains("epochs must increase"), "\(error)")
    }
  }

  func testSplitAndSubset() throws {
    let dataset = try sampled(days: 10, step: 1)
    let (before, after) = dataset.split(at: 2_451_544.5 + 7)
    XCTAssertEqual(before.epochs.count, 7)
    XCTAssertEqual(after.epochs.count, 4)
    XCTAssertEqual(before.positions + after.positions, dataset.positions)
    let moon = try dataset.subset(bodies: [301])
    XCTAssertEqual(moon.bodies.map(\.id), [301])
    XCTAssertEqual(moon.positions[0], dataset.positions[dataset.index(0, 1)])
    XCTAssertThrowsError(try dataset.subset(bodies: [5]))
  }

  func testMalformedFileNamesLine() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    var text = try sampled(days: 1, step: 0.5).csv()
    // Corrupt the row at JD 2451545.
    text = text.replacingOccurrences(of: "\n2451545.0,10,", with: "\n2451545.0,10,abc")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let line = try XCTUnwrap(text.split(separator: "\n").firstIndex { $0.hasPrefix("2451545.0,10,abc") }) + 1
    XCTAssertThrowsError(try EphemerisDataset(contentsOf: url)) { error in
      XCTAssertTrue("\(error)".contains(":\(line): column 3: 'abc-"), "\(error)")
    }
  }

  func testCalendar() throws {
    XCTAssertEqual(try CalendarDate.julianDate("2000-01-01"), 2_451_544.5)
    XCTAssertEqual(try CalendarDate.julianDate("2000-01-01 12:00"), 2_451_545.0)
    XCTAssertEqual(try CalendarDate.julianDate("1980-01-01"), 2_444_239.5)
    XCTAssertEqual(CalendarDate.string(julianDate: 2_460_676.5), "2025-01-01 00:00")
    XCTAssertEqual(try CalendarDate.step("2h"), 1.0 / 12)
    XCTAssertEqual(try CalendarDate.grid(from: 0, to: 1, step: 0.25).count, 5)
    XCTAssertThrowsError(try CalendarDate.julianDate("2000-13-01"))
    XCTAssertThrowsError(try CalendarDate.step("2y"))
    XCTAssertThrowsError(try BodyCatalogue.resolve("marz")) { error in
      XCTAssertTrue("\(error)".hasPrefix("unknown body 'marz'; nearest: mars, "), "\(error)")
    }
    XCTAssertEqual(try BodyCatalogue.resolve("mars"), .major(id: 499, name: "Mars"))
    XCTAssertEqual(try BodyCatalogue.resolve("mars-bary").command, "4")
    XCTAssertEqual(try BodyCatalogue.resolve("Ceres;"), .smallBody("Ceres;"))
    XCTAssertEqual(try BodyCatalogue.resolve("-143205").command, "-143205")
  }
}
