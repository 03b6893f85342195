import Foundation
import HTTP

/// Builds Horizons API requests for state vectors, performs them (splitting long spans into
/// several requests under the output limit, reusing cached replies), and joins the replies into
/// one dataset.
public struct HorizonsClient {
  public static let defaultURL = "https://ssd.jpl.nasa.gov/api/horizons.api"

  public var apiURL: String
  public var http: HTTPClient
  /// Replies are cached here by request; nil: no cache.
  public var cacheDirectory: URL?
  public var force = false
  /// Horizons refuses output over 90,024 lines, and table 2 prints 3 lines an epoch: longer
  /// spans are split into requests of at most this many epochs.
  public var epochsPerRequest = 25_000
  public var log: (String) -> Void

  public init(apiURL: String = HorizonsClient.defaultURL, http: HTTPClient = HTTPClient(), cacheDirectory: URL?,
              log: @escaping (String) -> Void = { _ in }) {
    self.apiURL = apiURL
    self.http = http
    self.cacheDirectory = cacheDirectory
    self.log = log
  }

  /// One request's URL: VECTORS, geometric, ICRF equatorial (REF_PLANE=FRAME), table 2, KM-S,
  /// labels on, TDB; the target's numeric ID (or small-body designation) always sent.
  public func requestURL(command: String, center: String, start: Double, stop: Double, stepMinutes: Int) -> String {
    let parameters: [(String, String)] = [
      ("format", "json"), ("COMMAND", "'\(command)'"), ("OBJ_DATA", "'NO'"), ("MAKE_EPHEM", "'YES'"),
      ("EPHEM_TYPE", "'VECTORS'"), ("CENTER", "'\(center)'"), ("START_TIME", "'JD \(start)'"),
      ("STOP_TIME", "'JD \(stop)'"), ("STEP_SIZE", "'\(stepMinutes) min'"), ("VEC_TABLE", "'2'"),
      ("VEC_CORR", "'NONE'"), ("OUT_UNITS", "'KM-S'"), ("REF_PLANE", "'FRAME'"), ("REF_SYSTEM", "'ICRF'"),
      ("CSV_FORMAT", "'NO'"), ("VEC_LABELS", "'YES'"), ("TIME_TYPE", "'TDB'"),
    ]
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=;+ @")
    return apiURL + "?" + parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
  }

  /// `CENTER` for a centre argument: `ssb` → 500@0, `sun` → 500@10, a NAIF ID → 500@ID.
  public static func center(_ text: String) throws -> String {
    switch text.lowercased() {
    case "ssb": return "500@0"
    case "sun": return "500@10"
    default: return "500@\(try BodyCatalogue.majorBody(text).id)"
    }
  }

  /// States of every target on one grid from `start` to `stop` (TDB Julian dates).
  public func fetch(targets: [BodyCatalogue.Target], center: String, start: Double, stop: Double,
                    stepMinutes: Int) throws -> EphemerisDataset {
    let step = Double(stepMinutes) / 1440
    let epochs = Int(((stop - start) / step + 1e-9).rounded(.down)) + 1
    let chunks = stride(from: 0, to: epochs, by: epochsPerRequest).map { first in
      (start + Double(first) * step, start + Double(min(first + epochsPerRequest, epochs) - 1) * step)
    }
    var tables: [(EphemerisBody, HorizonsTable)] = []
    var urls: [String] = []
    for target in targets {
      var joined: HorizonsTable?
      for (k, chunk) in chunks.enumerated() {
        let url = requestURL(command: target.command, center: center, start: chunk.0, stop: chunk.1, stepMinutes: stepMinutes)
        log("request \(k + 1)/\(chunks.count) for \(target.command): \(CalendarDate.string(julianDate: chunk.0)) to \(CalendarDate.string(julianDate: chunk.1))")
        let table = try HorizonsParser.parse(try reply(url))
        urls.append(url)
        if joined == nil { joined = table } else {
          // Chunks do not overlap, but a server might repeat a boundary epoch: keep one.
          joined!.rows += table.rows.drop { $0.julianDate <= joined!.rows.last!.julianDate }
        }
      }
      let name: String
      switch target {
      case .major(_, let n): name = n
      case .smallBody(let d): name = joined?.target ?? d
      }
      let id: Int
      if case .major(let i, _) = target { id = i } else { id = Int(joined?.target?.split(separator: "(").last?.dropLast() ?? "") ?? 0 }
      tables.append((EphemerisBody(id: id, name: name), joined!))
    }
    return try HorizonsDataset.dataset(from: tables, provenance: [
      ("source", "JPL Horizons API \(apiURL)"), ("requests", urls.joined(separator: " ")),
      ("fetched", ISO8601DateFormatter().string(from: Date())),
    ])
  }

  /// The reply to `url`, from the cache when present (unless `force`), else from the server.
  func reply(_ url: String) throws -> String {
    let cached = cacheDirectory?.appendingPathComponent("horizons-\(Self.key(url)).json")
    if let cached, !force, let text = try? String(contentsOf: cached, encoding: .utf8) {
      log("  (cached \(cached.lastPathComponent))")
      return text
    }
    let body = String(decoding: try http.get(url, log: log), as: UTF8.self)
    if let cached {
      // Only replies that parse are cached, so an error is asked again next time.
      if (try? HorizonsParser.parse(body)) != nil {
        try? FileManager.default.createDirectory(at: cached.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(body.utf8).write(to: cached, options: .atomic)
      }
    }
    return body
  }

  /// A stable 64-bit FNV-1a hash of the request, in hex.
  static func key(_ url: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in url.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return String(hash, radix: 16)
  }
}

/// Parsed replies to one dataset: bodies on one time grid, accelerations by central differences.
public enum HorizonsDataset {
  public static func dataset(from tables: [(EphemerisBody, HorizonsTable)], provenance: [(key: String, value: String)]) throws -> EphemerisDataset {
    guard let grid = tables.first?.1.rows.map(\.julianDate), !grid.isEmpty else {
      throw OrbitsError.invalidArgument("the reply holds no epochs")
    }
    var positions: [Double] = [], velocities: [Double] = []
    for (e, jd) in grid.enumerated() {
      for (body, table) in tables {
        guard table.rows.count == grid.count, table.rows[e].julianDate == jd else {
          throw OrbitsError.invalidArgument("\(body.name): its epochs differ from the first body's; fetch them on one grid")
        }
        guard let v = table.rows[e].velocity else { throw HorizonsError.positionsOnly }
        positions += table.rows[e].position
        velocities += v
      }
    }
    let first = tables[0].1
    var details = provenance
    for (body, table) in tables { details.append(("target \(body.id)", table.target ?? body.name)) }
    details += [("center as Horizons named it", first.center ?? "?"), ("units as sent", first.units),
                ("api_version", first.apiVersion ?? "?")]
    let dataset = EphemerisDataset(bodies: tables.map(\.0), epochs: grid, positions: positions, velocities: velocities,
                                   accelerations: nil, frame: first.frame ?? "?", center: first.center ?? "?",
                                   timeScale: first.timeScale, provenance: details)
    return grid.count >= 3 ? try dataset.withCentralDifferenceAccelerations() : dataset
  }
}
