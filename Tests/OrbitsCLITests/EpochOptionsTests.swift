import ArgumentParser
import XCTest

@testable import OrbitsCLI

/// `--start`/`--stop` of `orbits fetch` and `orbits sample` take UTC, TT and TDB, as dates or
/// Julian dates, and reach the grid in TDB.
final class EpochOptionsTests: XCTestCase {
  func testFetchConvertsUTCToTDB() throws {
    let fetch = try FetchCommand.parse(["--body", "mars", "--start", "2024-01-01T00:00:00 UTC", "--stop", "JD 2460311.5 TT"])
    let options = try fetch.options()
    XCTAssertEqual(options.start.tdbText, "2024-01-01T00:01:09.183881 TDB")
    XCTAssertEqual(options.stop.scale, .tt)
  }

  func testSampleGridStartsAtTheConvertedEpoch() throws {
    let sample = try SampleCommand.parse(["--start", "2024-01-01T00:00:00 UTC", "--stop", "2024-01-02 UTC", "--step", "1h"])
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
