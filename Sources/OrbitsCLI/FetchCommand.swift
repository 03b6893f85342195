import ArgumentParser
import Foundation
import HTTP
import Orbits

/// `orbits fetch`: state vectors from the JPL Horizons API into a dataset file.
struct FetchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fetch", abstract: "Fetch barycentric state vectors from JPL Horizons into a dataset file.")

  @Option(help: "Bodies: names (see `orbits list`), NAIF IDs or small-body designations ending in ';', comma separated.")
  var body: String
  @Option(help: "Centre: ssb, sun or a NAIF ID.") var center: String = "ssb"
  @Option(help: "First epoch, TDB.") var start: String = "2000-01-01"
  @Option(help: "Last epoch, TDB.") var stop: String = "2000-02-01"
  @Option(help: "Step: minutes, hours or days (30m, 2h, 1d).") var step: String = "2h"
  @Option(help: "Output folder.") var out: String = "runs/orbits"
  @Option(help: "Dataset format (csv).") var format: String = "csv"
  @Option(help: "Horizons API URL (a mirror, or a local test server).") var apiURL: String = HorizonsClient.defaultURL
  @Option(help: "Cache folder for replies.") var cache: String = ".cache/horizons"
  @Flag(help: "Ignore cached replies.") var force = false

  func validate() throws {
    guard format == "csv" else { throw ValidationError("--format: only csv is written") }
  }

  func run() throws {
    let targets = try body.split(separator: ",").map { try BodyCatalogue.resolve(String($0)) }
    let minutes = Int((try CalendarDate.step(step) * 1440).rounded())
    guard minutes >= 1 else { throw ValidationError("--step must be at least one minute") }
    var client = HorizonsClient(apiURL: apiURL, cacheDirectory: URL(fileURLWithPath: cache)) {
      FileHandle.standardError.write(Data(($0 + "\n").utf8))
    }
    client.force = force
    let dataset = try client.fetch(targets: targets, center: try HorizonsClient.center(center),
                                   start: try CalendarDate.julianDate(start), stop: try CalendarDate.julianDate(stop),
                                   stepMinutes: minutes)
    let name = targets.map(\.command).joined(separator: "_").replacingOccurrences(of: ";", with: "")
    let url = URL(fileURLWithPath: out).appendingPathComponent("horizons-\(name).csv")
    try dataset.write(to: url)
    print("wrote \(url.path): \(dataset.epochs.count) epochs × \(dataset.bodies.count) bodies (accelerations by central differences)")
  }
}
