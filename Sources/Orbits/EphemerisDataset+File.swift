import DurableFiles
import Foundation

/// The dataset file: comma-separated values under astropy's ECSV header (`# %ECSV 1.0`: column
/// types and units, and a `meta` block with the frame, centre, time scale, provenance and bodies),
/// one row per (epoch, body). numpy, pandas (`comment='#'`) and astropy (`Table.read`) load it:
///
///     # %ECSV 1.0
///     # ---
///     # delimiter: ','
///     # datatype:
///     # - {name: jd_tdb, unit: d, datatype: float64, description: "Julian date, TDB"}
///     # …
///     # meta: !!omap
///     # - {format: "gravitas-ephemeris v2"}
///     # - {time_scale: "TDB"}
///     # - bodies:
///     #   - {id: 10, name: "Sun", gm_km3_s2: 132712440040.9446}
///     # schema: astropy-2.0
///     jd_tdb,body_id,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,ax_km_s2,ay_km_s2,az_km_s2
///
/// Numbers are written in Swift's shortest round-tripping form, so reading gives back exactly
/// what was written, and the same dataset gives the same bytes. Acceleration cells are empty
/// when unknown. Files of the first format (`# format: gravitas-ephemeris v1`, `# key: value`
/// lines) are still read.
extension EphemerisDataset {
  /// Name, unit, type and description of each column, in order.
  static let columns: [(name: String, unit: String?, datatype: String, description: String?)] = [
    ("jd_tdb", "d", "float64", "Julian date, TDB"), ("body_id", nil, "int64", "NAIF or SPK ID"),
    ("x_km", "km", "float64", nil), ("y_km", "km", "float64", nil), ("z_km", "km", "float64", nil),
    ("vx_km_s", "km / s", "float64", nil), ("vy_km_s", "km / s", "float64", nil), ("vz_km_s", "km / s", "float64", nil),
    ("ax_km_s2", "km / s2", "float64", nil), ("ay_km_s2", "km / s2", "float64", nil),
    ("az_km_s2", "km / s2", "float64", nil),
  ]
  static let header = columns.map(\.name).joined(separator: ",")

  /// The ECSV header, every line a comment.
  func ecsvHeader() -> String {
    var out = "# %ECSV 1.0\n# ---\n# delimiter: ','\n# datatype:\n"
    for column in Self.columns {
      out +=
        "# - {name: \(column.name)" + (column.unit.map { ", unit: \($0)" } ?? "") + ", datatype: \(column.datatype)"
      out += (column.description.map { ", description: \(ECSVHeader.quoted($0))" } ?? "") + "}\n"
    }
    out += "# meta: !!omap\n"
    let fixed = [("format", "gravitas-ephemeris v2"), ("frame", frame), ("center", center), ("time_scale", timeScale)]
    for (key, value) in fixed + provenance.map({ ($0.key, $0.value) }) {
      out += "# - {\(ECSVHeader.key(key)): \(ECSVHeader.quoted(value))}\n"
    }
    out += "# - bodies:\n"
    for body in bodies {
      out +=
        "#   - {id: \(body.id), name: \(ECSVHeader.quoted(body.name)), gm_km3_s2: \(body.gm.map { "\($0)" } ?? "null")}\n"
    }
    return out + "# schema: astropy-2.0\n"
  }

  /// The table as ECSV (what `write(to:)` writes by default).
  public func csv() -> String { text(.ecsv) }

  public func text(_ format: OrbitTableFormat) -> String {
    var out = (format == .ecsv ? ecsvHeader() : "") + Self.header + "\n"
    out.reserveCapacity(out.count + epochs.count * bodies.count * 200)
    for e in epochs.indices {
      for b in bodies.indices {
        let i = index(e, b)
        out += "\(epochs[e]),\(bodies[b].id),\(positions[i]),\(positions[i + 1]),\(positions[i + 2]),"
        out += "\(velocities[i]),\(velocities[i + 1]),\(velocities[i + 2]),"
        if let a = accelerations { out += "\(a[i]),\(a[i + 1]),\(a[i + 2])\n" } else { out += ",,\n" }
      }
    }
    return out
  }

  /// Writes atomically (temporary file, then rename).
  public func write(to url: URL, format: OrbitTableFormat = .ecsv) throws {
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try DurableFile.write(Data(text(format).utf8), to: url)
    } catch let error as DurableFileError {
      throw OrbitsError.unreadable(file: url.path, reason: error.failure)
    } catch {
      throw OrbitsError.unreadable(file: url.path, reason: "cannot write: \(error.localizedDescription)")
    }
  }

  public init(contentsOf url: URL) throws {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw OrbitsError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    let file = url.lastPathComponent
    var meta: [(String, String)] = []
    var bodies: [EphemerisBody] = []
    var epochs: [Double] = []
    var p: [Double] = []
    var v: [Double] = []
    var a: [Double] = []
    var sawHeader = false
    var hasAccelerations = true
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let isECSV = lines.first == "# %ECSV 1.0"
    if isECSV { (meta, bodies) = try Self.ecsvMeta(lines, file: file) }
    for (n, raw) in lines.enumerated() {
      let line = n + 1
      if raw.isEmpty || (isECSV && raw.hasPrefix("#")) { continue }
      if raw.hasPrefix("# ") {
        guard let colon = raw.firstIndex(of: ":") else { continue }
        let key = String(raw[raw.index(raw.startIndex, offsetBy: 2)..<colon])
        let value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if key == "body" {
          let parts = value.split(separator: " ")
          guard parts.count == 3, let id = Int(parts[0]) else {
            throw OrbitsError.malformedDataset(
              file: file, line: line, reason: "body line must be 'ID NAME GM', found '\(value)'")
          }
          // GM is "-" when unknown; otherwise a positive finite number.
          let gm = parts[2] == "-" ? nil : Double(parts[2])
          guard parts[2] == "-" || gm.map({ $0.isFinite && $0 > 0 }) == true else {
            throw OrbitsError.malformedDataset(
              file: file, line: line, reason: "GM '\(parts[2])' is neither '-' nor a positive finite number")
          }
          guard !sawHeader, !bodies.contains(where: { $0.id == id }) else {
            throw OrbitsError.malformedDataset(
              file: file, line: line, reason: "body \(id) is listed twice or after the column header")
          }
          bodies.append(EphemerisBody(id: id, name: parts[1].replacingOccurrences(of: "_", with: " "), gm: gm))
        } else {
          meta.append((key, value))
        }
        continue
      }
      if !sawHeader {
        guard raw == Self.header else {
          throw OrbitsError.malformedDataset(
            file: file, line: line, reason: "expected the column header '\(Self.header)'")
        }
        sawHeader = true
        continue
      }
      let cells = raw.split(separator: ",", omittingEmptySubsequences: false)
      guard cells.count == 11 else {
        throw OrbitsError.malformedDataset(file: file, line: line, reason: "expected 11 columns, found \(cells.count)")
      }
      func number(_ i: Int) throws -> Double {
        guard let x = Double(cells[i]), x.isFinite else {
          throw OrbitsError.malformedDataset(
            file: file, line: line, reason: "column \(i + 1): '\(cells[i])' is not a finite number")
        }
        return x
      }
      let slot = p.count / 3
      guard !bodies.isEmpty, let id = Int(cells[1]), id == bodies[slot % bodies.count].id else {
        throw OrbitsError.malformedDataset(
          file: file, line: line, reason: "rows must cycle through the bodies in header order")
      }
      let jd = try number(0)
      if slot % bodies.count == 0 {
        if let previous = epochs.last, !(jd > previous) {
          throw OrbitsError.malformedDataset(
            file: file, line: line,
            reason: "epoch \(jd) does not follow the previous epoch \(previous): epochs must increase")
        }
        epochs.append(jd)
      } else if let group = epochs.last, jd != group {
        throw OrbitsError.malformedDataset(
          file: file, line: line, reason: "epoch \(jd) differs from its group's \(group)")
      }
      for k in 2...4 { p.append(try number(k)) }
      for k in 5...7 { v.append(try number(k)) }
      // Accelerations are known for every row or for none.
      let unknown = cells[8...10].allSatisfy(\.isEmpty)
      if slot == 0 { hasAccelerations = !unknown }
      guard unknown != hasAccelerations else {
        throw OrbitsError.malformedDataset(
          file: file, line: line, reason: "acceleration cells must be filled in every row or empty in every row")
      }
      if hasAccelerations { for k in 8...10 { a.append(try number(k)) } }
    }
    guard sawHeader else {
      throw OrbitsError.malformedDataset(file: file, line: 1, reason: "no column header: not a dataset file")
    }
    guard p.count == 3 * bodies.count * epochs.count else {
      throw OrbitsError.malformedDataset(
        file: file, line: text.split(separator: "\n").count, reason: "the last epoch is incomplete")
    }
    let lookup = Dictionary(meta, uniquingKeysWith: { a, _ in a })
    self.init(
      bodies: bodies, epochs: epochs, positions: p, velocities: v, accelerations: hasAccelerations ? a : nil,
      frame: lookup["frame"] ?? "ICRF", center: lookup["center"] ?? "", timeScale: lookup["time_scale"] ?? "TDB",
      provenance: meta.filter { !["format", "frame", "center", "time_scale", "units"].contains($0.0) })
  }

  /// The `meta` entries and bodies of an ECSV header this writer wrote: `# - {key: value}` lines
  /// and `#   - {id: …, name: …, gm_km3_s2: …}` under `# - bodies:`.
  static func ecsvMeta(_ lines: [Substring], file: String) throws -> (meta: [(String, String)], bodies: [EphemerisBody])
  {
    var meta: [(String, String)] = []
    var bodies: [EphemerisBody] = []
    var section = ""
    for (n, raw) in lines.enumerated() {
      guard raw.hasPrefix("#") else { break }
      func malformed(_ reason: String) -> OrbitsError { .malformedDataset(file: file, line: n + 1, reason: reason) }
      if raw == "# meta: !!omap" {
        section = "meta"
        continue
      }
      if !raw.hasPrefix("# ") || raw.hasPrefix("# schema:") || raw.hasPrefix("# datatype:") {
        section = ""
        continue
      }
      guard section == "meta" || section == "bodies" else { continue }
      if raw == "# - bodies:" {
        section = "bodies"
        continue
      }
      if section == "bodies", raw.hasPrefix("#   - ") {
        guard let fields = ECSVHeader.flowMapping(raw.dropFirst(6)), fields.count == 3, fields[0].key == "id",
          let id = Int(fields[0].value), fields[1].key == "name", fields[2].key == "gm_km3_s2"
        else {
          throw malformed("a body must be '{id: ID, name: \"NAME\", gm_km3_s2: GM}'")
        }
        let gm = fields[2].value == "null" ? nil : Double(fields[2].value)
        guard fields[2].value == "null" || gm.map({ $0.isFinite && $0 > 0 }) == true else {
          throw malformed("gm_km3_s2 '\(fields[2].value)' is not a positive number (or null)")
        }
        bodies.append(EphemerisBody(id: id, name: fields[1].value, gm: gm))
      } else if raw.hasPrefix("# - ") {
        guard let fields = ECSVHeader.flowMapping(raw.dropFirst(4)), fields.count == 1 else {
          throw malformed("a meta entry must be '- {key: value}'")
        }
        section = "meta"
        meta.append((fields[0].key, fields[0].value))
      } else {
        throw malformed("unexpected line in the meta block")
      }
    }
    return (meta, bodies)
  }
}
