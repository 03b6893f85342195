import ArgumentParser
import Foundation
import HTTP
import Orbits

/// `orbits parse FILE`: a saved Horizons reply (JSON or text) to the dataset format.
struct ParseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse", abstract: "Convert a saved Horizons vectors reply (JSON or text) to a dataset file.")

  @Argument(help: "The saved reply.") var file: String
  @Option(parsing: .unconditional, help: "NAIF ID of the target (default: read from the reply).") var id: Int?
  @Option(help: "Output dataset file (default: FILE with .csv).") var out: String?

  func run() throws {
    let url = URL(fileURLWithPath: file)
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw OrbitsError.unreadable(file: file, reason: error.localizedDescription)
    }
    let table = try HorizonsParser.parse(text)
    // The dataset's epochs are TDB Julian dates (column jd_tdb): a reply in another scale is refused, not relabelled.
    guard table.timeScale == "TDB" else {
      throw OrbitsError.invalidArgument(
        "\(file): the reply's epochs are in \(table.timeScale), not TDB; ask Horizons for TDB "
          + "(TIME_TYPE='TDB', its default for vectors)")
    }
    let body = EphemerisBody(
      id: try Self.bodyID(given: id, target: table.target, file: file),
      name: table.target ?? url.lastPathComponent)
    let dataset = try HorizonsDataset.dataset(
      from: [(body, table)], provenance: [("source", "saved Horizons reply \(url.lastPathComponent)")])
    let destination = URL(fileURLWithPath: out ?? url.deletingPathExtension().appendingPathExtension("csv").path)
    try dataset.write(to: destination)
    print(
      TerminalText.escaped(
        "wrote \(destination.path): \(dataset.epochs.count) epochs of \(body.name), ID \(body.id), TDB "
          + "(\(table.units) converted to km, km/s)"))
  }

  /// `--id` when given, else the ID the reply names its target with (`Mars (499)` → 499,
  /// `1 Ceres (A801 AA)` → 20000001); a reply that names none needs `--id`, never a guess.
  static func bodyID(given: Int?, target: String?, file: String) throws -> Int {
    if let given { return given }
    if let found = HorizonsTargetID.naifID(in: target) { return found }
    let what = target.map { "names its target '\($0)' without a NAIF or SPK ID" } ?? "has no 'Target body name' line"
    throw OrbitsError.invalidArgument("\(file): the reply \(what); give the target's ID with --id")
  }
}
