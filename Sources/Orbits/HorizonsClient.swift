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

  public init(
    apiURL: String = HorizonsClient.defaultURL, http: HTTPClient = HTTPClient(), cacheDirectory: URL?,
    log: @escaping (String) -> Void = { _ in }
  ) {
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
    return apiURL + "?"
      + parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(
        separator: "&")
  }

  public func requestURL(_ request: HorizonsRequest) -> String {
    requestURL(
      command: request.target.command, center: request.center, start: request.firstEpoch, stop: request.lastEpoch,
      stepMinutes: request.stepMinutes)
  }

  /// `CENTER` for a centre argument: `ssb` → 500@0, `sun` → 500@10, a NAIF ID → 500@ID.
  public static func center(_ text: String) throws -> String {
    switch text.lowercased() {
    case "ssb": return "500@0"
    case "sun": return "500@10"
    default: return "500@\(try BodyCatalogue.majorBody(text).id)"
    }
  }

  /// The most epochs one fetch may ask for (all bodies share the grid): 10 million epochs are
  /// 400 requests a body.
  public static let maxEpochs = CalendarDate.maxEpochs

  /// States of every target on one grid from `start` to `stop` (TDB Julian dates), with
  /// accelerations by central differences at every epoch of the grid: the requests reach one
  /// step further at each end, for the neighbours those differences need, and the dataset is
  /// trimmed back to the grid asked for.
  public func fetch(
    targets: [BodyCatalogue.Target], center: String, start: Double, stop: Double,
    stepMinutes: Int
  ) throws -> EphemerisDataset {
    let step = Double(stepMinutes) / 1440
    let span = ((stop - start) / step + 1e-9).rounded(.down)
    guard stepMinutes >= 1, start.isFinite, span.isFinite, span >= 0, span < Double(Self.maxEpochs) else {
      throw OrbitsError.invalidArgument(
        "cannot fetch from JD \(start) to JD \(stop) every \(stepMinutes) min: "
          + "need start ≤ stop, a step of at least a minute and at most \(Self.maxEpochs) epochs")
    }
    let epochs = Int(span) + 1
    let padded = epochs + 2
    let paddedStart = start - step
    let perRequest = max(1, epochsPerRequest)
    let chunks = stride(from: 0, to: padded, by: perRequest).map { first in
      (first: paddedStart + Double(first) * step, count: min(perRequest, padded - first))
    }
    log(
      "asking from one step before \(CalendarDate.string(julianDate: start)) TDB to one after the last epoch: "
        + "central differences need a neighbour on each side")
    var tables: [(EphemerisBody, HorizonsTable)] = []
    var urls: [String] = []
    for target in targets {
      var joined: HorizonsTable?
      for (k, chunk) in chunks.enumerated() {
        let request = HorizonsRequest(
          target: target, center: center, firstEpoch: chunk.first, epochCount: chunk.count,
          stepMinutes: stepMinutes)
        log(
          "request \(k + 1)/\(chunks.count) for \(TerminalText.escaped(target.command)): "
            + "\(CalendarDate.string(julianDate: request.firstEpoch)) to \(CalendarDate.string(julianDate: request.lastEpoch))"
        )
        let table = try reply(request)
        urls.append(requestURL(request))
        if var whole = joined {
          whole.rows += table.rows  // checked: each chunk holds exactly its own epochs
          joined = whole
        } else {
          joined = table
        }
      }
      guard let joined else { throw OrbitsError.invalidArgument("no epochs to fetch") }
      let name: String
      switch target {
      case .major(_, let n): name = n
      case .smallBody(let d): name = joined.target ?? d
      }
      let id: Int
      switch target {
      case .major(let i, _): id = i
      case .smallBody(let d):
        guard let found = HorizonsTargetID.naifID(in: joined.target) ?? HorizonsTargetID.naifID(inDesignation: d) else {
          throw OrbitsError.invalidArgument(
            "Horizons names the target of '\(d)' '\(joined.target ?? "")', which carries no "
              + "NAIF or SPK ID; ask for it by SPK-ID ('DES=NUMBER;', from JPL's small-body database) to have one")
        }
        id = found
      }
      tables.append((EphemerisBody(id: id, name: name), joined))
    }
    let dataset = try HorizonsDataset.dataset(
      from: tables,
      provenance: [
        ("source", "JPL Horizons API \(apiURL)"), ("requests", urls.joined(separator: " ")),
        ("padding", "one step before the first epoch and after the last, for central differences; not kept"),
      ])
    let kept = dataset.epochs(in: (start - step / 2)..<(start + (Double(epochs) - 0.5) * step))
    guard kept.epochs.count == epochs, kept.accelerations != nil else {
      throw OrbitsError.invalidArgument(
        "the joined replies hold \(kept.epochs.count) of the \(epochs) epochs asked for")
    }
    return kept
  }

  /// The checked reply to `request`: from the cache when present and intact (unless `force`),
  /// else from the server. Only a reply that parses and answers the request is cached; a
  /// damaged cache entry is named in the log, removed and fetched again.
  func reply(_ request: HorizonsRequest) throws -> HorizonsTable {
    let url = requestURL(request)
    let cache = cacheDirectory.map { HorizonsCache(directory: $0) }
    if let cache, !force {
      do {
        if let text = try cache.read(url) {
          let table = try HorizonsParser.parse(text)
          try request.check(table)
          log("  (cached \(cache.file(for: url).lastPathComponent))")
          return table
        }
      } catch {
        var damage = HorizonsReplyError.damagedCacheEntry(file: cache.file(for: url).path, reason: "\(error)")
        if case .damagedCacheEntry? = error as? HorizonsReplyError, let error = error as? HorizonsReplyError {
          damage = error
        }
        log("\(damage); fetching it again")
        cache.remove(url)
      }
    }
    let body = String(decoding: try http.get(url, log: log), as: UTF8.self)
    let table = try HorizonsParser.parse(body)
    try request.check(table)
    if let cache {
      do { try cache.write(body, for: url) } catch { log("could not cache the reply: \(error)") }
    }
    return table
  }
}

/// Parsed replies to one dataset: bodies on one time grid, accelerations by central differences.
public enum HorizonsDataset {
  public static func dataset(from tables: [(EphemerisBody, HorizonsTable)], provenance: [(key: String, value: String)])
    throws -> EphemerisDataset
  {
    guard let grid = tables.first?.1.rows.map(\.julianDate), !grid.isEmpty else {
      throw OrbitsError.invalidArgument("the reply holds no epochs")
    }
    var positions: [Double] = []
    var velocities: [Double] = []
    for (e, jd) in grid.enumerated() {
      for (body, table) in tables {
        guard table.rows.count == grid.count, table.rows[e].julianDate == jd else {
          throw OrbitsError.invalidArgument(
            "\(body.name): its epochs differ from the first body's; fetch them on one grid")
        }
        guard let v = table.rows[e].velocity else { throw HorizonsError.positionsOnly }
        positions += table.rows[e].position
        velocities += v
      }
    }
    let first = tables[0].1
    var details = provenance
    for (body, table) in tables { details.append(("target \(body.id)", table.target ?? body.name)) }
    details += [
      ("center as Horizons named it", first.center ?? "?"), ("units as sent", first.units),
      ("api_version", first.apiVersion ?? "?"),
    ]
    let dataset = EphemerisDataset(
      bodies: tables.map(\.0), epochs: grid, positions: positions, velocities: velocities,
      accelerations: nil, frame: first.frame ?? "?", center: first.center ?? "?",
      timeScale: first.timeScale, provenance: details)
    return grid.count >= 3 ? try dataset.withCentralDifferenceAccelerations() : dataset
  }
}
