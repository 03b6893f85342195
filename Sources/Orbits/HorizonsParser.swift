import Foundation

/// A parsed Horizons vectors reply: header facts and one row per epoch, in km and km/s.
public struct HorizonsTable: Sendable {
  public struct Row: Sendable, Equatable {
    public var julianDate: Double
    public var position: [Double]
    public var velocity: [Double]?
  }

  public var target: String?
  public var center: String?
  public var frame: String?
  /// As Horizons printed them (`KM-S`, `AU-D`, `KM-D`); rows are converted to km, km/s.
  public var units: String
  public var timeScale: String
  public var apiVersion: String?
  public var rows: [Row]
}

/// Reads everything Horizons sends for a vectors request: the JSON envelope (any key order) or
/// plain text; CSV or not; labels on or off; VEC_TABLE 1–4; KM-S, AU-D, KM-D; A.D. and B.C.
/// dates. Failures become `HorizonsError` with the server's own words.
public enum HorizonsParser {
  public static func parse(_ body: String) throws -> HorizonsTable {
    var text = body
    var version: String?
    if body.first(where: { !$0.isWhitespace }) == "{" {
      let envelope: HorizonsEnvelope
      do { envelope = try JSONDecoder().decode(HorizonsEnvelope.self, from: Data(body.utf8)) } catch DecodingError
        .typeMismatch
      {
        throw HorizonsError.invalidJSON("top level is not an object")
      } catch {
        throw HorizonsError.invalidJSON(error.localizedDescription)
      }
      version = envelope.version
      if let message = envelope.error {
        throw HorizonsError.rejected(message.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      guard let result = envelope.result else { throw HorizonsError.invalidJSON("no 'result' or 'error' member") }
      text = result
    }
    // Split on bytes: splitting 21 MB by Character is the slow part of a long reply.
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
      bytes.last == UInt8(ascii: "\r") ? Substring(bytes.dropLast()) : Substring(bytes)
    }
    if let line = lines.first(where: { $0.hasPrefix("API VERSION:") }) {
      version = line.dropFirst("API VERSION:".count).trimmingCharacters(in: .whitespaces)
    }
    guard let start = lines.firstIndex(of: "$$SOE") else {
      // A reply of bare rows (some clients save only those), or a message.
      if let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
        first.split(separator: "=").first.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) != nil
          || first.split(separator: ",").first.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) != nil
      {
        return HorizonsTable(
          units: "KM-S", timeScale: "TDB", apiVersion: version,
          rows: try rows(Array(lines), firstLine: 1, header: nil, units: "KM-S"))
      }
      throw classify(lines)
    }
    guard let end = lines[start...].firstIndex(of: "$$EOE") else {
      throw HorizonsError.truncated(rows: lines[(start + 1)...].filter { $0.contains("=") || $0.contains(",") }.count)
    }
    // A header fact is `Key : value`; a line that starts with the key but has no colon is
    // free text, not the fact.
    func header(_ key: String) -> String? {
      for line in lines[..<start].reversed() where line.hasPrefix(key) {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let value = line[line.index(after: colon)...]
        return (value.components(separatedBy: "{source").first ?? "").trimmingCharacters(in: .whitespaces)
      }
      return nil
    }
    let units = ((header("Output units") ?? "KM-S").components(separatedBy: ",").first ?? "").trimmingCharacters(
      in: .whitespaces)
    guard ["KM-S", "AU-D", "KM-D"].contains(units) else {
      throw HorizonsError.malformedRow(line: 0, reason: "output units '\(units)' are not KM-S, AU-D or KM-D")
    }
    // The CSV column header sits above the `****` line that precedes $$SOE.
    let csvHeader = start >= 2 && lines[start - 2].contains(",") ? lines[start - 2] : nil
    let timeScale = header("Start time")?.split(separator: " ").last.map(String.init) ?? "TDB"
    return HorizonsTable(
      target: header("Target body name"), center: header("Center body name"),
      frame: header("Reference frame"), units: units, timeScale: timeScale, apiVersion: version,
      rows: try rows(
        Array(lines[(start + 1)..<end]), firstLine: start + 2, header: csvHeader, units: units,
        table: header("Output format").flatMap { Int($0.prefix(1)) }))
  }

  /// Lookup problems come back as normal replies without $$SOE: name them.
  static func classify(_ lines: [Substring]) -> HorizonsError {
    let text = lines.joined(separator: "\n")
    if let title = lines.first(where: { $0.contains("Multiple major-bodies match string") }) {
      let query = title.components(separatedBy: "\"").dropFirst().first ?? String(title)
      var candidates: [(String, String)] = []
      var inTable = false
      for line in lines {
        if line.trimmingCharacters(in: .whitespaces).hasPrefix("ID#") {
          inTable = true
          continue
        }
        if inTable, line.trimmingCharacters(in: .whitespaces).hasPrefix("---") { continue }
        if inTable, let id = line.split(separator: " ").first, Int(id) != nil {
          let rest = line.trimmingCharacters(in: .whitespaces).dropFirst(id.count).trimmingCharacters(in: .whitespaces)
          candidates.append((String(id), rest.components(separatedBy: "  ").first ?? rest))
        } else if inTable, line.trimmingCharacters(in: .whitespaces).isEmpty, !candidates.isEmpty {
          inTable = false
        }
      }
      return .ambiguous(query: "\"\(query)\"", candidates: candidates)
    }
    if let line = lines.first(where: { $0.contains("No ephemeris for target") }) {
      return .outOfCoverage(line.trimmingCharacters(in: .whitespaces))
    }
    if text.contains("No matches found") { return .noMatch("no body matches the name") }
    if text.contains("Matching small-bodies") {
      return .noMatch("several small bodies match; give a record number or designation ending in ';'")
    }
    let messages = lines.filter {
      !$0.hasPrefix("API ") && !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("*")
    }
    if !messages.isEmpty, messages.count <= 6 {
      return .rejected(messages.joined(separator: " ").trimmingCharacters(in: .whitespaces))
    }
    return .noEphemeris(firstLines: messages.prefix(2).joined(separator: " / "))
  }

  /// Rows between $$SOE and $$EOE: CSV (one line per epoch) or text (a date line, then labelled or
  /// bare value lines).
  static func rows(_ lines: [Substring], firstLine: Int, header: Substring?, units: String, table: Int? = nil) throws
    -> [HorizonsTable.Row]
  {
    let (distance, speed) =
      units == "AU-D"
      ? (Units.kilometresPerAU, Units.kilometresPerAU / Units.secondsPerDay)
      : units == "KM-D" ? (1.0, 1.0 / Units.secondsPerDay) : (1.0, 1.0)
    var rows: [HorizonsTable.Row] = []
    var pending: (jd: Double, line: Int, values: [String: Double], bare: [[Double]])?
    func flush(_ line: Int) throws {
      guard let p = pending else { return }
      // Epochs must be strictly increasing: a repeated or earlier epoch is a corrupt or spliced
      // reply, and every consumer (differences, splits by date) assumes one time grid.
      if let previous = rows.last?.julianDate, !(p.jd > previous) {
        throw HorizonsError.malformedRow(
          line: p.line, reason: "epoch \(p.jd) does not follow the previous epoch \(previous): epochs must increase")
      }
      var v = p.values
      if v.isEmpty, let first = p.bare.first, first.count >= 3 {  // labels off
        (v["X"], v["Y"], v["Z"]) = (first[0], first[1], first[2])
        // Tables 2 and 3 put velocities on the second line; table 4 puts LT, RG, RR there.
        if p.bare.count >= 2, p.bare[1].count == 3, table != 4 {
          (v["VX"], v["VY"], v["VZ"]) = (p.bare[1][0], p.bare[1][1], p.bare[1][2])
        }
      }
      guard let x = v["X"], let y = v["Y"], let z = v["Z"] else {
        throw HorizonsError.malformedRow(line: line, reason: "epoch \(p.jd) has no X, Y, Z")
      }
      let velocity = v["VX"].flatMap { vx in
        v["VY"].flatMap { vy in v["VZ"].map { [vx * speed, vy * speed, $0 * speed] } }
      }
      let position = [x * distance, y * distance, z * distance]
      // Finite in AU can overflow in km.
      guard (position + (velocity ?? [])).allSatisfy(\.isFinite) else {
        throw HorizonsError.malformedRow(
          line: p.line, reason: "epoch \(p.jd): a value overflows when converted from \(units) to km, km/s")
      }
      rows.append(.init(julianDate: p.jd, position: position, velocity: velocity))
      pending = nil
    }
    let columns = header?.split(separator: ",").map { String(trimmed($0)) }
    for (offset, raw) in lines.enumerated() {
      let line = trimmed(raw)
      let number = firstLine + offset
      if line.isEmpty { continue }
      if line.firstIndex(of: ",") != nil {  // CSV: JDTDB, calendar date, then the table's columns; trailing comma
        var cells = line.split(separator: ",", omittingEmptySubsequences: false).map { String(trimmed($0)) }
        if cells.last == "" { cells.removeLast() }
        let names: [String] =
          columns
          ?? ["JDTDB", "Calendar Date", "X", "Y", "Z", "VX", "VY", "VZ", "LT", "RG", "RR"].prefix(cells.count).map {
            $0
          }
        guard cells.count == names.count, let jd = Double(cells[0]) else {
          throw HorizonsError.malformedRow(
            line: number, reason: "expected \(names.count) comma-separated fields starting with JDTDB")
        }
        guard jd.isFinite else {
          throw HorizonsError.malformedRow(line: number, reason: "JDTDB '\(cells[0])' is not a finite number")
        }
        var values: [String: Double] = [:]
        for (name, cell) in zip(names, cells).dropFirst(2) {
          guard let value = Double(cell), value.isFinite else {
            throw HorizonsError.malformedRow(line: number, reason: "\(name) '\(cell)' is not a finite number")
          }
          values[name] = value
        }
        pending = (jd, number, values, [])
        try flush(number)
      } else if let equals = line.firstIndex(of: "="), let jd = Double(trimmed(line[..<equals])) {
        // `2459824.062754630 = A.D. 2022-Sep-01 …` (or B.C.): only a date line starts with a number and "=".
        guard jd.isFinite else {
          throw HorizonsError.malformedRow(
            line: number, reason: "epoch '\(trimmed(line[..<equals]))' is not a finite number")
        }
        try flush(number)
        pending = (jd, number, [:], [])
      } else {
        guard var current = pending else {
          throw HorizonsError.malformedRow(line: number, reason: "values before any date line")
        }
        if line.firstIndex(of: "=") != nil {
          for (label, value) in try labelled(line, number) { current.values[label] = value }
        } else {
          var numbers: [Double] = []
          for field in line.split(separator: " ") {
            guard let value = Double(field), value.isFinite else {
              throw HorizonsError.malformedRow(line: number, reason: "'\(field)' is not a finite number")
            }
            numbers.append(value)
          }
          current.bare.append(numbers)
        }
        pending = current
      }
    }
    try flush(firstLine + lines.count)
    return rows
  }

  /// `X = 1.4E+08 Y =-5.4E+07 Z = 1.9E+03`: values follow their labels, a minus sign may abut
  /// the `=`, so the line is split at the labels, not at spaces.
  static func labelled(_ line: Substring, _ number: Int) throws -> [(String, Double)] {
    // Byte scan with strtod: this loop runs for every value of a 100,000-epoch reply.
    var result: [(String, Double)] = []
    var failure: String?
    var copy = line
    copy.withUTF8 { bytes in
      var label = ""
      var start = 0
      var i = 0
      while i < bytes.count {
        guard bytes[i] == UInt8(ascii: "=") else {
          i += 1
          continue
        }
        var (a, b) = (start, i)
        while a < b, bytes[a] == UInt8(ascii: " ") { a += 1 }
        while b > a, bytes[b - 1] == UInt8(ascii: " ") { b -= 1 }
        label = String(decoding: bytes[a..<b], as: UTF8.self)
        // strtod needs a terminated string: copy the (short) field.
        var j = i + 1
        while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
        var k = j
        while k < bytes.count, bytes[k] != UInt8(ascii: " ") { k += 1 }
        var field = Array(bytes[j..<k])
        field.append(0)
        let (value, parsed) = field.withUnsafeBufferPointer { p in
          p.withMemoryRebound(to: CChar.self) { c -> (Double, Int) in
            guard let base = c.baseAddress else { return (.nan, -1) }
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &end)
            return (v, end.map { UnsafePointer($0) - base } ?? -1)
          }
        }
        // strtod reads `nan` and `inf` too: a state is never either.
        if k == j || parsed != k - j || !value.isFinite {
          failure = label
          return
        }
        result.append((label, value))
        start = k
        i = k
      }
    }
    if let failure { throw HorizonsError.malformedRow(line: number, reason: "no finite number after '\(failure)='") }
    return result
  }

  /// Spaces and tabs off both ends, without Foundation's character-set machinery.
  @inline(__always) static func trimmed(_ s: Substring) -> Substring {
    var t = s
    while let c = t.first, c == " " || c == "\t" { t.removeFirst() }
    while let c = t.last, c == " " || c == "\t" { t.removeLast() }
    return t
  }
}
