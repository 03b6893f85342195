import Foundation
import Plot

/// The dataset file: CSV with a commented provenance header, one row per (epoch, body).
///
///     # format: gravitas-ephemeris v1
///     # frame: ICRF
///     # body: 10 Sun 132712440040.9446
///     jd_tdb,body_id,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,ax_km_s2,ay_km_s2,az_km_s2
///
/// Numbers are written in Swift's shortest round-tripping form, so reading gives back exactly
/// what was written. Acceleration cells are empty when unknown.
extension EphemerisDataset {
  static let header = "jd_tdb,body_id,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,ax_km_s2,ay_km_s2,az_km_s2"

  public func csv() -> String {
    var out = "# format: gravitas-ephemeris v1\n# frame: \(frame)\n# center: \(center)\n# time_scale: \(timeScale)\n"
    out += "# units: km, km/s, km/s^2\n"
    for (key, value) in provenance { out += "# \(key): \(value.replacingOccurrences(of: "\n", with: " "))\n" }
    for body in bodies { out += "# body: \(body.id) \(body.name.replacingOccurrences(of: " ", with: "_")) \(body.gm.map { "\($0)" } ?? "-")\n" }
    out += Self.header + "\n"
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
  public func write(to url: URL) throws {
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try AtomicFile.write(Data(csv().utf8), to: url)
    } catch PlotError.writeFailed(_, let reason) {
      throw OrbitsError.unreadable(file: url.path, reason: "cannot write: \(reason)")
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
    var meta: [(String, String)] = [], bodies: [EphemerisBody] = []
    var epochs: [Double] = [], p: [Double] = [], v: [Double] = [], a: [Double] = []
    var sawHeader = false, hasAccelerations = true
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = n + 1
      if raw.isEmpty { continue }
      if raw.hasPrefix("# ") {
        guard let colon = raw.firstIndex(of: ":") else { continue }
        let key = String(raw[raw.index(raw.startIndex, offsetBy: 2)..<colon])
        let value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if key == "body" {
          let parts = value.split(separator: " ")
          guard parts.count == 3, let id = Int(parts[0]) else {
            throw OrbitsError.malformedDataset(file: file, line: line, reason: "body line must be 'ID NAME GM', found '\(value)'")
          }
          // GM is "-" when unknown; otherwise a positive finite number.
          let gm = parts[2] == "-" ? nil : Double(parts[2])
          guard parts[2] == "-" || gm.map({ $0.isFinite && $0 > 0 }) == true else {
            throw OrbitsError.malformedDataset(file: file, line: line, reason: "GM '\(parts[2])' is neither '-' nor a positive finite number")
          }
          guard !sawHeader, !bodies.contains(where: { $0.id == id }) else {
            throw OrbitsError.malformedDataset(file: file, line: line, reason: "body \(id) is listed twice or after the column header")
          }
          bodies.append(EphemerisBody(id: id, name: parts[1].replacingOccurrences(of: "_", with: " "), gm: gm))
        } else { meta.append((key, value)) }
        continue
      }
      if !sawHeader {
        guard raw == Self.header else {
          throw OrbitsError.malformedDataset(file: file, line: line, reason: "expected the column header '\(Self.header)'")
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
          throw OrbitsError.malformedDataset(file: file, line: line, reason: "column \(i + 1): '\(cells[i])' is not a finite number")
        }
        return x
      }
      let slot = p.count / 3
      guard !bodies.isEmpty, let id = Int(cells[1]), id == bodies[slot % bodies.count].id else {
        throw OrbitsError.malformedDataset(file: file, line: line, reason: "rows must cycle through the bodies in header order")
      }
      let jd = try number(0)
      if slot % bodies.count == 0 {
        if let previous = epochs.last, !(jd > previous) {
          throw OrbitsError.malformedDataset(file: file, line: line, reason: "epoch \(jd) does not follow the previous epoch \(previous): epochs must increase")
        }
        epochs.append(jd)
      } else if let group = epochs.last, jd != group {
        throw OrbitsError.malformedDataset(file: file, line: line, reason: "epoch \(jd) differs from its group's \(group)")
      }
      for k in 2...4 { p.append(try number(k)) }
      for k in 5...7 { v.append(try number(k)) }
      // Accelerations are known for every row or for none.
      let unknown = cells[8...10].allSatisfy(\.isEmpty)
      if slot == 0 { hasAccelerations = !unknown }
      guard unknown != hasAccelerations else {
        throw OrbitsError.malformedDataset(file: file, line: line, reason: "acceleration cells must be filled in every row or empty in every row")
      }
      if hasAccelerations { for k in 8...10 { a.append(try number(k)) } }
    }
    guard sawHeader else { throw OrbitsError.malformedDataset(file: file, line: 1, reason: "no column header: not a dataset file") }
    guard p.count == 3 * bodies.count * epochs.count else {
      throw OrbitsError.malformedDataset(file: file, line: text.split(separator: "\n").count, reason: "the last epoch is incomplete")
    }
    let lookup = Dictionary(meta, uniquingKeysWith: { a, _ in a })
    self.init(bodies: bodies, epochs: epochs, positions: p, velocities: v, accelerations: hasAccelerations ? a : nil,
              frame: lookup["frame"] ?? "ICRF", center: lookup["center"] ?? "", timeScale: lookup["time_scale"] ?? "TDB",
              provenance: meta.filter { !["format", "frame", "center", "time_scale", "units"].contains($0.0) })
  }
}
