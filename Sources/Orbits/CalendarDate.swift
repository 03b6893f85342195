import Foundation

/// Calendar dates and time steps as the command lines take them.
public enum CalendarDate {
  /// The Julian date of a proleptic Gregorian calendar date `YYYY-MM-DD[ HH:MM[:SS]]` (or `T`
  /// between date and time), read in the time scale it is given in (TDB for kernels).
  public static func julianDate(_ text: String) throws -> Double {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
    let date = parts.first.map { $0.split(separator: "-") } ?? []
    guard parts.count <= 2, date.count == 3, let y = Int(date[0]), let m = Int(date[1]), let d = Int(date[2]),
          (1...12).contains(m), (1...31).contains(d) else {
      throw OrbitsError.invalidArgument("'\(text)' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM")
    }
    var seconds = 0.0
    if parts.count == 2 {
      let hms = parts[1].split(separator: ":").map { Double($0) }
      guard (2...3).contains(hms.count), hms.allSatisfy({ $0 != nil }) else {
        throw OrbitsError.invalidArgument("'\(text)': time must be HH:MM or HH:MM:SS")
      }
      seconds = hms[0]! * 3600 + hms[1]! * 60 + (hms.count == 3 ? hms[2]! : 0)
    }
    // Fliegel & Van Flandern's day number, valid for the proleptic Gregorian calendar.
    let a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3
    let dayNumber = d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045
    return Double(dayNumber) - 0.5 + seconds / 86_400
  }

  /// "YYYY-MM-DD HH:MM" of a Julian date (to the minute).
  public static func string(julianDate jd: Double) -> String {
    let z = Int((jd + 0.5).rounded(.down))
    let minutes = Int(((jd + 0.5 - Double(z)) * 1440).rounded())
    let (dayNumber, minute) = minutes == 1440 ? (z + 1, 0) : (z, minutes)
    let a = dayNumber + 32044, b = (4 * a + 3) / 146097, c = a - 146097 * b / 4
    let d = (4 * c + 3) / 1461, e = c - 1461 * d / 4, m = (5 * e + 2) / 153
    let day = e - (153 * m + 2) / 5 + 1, month = m + 3 - 12 * (m / 10), year = 100 * b + d - 4800 + m / 10
    return String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, minute / 60, minute % 60)
  }

  /// A step such as `2h`, `30m`, `1d`, `90s`, in days.
  public static func step(_ text: String) throws -> Double {
    let units: [Character: Double] = ["s": 1.0 / 86_400, "m": 1.0 / 1440, "h": 1.0 / 24, "d": 1]
    guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value > 0 else {
      throw OrbitsError.invalidArgument("'\(text)' is not a step: use a positive number with s, m, h or d (e.g. 2h)")
    }
    return value * scale
  }

  /// The grid of `--start`, `--stop` and `--step` as a user writes them (dates TDB, "2h").
  public static func grid(from start: String, to stop: String, step: String) throws -> [Double] {
    try grid(from: julianDate(start), to: julianDate(stop), step: self.step(step))
  }

  /// The grid start, start + step, … up to and including stop (to a microsecond).
  public static func grid(from start: Double, to stop: Double, step: Double) throws -> [Double] {
    guard stop > start else { throw OrbitsError.invalidArgument("stop must come after start") }
    let count = Int(((stop - start) / step + 1e-9).rounded(.down)) + 1
    return (0..<count).map { start + Double($0) * step }
  }
}
