import Foundation
import HTTP

/// One Horizons request — one target, one centre, a run of epochs on a regular grid — and the
/// test its reply must pass before it is used or cached: a reply for another body, centre,
/// frame, time scale or span (or missing an epoch) is an error, never data for this request.
public struct HorizonsRequest: Sendable {
  public var target: BodyCatalogue.Target
  /// `500@ID` (see `HorizonsClient.center`).
  public var center: String
  /// First epoch (TDB Julian date), number of epochs, and the step between them.
  public var firstEpoch: Double
  public var epochCount: Int
  public var stepMinutes: Int

  public init(target: BodyCatalogue.Target, center: String, firstEpoch: Double, epochCount: Int, stepMinutes: Int) {
    self.target = target
    self.center = center
    self.firstEpoch = firstEpoch
    self.epochCount = epochCount
    self.stepMinutes = stepMinutes
  }

  public var step: Double { Double(stepMinutes) / 1440 }
  public func epoch(_ k: Int) -> Double { firstEpoch + Double(k) * step }
  public var lastEpoch: Double { epoch(epochCount - 1) }

  /// `499 from 2000-01-01 00:00 to 2000-01-21 00:00 TDB every 120 min`: how messages name it.
  public var summary: String {
    "\(target.command) (centre \(center)) from \(CalendarDate.string(julianDate: firstEpoch)) to "
      + "\(CalendarDate.string(julianDate: lastEpoch)) TDB every \(stepMinutes) min"
  }

  /// Epochs agree to this many days (Horizons prints 9 decimals; 1e-6 d is 0.09 s).
  static let epochTolerance = 1e-6

  /// Throws `HorizonsReplyError` unless `table` answers this request.
  public func check(_ table: HorizonsTable) throws {
    func mismatch(_ field: String, expected: String, found: String?) -> HorizonsReplyError {
      .mismatch(
        request: summary, field: field, expected: expected, found: found.map { TerminalText.escaped($0) } ?? "nothing")
    }
    if case .major(let id, _) = target {
      guard Self.naifID(in: table.target) == id else {
        throw mismatch("target", expected: "NAIF ID \(id)", found: table.target)
      }
    } else if table.target?.isEmpty ?? true {
      throw mismatch("target", expected: target.command, found: nil)
    }
    let centreID = Int(center.split(separator: "@").last ?? "")
    guard let centreID, Self.naifID(in: table.center) == centreID else {
      throw mismatch("centre", expected: "NAIF ID \(centreID.map(String.init) ?? center)", found: table.center)
    }
    guard table.frame == "ICRF" else { throw mismatch("reference frame", expected: "ICRF", found: table.frame) }
    guard table.timeScale == "TDB" else { throw mismatch("time scale", expected: "TDB", found: table.timeScale) }
    for k in 0..<max(epochCount, table.rows.count) {
      guard k < table.rows.count else { throw HorizonsReplyError.missingEpoch(request: summary, julianDate: epoch(k)) }
      guard k < epochCount else {
        throw HorizonsReplyError.unexpectedEpoch(request: summary, julianDate: table.rows[k].julianDate)
      }
      let found = table.rows[k].julianDate
      guard abs(found - epoch(k)) <= Self.epochTolerance else {
        throw found > epoch(k)
          ? HorizonsReplyError.missingEpoch(request: summary, julianDate: epoch(k))
          : HorizonsReplyError.unexpectedEpoch(request: summary, julianDate: found)
      }
    }
  }

  /// The ID in the last parentheses of a Horizons name, `Mars Barycenter (4)` → 4.
  static func naifID(in name: String?) -> Int? {
    guard let name, let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close else {
      return nil
    }
    return Int(name[name.index(after: open)..<close].trimmingCharacters(in: .whitespaces))
  }
}

/// A reply that does not answer its request, or a cache entry that cannot be trusted.
public enum HorizonsReplyError: Error, Equatable, CustomStringConvertible {
  case mismatch(request: String, field: String, expected: String, found: String)
  case missingEpoch(request: String, julianDate: Double)
  case unexpectedEpoch(request: String, julianDate: Double)
  /// A cached reply failed its checksum or no longer answers its request.
  case damagedCacheEntry(file: String, reason: String)

  public var description: String {
    let notKept = "; the reply was not used or cached"
    return switch self {
    case .mismatch(let request, let field, let expected, let found):
      "Horizons reply for \(request) has the wrong \(field): expected \(expected), found \(found)\(notKept)"
    case .missingEpoch(let request, let jd):
      "Horizons reply for \(request) lacks the epoch JD \(jd) (\(CalendarDate.string(julianDate: jd)))\(notKept)"
    case .unexpectedEpoch(let request, let jd):
      "Horizons reply for \(request) has an epoch not asked for, JD \(jd)\(notKept)"
    case .damagedCacheEntry(let file, let reason): "cache entry \(file) is damaged: \(TerminalText.escaped(reason))"
    }
  }
}
