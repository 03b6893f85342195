import ArgumentParser
import Foundation
import HTTP
import Orbits
import Plot
import ShippedData

/// `orbits sample`: barycentric states of chosen bodies from an SPK kernel, on a regular grid.
struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Sample positions, velocities and exact accelerations from an SPK kernel into a dataset file.")

  @Option(
    help: ArgumentHelp(
      "Folder of the shipped data (default: $GRAVITAS_DATA, then the installed share/gravitas, then the checkout's Data/, then ./Data).",
      valueName: "folder"))
  var data: String?
  @Option(help: "SPK kernel (default: \(SampleCommand.kernelName) in the shipped data).") var kernel: String?
  @Option(parsing: .unconditional, help: "Bodies: names or NAIF IDs, comma separated.")
  var bodies: String = BodyCatalogue.shippedKernelBodies
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "First epoch: YYYY-MM-DD[THH:MM[:SS.fff]] or JD NUMBER, then UTC, TT or TDB (none: TDB).",
      discussion: EpochHelp.discussion))
  var start: String = "2000-01-01 TDB"
  @Option(parsing: .unconditional, help: "Last epoch, as --start.") var stop: String = "2001-01-01 TDB"
  @Option(parsing: .unconditional, help: "Step: a number with s, m, h or d.") var step: String = "2h"
  @Option(help: "GM values (body_id,name,gm_km3_s2,…; default: gm.csv in the shipped data).") var gm: String?
  @Option(help: "Output dataset file.") var out: String = "runs/orbits/sample.csv"
  @Option(
    help:
      "Table format: ecsv (astropy's, with units and bodies; what gnn reads) or csv (one header line: np.genfromtxt).")
  var format: OrbitTableFormat = .ecsv
  @Option(
    help: ArgumentHelp(
      "Also draw the orbits here (projected on the equatorial plane), or none (default: plots beside --out).",
      valueName: "folder"))
  var plots: String?

  static let kernelName = "de421_1980_2030.bsp"

  func validate() throws {
    _ = try span()
    for (option, value) in [("--data", data), ("--kernel", kernel), ("--gm", gm)] where value?.isEmpty == true {
      throw ValidationError("\(option) must name a \(option == "--data" ? "folder" : "file")")
    }
    if out.isEmpty { throw ValidationError("--out must name a file") }
    if plots?.isEmpty == true { throw ValidationError("--plots must name a folder, or none for no figure; got ''") }
  }

  /// Where the figure goes: --plots, or a `plots` folder beside --out, so that a command told
  /// where to write writes nowhere else; nil for none.
  var plotsFolder: URL? {
    switch plots {
    case "none"?: return nil
    case let folder?: return URL(fileURLWithPath: folder)
    case nil: return URL(fileURLWithPath: out).deletingLastPathComponent().appendingPathComponent("plots")
    }
  }

  /// An explicit file option wins; otherwise the shipped file, searched for once.
  private func file(_ explicit: String?, _ name: String, option: String) throws -> URL {
    if let explicit { return URL(fileURLWithPath: explicit) }
    return try ShippedData(option: data).file(name, fileOption: option)
  }

  /// The checked epochs and step (days), the grid's size checked too.
  func span() throws -> (first: Epoch, last: Epoch, step: Double) {
    let first = try EpochHelp.epoch(start, option: "--start")
    let last = try EpochHelp.epoch(stop, option: "--stop")
    do {
      let days = try CalendarDate.step(step)
      _ = try CalendarDate.epochCount(from: first.julianDate, to: last.julianDate, step: days)
      return (first, last, days)
    } catch {
      throw ValidationError("--start/--stop/--step: \(TerminalText.escaped("\(error)"))")
    }
  }

  func run() throws {
    let kernelURL = try file(kernel, Self.kernelName, option: "--kernel")
    let spk = try SPKKernel(contentsOf: kernelURL)
    let masses = try GMTable(contentsOf: try file(gm, "gm.csv", option: "--gm"))
    let chosen = try BodyCatalogue.majorBodies(bodies, masses: masses)
    let (first, last, days) = try span()
    let grid = try CalendarDate.grid(from: first.julianDate, to: last.julianDate, step: days)
    EpochHelp.report([("--start", first), ("--stop", last)])
    FileHandle.standardError.write(
      Data("sampling \(chosen.count) bodies × \(grid.count) epochs from \(spk.file.lastPathComponent)\n".utf8))
    var dataset = try spk.dataset(bodies: chosen, epochs: grid)
    dataset.provenance += [
      ("kernel", kernel ?? kernelURL.path), ("grid", "\(first.summary) to \(last.summary) every \(step)"),
    ]
    let url = URL(fileURLWithPath: out)
    try dataset.write(to: url, format: format)
    print(
      "wrote \(url.path): \(grid.count) epochs × \(chosen.count) bodies, \(first.tdbText) to "
        + "\(CalendarDate.string(julianDate: grid.last ?? first.julianDate)) TDB every \(step) (jd_tdb: TDB Julian dates)"
    )
    if let folder = plotsFolder {
      let output = try OrbitPlot.write(dataset, directory: folder, name: "orbits")
      print("wrote \(output.dataFile.path)")
    }
  }
}

extension OrbitTableFormat: ExpressibleByArgument {}
