import Foundation

/// Calendar dates and time steps as the command lines take them.
public enum CalendarDate {
  /// The Julian date of a proleptic Gregorian calendar date `YYYY-MM-DD[ HH:MM[:SS]]` (or `T`
  /// between date and time), read in the time scale it is given in (TDB for kernels). A date
  /// that does not exist (2000-02-30, 2001-02-29, 24:00) is an error, not the day it would
  /// roll over to; years run from 1 to 9999.
  public static func julianDate(_ text: String) throws -> Double {
    let (y, m, d, hour, minute, second) = try fields(text)
    let seconds = Double(hour * 3600 + minute * 60) + second
    // Fliegel & Van Flandern's day number, valid for the proleptic Gregorian calendar.
    let a = (14 - m) / 12
    let yy = y + 4800 - a
    let mm = m + 12 * a - 3
    let dayNumber = d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045
    return Double(dayNumber) - 0.5 + seconds / 86_400
  }

  /// The checked fields of `YYYY-MM-DD[ HH:MM[:SS[.fff]]]` (or `T` between date and time).
  /// `leapSecond` lets 23:59:60 through (to 60.999…): a UTC leap second, which the caller must
  /// still check against the leap-second table.
  static func fields(_ text: String, leapSecond: Bool = false) throws
    -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double)
  {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
    let date = parts.first.map { $0.split(separator: "-", omittingEmptySubsequences: false) } ?? []
    guard parts.count <= 2, date.count == 3, let y = Int(date[0]), let m = Int(date[1]), let d = Int(date[2]),
      (1...9999).contains(y), (1...12).contains(m), d >= 1
    else {
      throw OrbitsError.invalidArgument("'\(text)' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM")
    }
    guard d <= daysIn(month: m, year: y) else {
      throw OrbitsError.invalidArgument(
        "'\(text)' is not a date: month \(m) of \(y) has \(daysIn(month: m, year: y)) days")
    }
    guard parts.count == 2 else { return (y, m, d, 0, 0, 0) }
    // Digits and one point only: `Double` alone would take `inf`, `nan` and `1e1`.
    let hms = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { field in
      field.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) ? Double(field) : nil
    }
    let isLeapSecond = leapSecond && hms.count == 3 && hms[0] == 23 && hms[1] == 59 && (hms[2] ?? 0) >= 60
    let limits = [24.0, 60, isLeapSecond ? 61 : 60]
    guard (2...3).contains(hms.count),
      zip(hms, limits).allSatisfy({ value, limit in value.map { $0.isFinite && $0 >= 0 && $0 < limit } ?? false }),
      hms.dropLast().allSatisfy({ $0 == $0?.rounded() }), let hour = hms[0], let minute = hms[1]
    else {
      throw OrbitsError.invalidArgument("'\(text)': time must be HH:MM or HH:MM:SS (00:00 to 23:59:59.999)")
    }
    return (y, m, d, Int(hour), Int(minute), hms.count == 3 ? hms[2] ?? 0 : 0)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// "YYYY-MM-DD HH:MM" of a Julian date (to the minute).
  public static func string(julianDate jd: Double) -> String {
    // Julian dates of years 1 to 9999, with room; others (from a damaged file) stay numbers.
    guard jd.isFinite, (1_000_000...6_000_000).contains(jd) else { return "JD \(jd)" }
    let z = Int((jd + 0.5).rounded(.down))
    let minutes = Int(((jd + 0.5 - Double(z)) * 1440).rounded())
    let (dayNumber, minute) = minutes == 1440 ? (z + 1, 0) : (z, minutes)
    let a = dayNumber + 32044
    let b = (4 * a + 3) / 146097
    let c = a - 146097 * b / 4
    let d = (4 * c + 3) / 1461
    let e = c - 1461 * d / 4
    let m = (5 * e + 2) / 153
    let day = e - (153 * m + 2) / 5 + 1
    let month = m + 3 - 12 * (m / 10)
    let year = 100 * b + d - 4800 + m / 10
    return String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, minute / 60, minute % 60)
  }

  /// A step such as `2h`, `30m`, `1d`, `90s`, in days: a positive, finite number and a unit.
  public static func step(_ text: String) throws -> Double {
    let units: [Character: Double] = ["s": 1.0 / 86_400, "m": 1.0 / 1440, "h": 1.0 / 24, "d": 1]
    // Only digits and a point: `Double` alone would take `inf`, `nan`, `0x1p3` and `1e400`.
    let number = text.dropLast()
    guard let unit = text.last, let scale = units[unit],
      number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
      let value = Double(number), value.isFinite, value > 0, (value * scale).isFinite, value * scale > 0
    else {
      throw OrbitsError.invalidArgument("'\(text)' is not a step: use a positive number with s, m, h or d (e.g. 2h)")
    }
    return value * scale
  }

  /// The most epochs a grid may hold (10 million epochs of 11 bodies are 2.4 GB of states).
  public static let maxEpochs = 10_000_000

  /// The grid of `--start`, `--stop` and `--step` as a user writes them (dates TDB, "2h").
  public static func grid(from start: String, to stop: String, step: String) throws -> [Double] {
    try grid(from: julianDate(start), to: julianDate(stop), step: self.step(step))
  }

  /// The number of epochs from `start` to `stop` every `step` days, checked: stop after start,
  /// a finite positive step, at most `maxEpochs`.
  public static func epochCount(from start: Double, to stop: Double, step: Double) throws -> Int {
    guard stop > start else { throw OrbitsError.invalidArgument("stop must come after start") }
    let span = ((stop - start) / step + 1e-9).rounded(.down)
    guard step.isFinite, step > 0, span.isFinite, span < Double(maxEpochs) else {
      throw OrbitsError.invalidArgument(
        "the grid would hold over \(maxEpochs) epochs; use a longer step or a shorter span")
    }
    return Int(span) + 1
  }

  /// The grid start, start + step, … up to and including stop (to a microsecond).
  public static func grid(from start: Double, to stop: Double, step: Double) throws -> [Double] {
    let count = try epochCount(from: start, to: stop, step: step)
    return (0..<count).map { start + Double($0) * step }
  }
}
