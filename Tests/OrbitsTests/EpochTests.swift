import Foundation
import XCTest

@testable import Orbits

/// UTC, TT and TDB epochs to TDB, against astropy.
final class EpochTests: XCTestCase {
  /// Every epoch of the fixture agrees with astropy's TDB to 1 µs (leap seconds included).
  func testAgreesWithAstropyToAMicrosecond() throws {
    let url = try XCTUnwrap(
      Bundle.module.url(forResource: "astropy_tdb", withExtension: "csv", subdirectory: "Fixtures/time"))
    let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
      .dropFirst()
    XCTAssertGreaterThanOrEqual(rows.count, 10)
    var largest = 0.0
    for row in rows {
      let cells = row.split(separator: ",").map(String.init)
      let (jd1, jd2) = (try XCTUnwrap(Double(cells[2])), try XCTUnwrap(Double(cells[3])))
      let epoch = try Epoch("\(cells[0]) \(cells[1])")
      XCTAssertEqual(epoch.scale.rawValue, cells[1])
      // Difference of two-part dates, days → seconds, without adding the large parts first.
      let difference = ((epoch.tdbDay - jd1) + (epoch.tdbFraction - jd2)) * 86_400
      XCTAssertLessThan(abs(difference), 1e-6, "\(cells[0]) \(cells[1]): \(difference) s from astropy")
      largest = max(largest, abs(difference))
      // The printed TDB is astropy's ISO text rounded to the microsecond.
      let iso = cells[4]
      XCTAssertEqual(epoch.tdbText.dropLast(" TDB".count).prefix(19), iso.prefix(19), "\(row)")
    }
    print("largest difference from astropy: \(largest) s over \(rows.count) epochs")
  }

  /// The headline case, spelled out: 2024-01-01T00:00:00 UTC is 69.183881 s later in TDB
  /// (37 leap seconds + 32.184 s + TDB − TT).
  func testNewYear2024() throws {
    let epoch = try Epoch("2024-01-01T00:00:00 UTC")
    XCTAssertEqual(epoch.tdbText, "2024-01-01T00:01:09.183881 TDB")
    XCTAssertEqual(epoch.summary, "2024-01-01T00:00:00 UTC (2024-01-01T00:01:09.183881 TDB)")
    XCTAssertEqual(try Epoch("2024-01-01T00:00:00Z").tdbText, epoch.tdbText)
    XCTAssertTrue(epoch.scaleStated)
    XCTAssertNil(epoch.warning)
  }

  /// Julian dates in each scale agree with the calendar forms.
  func testJulianDates() throws {
    for scale in ["UTC", "TT", "TDB"] {
      let calendar = try Epoch("2024-01-01T00:00:00 \(scale)")
      let jd = try Epoch("JD 2460310.5 \(scale)")
      let mjd = try Epoch("MJD 60310 \(scale)")
      XCTAssertEqual(
        ((jd.tdbDay - calendar.tdbDay) + (jd.tdbFraction - calendar.tdbFraction)) * 86_400, 0, accuracy: 1e-6)
      XCTAssertEqual(
        ((mjd.tdbDay - calendar.tdbDay) + (mjd.tdbFraction - calendar.tdbFraction)) * 86_400, 0, accuracy: 1e-6)
    }
    XCTAssertEqual(try Epoch("JD 2451545.0 TDB").julianDate, 2_451_545.0)
  }

  /// A date without a scale keeps its old meaning, TDB, and says it had none.
  func testBareDateIsTDB() throws {
    let epoch = try Epoch("2000-01-01")
    XCTAssertEqual(epoch.scale, .tdb)
    XCTAssertFalse(epoch.scaleStated)
    XCTAssertEqual(epoch.julianDate, 2_451_544.5)
    XCTAssertEqual(try Epoch("2000-01-01 12:00").julianDate, 2_451_545.0)
    XCTAssertEqual(try Epoch("2000-01-01 12:00 tdb").julianDate, 2_451_545.0)
  }

  /// Leap seconds exist only where the table has them; impossible dates stay impossible.
  func testRejectsWhatIsNotAnInstant() {
    for text in [
      "2017-06-30T23:59:60 UTC", "2016-12-31T23:59:60 TT", "2016-12-31T23:59:60", "2016-12-31T23:58:60 UTC",
      "2001-02-29 UTC", "2000-01-01T24:00 UTC", "1959-12-31 UTC", "JD 2460310.5 UT", "JD nan TDB",
      "JD 1e6 TDB", "JD 99999999 TT", "JD -1 TDB", "JD TDB", "UTC", "", "2024-01-01 UTC TT",
      "2024-01-01T00:00:inf UTC", "2024-01-01T00:00:1e1 UTC",
    ] {
      XCTAssertThrowsError(try Epoch(text), "'\(text)' was accepted")
    }
  }

  /// Past ERFA's leap-second table a UTC epoch still converts, with a warning to print.
  func testWarnsBeyondTheLeapSecondTable() throws {
    let epoch = try Epoch("2035-01-01 UTC")
    XCTAssertNotNil(epoch.warning)
    XCTAssertNil(try Epoch("2035-01-01 TT").warning)
  }
}
