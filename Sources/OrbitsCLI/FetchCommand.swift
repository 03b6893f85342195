import ArgumentParser
import Foundation
import HTTP
import Orbits

/// `orbits fetch`: state vectors from the JPL Horizons API into a dataset file.
struct FetchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fetch", abstract: "Fetch barycentric state vectors from JPL Horizons into a dataset file.")

  // `.unconditional`: a value may start with '-' (spacecraft IDs such as -82 are negative).
  @Option(
    parsing: .unconditional,
    help: "Bodies: names (see `orbits list`), NAIF IDs or small-body designations ending in ';', comma separated.")
  var body: String
  @Option(parsing: .unconditional, help: "Centre: ssb, sun or a NAIF ID.") var center: String = "ssb"
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "First epoch: YYYY-MM-DD[THH:MM[:SS.fff]] or JD NUMBER, then UTC, TT or TDB (none: TDB).",
      discussion: EpochHelp.discussion))
  var start: String = "2000-01-01 TDB"
  @Option(parsing: .unconditional, help: "Last epoch, as --start.") var stop: String = "2000-02-01 TDB"
  @Option(parsing: .unconditional, help: "Step: a whole number of minutes, in m, h or d (30m, 2h, 1d).") var step:
    String = "2h"
  @Option(help: "Output folder.") var out: String = "runs/orbits"
  @Option(
    help:
      "Table format: ecsv (astropy's, with units and bodies; what gnn reads) or csv (one header line: np.genfromtxt).")
  var format: OrbitTableFormat = .ecsv
  @Option(help: "Horizons API URL (a mirror, or a local test server); http or https.") var apiURL: String =
    HorizonsClient.defaultURL
  @Option(
    help: ArgumentHelp(
      "Cache folder for replies (default: OUT/.cache/horizons; name one to share it between output folders).",
      valueName: "folder"))
  var cache: String?
  @Option(parsing: .unconditional, help: "Give up on a request after this many seconds, retries included.") var timeout:
    Double = 300
  @Flag(help: "Ignore cached replies.") var force = false

  func validate() throws {
    _ = try options()
    if out.isEmpty { throw ValidationError("--out must name a folder, got ''") }
    if cache?.isEmpty == true { throw ValidationError("--cache must name a folder, got ''") }
    let scheme = apiURL.range(of: "://").map { apiURL[..<$0.lowerBound].lowercased() }
    guard scheme == "http" || scheme == "https" else {
      throw ValidationError("--api-url must be an http:// or https:// URL, not '\(TerminalText.escaped(apiURL))'")
    }
    guard timeout.isFinite, timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
  }

  /// The checked options: targets, centre, grid. Each error names its option.
  func options() throws -> (targets: [BodyCatalogue.Target], center: String, start: Epoch, stop: Epoch, minutes: Int) {
    func checked<T>(_ option: String, _ make: () throws -> T) throws -> T {
      do { return try make() } catch { throw ValidationError("\(option): \(TerminalText.escaped("\(error)"))") }
    }
    let targets = try checked("--body") {
      try body.split(separator: ",", omittingEmptySubsequences: false).map { try BodyCatalogue.resolve(String($0)) }
    }
    let commands = targets.map(\.command)
    guard Set(commands).count == commands.count else {
      throw ValidationError("--body: \(TerminalText.escaped(body)) names a body twice")
    }
    let centre = try checked("--center") { try HorizonsClient.center(center) }
    let first = try EpochHelp.epoch(start, option: "--start")
    let last = try EpochHelp.epoch(stop, option: "--stop")
    guard last.julianDate > first.julianDate else {
      throw ValidationError("--stop \(stop) must come after --start \(start)")
    }
    let days = try checked("--step") { try CalendarDate.step(step) }
    let minutes = days * 1440
    guard minutes >= 1, abs(minutes - minutes.rounded()) < 1e-9 else {
      throw ValidationError("--step: Horizons takes a whole number of minutes, not \(step)")
    }
    _ = try checked("--start/--stop/--step") {
      try CalendarDate.epochCount(from: first.julianDate, to: last.julianDate, step: days)
    }
    return (targets, centre, first, last, Int(minutes.rounded()))
  }

  /// The reply cache: --cache, or one inside --out, so that a command told where to write
  /// writes nowhere else.
  var cacheFolder: URL {
    cache.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: out).appendingPathComponent(".cache/horizons")
  }

  func run() throws {
    let (targets, centre, first, last, minutes) = try options()
    EpochHelp.report([("--start", first), ("--stop", last)])
    var client = HorizonsClient(apiURL: apiURL, cacheDirectory: cacheFolder) {
      FileHandle.standardError.write(Data((TerminalText.escaped($0) + "\n").utf8))
    }
    client.force = force
    client.http.deadline = timeout
    client.http.timeout = min(client.http.timeout, timeout)
    var dataset: EphemerisDataset
    do {
      dataset = try client.fetch(
        targets: targets, center: centre, start: first.julianDate, stop: last.julianDate, stepMinutes: minutes)
    } catch let error as HTTPError {
      throw FetchFailure(error: error, cache: cacheFolder.path)
    }
    let url = URL(fileURLWithPath: out).appendingPathComponent(Self.fileName(for: targets))
    dataset.provenance.append(("grid", "\(first.summary) to \(last.summary) every \(minutes) min"))
    try dataset.write(to: url, format: format)
    print(
      "wrote \(TerminalText.escaped(url.path)): \(dataset.epochs.count) epochs × \(dataset.bodies.count) bodies from "
        + "\(first.tdbText) every \(minutes) min (jd_tdb: TDB Julian dates; accelerations by central differences)")
  }

  /// `horizons-499_10.csv`: one file-name component whatever the designations hold.
  static func fileName(for targets: [BodyCatalogue.Target]) -> String {
    let name = targets.map { $0.command.hasSuffix(";") ? String($0.command.dropLast()) : $0.command }.joined(
      separator: "_")
    return "horizons-\(SafeFileName.component(name)).csv"
  }
}
