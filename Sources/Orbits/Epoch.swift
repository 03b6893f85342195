import CERFA
import Foundation

/// The time scales an epoch may be given in. Kernels and Horizons vectors are in TDB.
public enum TimeScale: String, CaseIterable, Sendable {
  case utc = "UTC"
  case tt = "TT"
  case tdb = "TDB"
}

/// An instant as a command line gives it — an ISO 8601 date in UTC, TT or TDB, or a Julian
/// date — carried to TDB with the IAU's SOFA routines (ERFA): UTC → TAI by the leap-second
/// table (`eraUtctai`), TAI → TT (+32.184 s), TT → TDB by Fairhead & Bretagnon's series at the
/// geocentre (`eraDtdb`), as astropy's `Time(…, scale='utc').tdb` does.
///
/// Accepted forms (the scale is the last word; without one the epoch is TDB, and `scaleStated`
/// says so):
///
///     2024-01-01                       2024-01-01 12:00 TT
///     2024-01-01T00:00:00 UTC          2016-12-31T23:59:60.5 UTC   (a leap second)
///     2024-01-01T00:00:00Z             (ISO 8601's Z: UTC)
///     JD 2460310.5 TDB                 MJD 60310 UTC
///
/// The TDB Julian date is kept in two parts (ERFA's convention: a day and a fraction), because
/// one Double near JD 2.46e6 resolves only 40 µs.
public struct Epoch: Sendable, Equatable {
  /// The text as given.
  public var text: String
  /// The scale it was given in, and whether the text named it.
  public var scale: TimeScale
  public var scaleStated: Bool
  /// TDB as a two-part Julian date: `tdbDay + tdbFraction`.
  public var tdbDay: Double
  public var tdbFraction: Double
  /// A caution the caller should print (a UTC date beyond ERFA's leap-second table), or nil.
  public var warning: String?

  /// The TDB Julian date as one Double (to ±20 µs near the present).
  public var julianDate: Double { tdbDay + tdbFraction }

  /// `2024-01-01T00:01:09.183881 TDB`: the converted instant, to the microsecond.
  public var tdbText: String {
    var year: Int32 = 0
    var month: Int32 = 0
    var day: Int32 = 0
    var hmsf: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
    let status = withUnsafeMutablePointer(to: &hmsf) { pointer in
      pointer.withMemoryRebound(to: Int32.self, capacity: 4) {
        eraD2dtf("TDB", 6, tdbDay, tdbFraction, &year, &month, &day, $0)
      }
    }
    guard status >= 0 else { return "JD \(julianDate) TDB" }
    return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d TDB", year, month, day, hmsf.0, hmsf.1, hmsf.2, hmsf.3)
  }

  /// How messages name it: `2024-01-01T00:00:00 UTC (2024-01-01T00:01:09.183881 TDB)`, or the
  /// TDB text alone when it was given in TDB.
  public var summary: String {
    scale == .tdb ? tdbText : "\(text) (\(tdbText))"
  }

  public init(_ text: String) throws {
    self.text = text
    var words = text.split(separator: " ").map(String.init)
    var scale = TimeScale.tdb
    var stated = false
    if let last = words.last, let named = TimeScale(rawValue: last.uppercased()) {
      scale = named
      stated = true
      words.removeLast()
    } else if words.count == 1, let only = words.first, only.hasSuffix("Z"), only.contains("T") {
      scale = .utc  // ISO 8601: 2024-01-01T00:00:00Z
      stated = true
      words = [String(only.dropLast())]
    }
    guard !words.isEmpty else { throw Self.notAnEpoch(text) }
    self.scale = scale
    self.scaleStated = stated
    let (day, fraction, warning): (Double, Double, String?)
    if ["JD", "MJD"].contains(words[0].uppercased()) {
      guard words.count == 2 else { throw Self.notAnEpoch(text) }
      (day, fraction, warning) = try Self.julianDate(words[0].uppercased() == "MJD", words[1], scale: scale, text: text)
    } else {
      let date = words.joined(separator: " ")
      let f = try CalendarDate.fields(date, leapSecond: scale == .utc)
      (day, fraction, warning) = try Self.calendarDate(f, scale: scale, text: text)
    }
    (self.tdbDay, self.tdbFraction) = try Self.toTDB(day, fraction, from: scale, text: text)
    self.warning = warning
  }

  static func notAnEpoch(_ text: String) -> OrbitsError {
    .invalidArgument(
      "'\(text)' is not an epoch: use YYYY-MM-DD[THH:MM[:SS.fff]] or JD NUMBER, then UTC, TT or TDB "
        + "(e.g. '2024-01-01T00:00:00 UTC', 'JD 2460310.5 TDB'; without a scale, TDB)")
  }

  /// The two-part Julian date, in `scale`, of a calendar date ERFA checks (leap seconds too).
  static func calendarDate(
    _ f: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double),
    scale: TimeScale, text: String
  ) throws -> (Double, Double, String?) {
    let warning = scale == .utc ? try utcWarning(year: f.year, month: f.month, day: f.day, text: text) : nil
    var d1 = 0.0
    var d2 = 0.0
    let status = eraDtf2d(
      scale.rawValue, Int32(f.year), Int32(f.month), Int32(f.day), Int32(f.hour), Int32(f.minute),
      f.second, &d1, &d2)
    guard status >= 0, status & 2 == 0 else {
      let day = String(format: "%04d-%02d-%02d", f.year, f.month, f.day)
      throw OrbitsError.invalidArgument("'\(text)': \(day) has no leap second: seconds run to 59.999")
    }
    return (d1, d2, warning)
  }

  /// `JD 2460310.5` or `MJD 60310`: digits and at most one point, read as a whole day and a
  /// fraction separately so that no digit is lost; years 1 to 9999.
  static func julianDate(_ modified: Bool, _ number: String, scale: TimeScale, text: String) throws -> (
    Double, Double, String?
  ) {
    let halves = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), halves[0].count <= 8,
      let whole = halves[0].isEmpty ? 0 : Double(halves[0]),
      let fraction = halves.count == 2 ? (halves[1].isEmpty ? 0 : Double("0." + halves[1])) : 0
    else {
      throw notAnEpoch(text)
    }
    let day = modified ? whole + 2_400_000.5 : whole
    guard (1_721_425.5...5_373_484.5).contains(day + fraction) else {
      throw OrbitsError.invalidArgument("'\(text)' is outside years 1 to 9999")
    }
    guard scale == .utc else { return (day, fraction, nil) }
    var year: Int32 = 0
    var month: Int32 = 0
    var dayOfMonth: Int32 = 0
    var dayFraction = 0.0
    guard eraJd2cal(day, fraction, &year, &month, &dayOfMonth, &dayFraction) == 0 else { throw notAnEpoch(text) }
    return (day, fraction, try utcWarning(year: Int(year), month: Int(month), day: Int(dayOfMonth), text: text))
  }

  /// UTC exists from 1960 (an error before); beyond ERFA's leap-second table, a warning.
  static func utcWarning(year: Int, month: Int, day: Int, text: String) throws -> String? {
    guard year >= 1960 else {
      throw OrbitsError.invalidArgument("'\(text)': UTC begins in 1960; give an earlier epoch in TT or TDB")
    }
    var taiMinusUTC = 0.0
    guard eraDat(Int32(year), Int32(month), Int32(day), 0, &taiMinusUTC) == 1 else { return nil }
    return "\(text): beyond ERFA's leap-second table, TAI − UTC is taken as \(taiMinusUTC) s (its last value); "
      + "leap seconds announced since are not counted"
  }

  /// UTC → TAI → TT → TDB (or TT → TDB, or TDB as is), two-part Julian dates throughout.
  static func toTDB(_ d1: Double, _ d2: Double, from scale: TimeScale, text: String) throws -> (Double, Double) {
    var tt1 = d1
    var tt2 = d2
    switch scale {
    case .tdb: return (d1, d2)
    case .tt: break
    case .utc:
      var tai1 = 0.0
      var tai2 = 0.0
      guard eraUtctai(d1, d2, &tai1, &tai2) >= 0, eraTaitt(tai1, tai2, &tt1, &tt2) == 0 else {
        throw OrbitsError.invalidArgument("'\(text)': ERFA cannot convert this UTC epoch")
      }
    }
    // TDB − TT at the geocentre, as astropy's default: with the observer's distances from the
    // Earth's axis and equator 0, the topocentric terms (the only ones UT1 enters) vanish.
    let tdbMinusTT = eraDtdb(tt1, tt2, 0, 0, 0, 0)
    var tdb1 = 0.0
    var tdb2 = 0.0
    guard eraTttdb(tt1, tt2, tdbMinusTT, &tdb1, &tdb2) == 0 else {
      throw OrbitsError.invalidArgument("'\(text)': ERFA cannot convert this TT epoch")
    }
    return (tdb1, tdb2)
  }
}
