import ArgumentParser
import Foundation
import GNN
import NN
import Orbits
import ShippedData

/// Where the ephemeris comes from and how it is cut by time.
struct DataOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "SPK kernel to sample, a dataset file written by `orbits` (.csv), or a folder holding \(DataOptions.kernelName) (default: the shipped data).",
      discussion:
        "Without --data (or --gm), the shipped file is looked for in $GRAVITAS_DATA, then the installed share/gravitas, then the checkout's Data/, then ./Data.",
      valueName: "file-or-folder"))
  var data: String?
  @Option(help: "Bodies when sampling a kernel: names or NAIF IDs, comma separated.")
  var bodies: String = BodyCatalogue.shippedKernelBodies
  @Option(
    help: "GM values (for sampling a kernel, and the reference masses in reports; default: gm.csv in the shipped data)."
  ) var gm: String?
  @Option(help: "First epoch, TDB.") var start: String = "1980-01-02"
  @Option(help: "Last epoch, TDB.") var stop: String = "2029-12-30"
  @Option(help: "Sampling step of the kernel: a number with s, m, h or d.") var step: String = "1d"
  @Option(help: "Training epochs are before this date; validation from it.") var validateFrom: String = "2015-01-01"
  @Option(help: "Test epochs are from this date (validation before it).") var testFrom: String = "2022-01-01"

  static let kernelName = "de421_1980_2030.bsp"

  /// The options as recorded in a run's config: call on `resolved()`, whose files are named.
  var source: GravityRunConfig.DataSource {
    .init(
      data: data ?? "", bodies: bodies, gm: gm ?? "", start: start, stop: stop, step: step, validateFrom: validateFrom,
      testFrom: testFrom)
  }

  init() {}

  /// Dates in order, a finite step, at least two distinct bodies, and a grid this machine can
  /// hold: checked before the kernel is read.
  func validate() throws {
    let (start, stop, validateFrom, testFrom) = try (
      date(start, "--start"), date(stop, "--stop"),
      date(validateFrom, "--validate-from"), date(testFrom, "--test-from")
    )
    guard validateFrom < testFrom else { throw ValidationError("--validate-from must come before --test-from") }
    _ = try bodyCount()
    guard isKernel else { return }
    guard start < validateFrom, testFrom < stop else {
      throw ValidationError(
        "dates must be in order: --start < --validate-from < --test-from < --stop "
          + "(training, validation and test need an epoch each)")
    }
    let days: Double
    do { days = try CalendarDate.step(step) } catch { throw ValidationError("\(error)") }
    guard days.isFinite else { throw ValidationError("--step must be a finite time step, got '\(step)'") }
    let count = (stop - start) / days + 1
    let bodies = try bodyCount()
    // Positions, velocities, accelerations, and 10 edge features a pair, for every epoch.
    let perEpoch = MemoryEstimate.product([bodies * 9 + bodies * (bodies - 1) / 2 * 10, 8, 3]) ?? Int.max
    guard count < Double(MemoryEstimate.budget / perEpoch) else {
      throw ValidationError(
        String(
          format: "--step %@ from --start to --stop gives %.3g epochs; this machine can hold %d", step, count,
          MemoryEstimate.budget / perEpoch))
    }
  }

  /// Sampling a kernel: the shipped one (no --data, or a folder), or a named .bsp.
  var isKernel: Bool {
    guard let data else { return true }
    var isFolder: ObjCBool = false
    return URL(fileURLWithPath: data).pathExtension.lowercased() == "bsp"
      || (FileManager.default.fileExists(atPath: data, isDirectory: &isFolder) && isFolder.boolValue)
  }

  /// The data file, and the GM table (nil for a dataset file when none is named or shipped): an
  /// explicit file as given, a shipped one from --data's folder or found by `ShippedData`.
  func files() throws -> (data: URL, gm: URL?) {
    let dataURL = try ShippedData.file(Self.kernelName, fileOrFolder: data, option: "--data")
    if let gm { return (dataURL, URL(fileURLWithPath: gm)) }
    var isFolder: ObjCBool = false
    let folder = data.flatMap {
      FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue ? $0 : nil
    }
    let shipped = { try ShippedData(option: folder).file("gm.csv", fileOption: "--gm") }
    return (dataURL, isKernel ? try shipped() : try? shipped())
  }

  /// These options with --data and --gm naming the files found: what a run's config records,
  /// so that evaluate, discover and rollout read the same files from any folder.
  func resolved() throws -> DataOptions {
    let (dataURL, gmURL) = try files()
    var copy = self
    (copy.data, copy.gm) = (dataURL.path, gmURL?.path ?? "")
    return copy
  }

  /// The bodies a kernel is sampled for (each resolved, none twice, at least two); for a
  /// dataset file, 2 (its own bodies are checked when it is read).
  func bodyCount() throws -> Int {
    guard isKernel else { return 2 }
    var ids: [Int: String] = [:]
    for name in bodies.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
      let body: (id: Int, name: String)
      do { body = try BodyCatalogue.majorBody(name) } catch { throw ValidationError("--bodies: \(error)") }
      if let other = ids.updateValue(name, forKey: body.id) {
        throw ValidationError("--bodies names \(body.name) twice ('\(other)' and '\(name)')")
      }
    }
    guard ids.count >= 2 else {
      throw ValidationError(
        "--bodies needs at least two bodies (the network learns the force between pairs), got '\(bodies)'")
    }
    return ids.count
  }

  private func date(_ text: String, _ option: String) throws -> Double {
    do { return try CalendarDate.julianDate(text) } catch { throw ValidationError("\(option): \(error)") }
  }

  init(_ s: GravityRunConfig.DataSource) {
    (data, bodies, gm, start, stop, step) = (s.data, s.bodies, s.gm.isEmpty ? nil : s.gm, s.start, s.stop, s.step)
    (validateFrom, testFrom) = (s.validateFrom, s.testFrom)
  }

  /// The whole dataset with exact (kernel) or central-difference (tabulated) accelerations.
  func load() throws -> EphemerisDataset {
    let (url, gmURL) = try files()
    if isKernel {
      let spk = try SPKKernel(contentsOf: url)
      let masses = try GMTable(contentsOf: gmURL ?? url.deletingLastPathComponent().appendingPathComponent("gm.csv"))
      return try spk.dataset(
        bodies: try BodyCatalogue.majorBodies(bodies, masses: masses),
        epochs: try CalendarDate.grid(from: start, to: stop, step: step))
    }
    let dataset = try EphemerisDataset(contentsOf: url)
    return dataset.accelerations == nil ? try dataset.withCentralDifferenceAccelerations() : dataset
  }

  /// Training, validation and test blocks by date.
  func split(_ dataset: EphemerisDataset) throws -> (
    training: EphemerisDataset, validation: EphemerisDataset, test: EphemerisDataset
  ) {
    let (v, t) = (try CalendarDate.julianDate(validateFrom), try CalendarDate.julianDate(testFrom))
    guard v < t else { throw ValidationError("--validate-from must come before --test-from") }
    let (training, rest) = dataset.split(at: v)
    let (validation, test) = rest.split(at: t)
    for (part, name) in [
      (training, "training (before --validate-from)"), (validation, "validation"), (test, "test (from --test-from)"),
    ]
    where part.epochs.isEmpty {
      throw ValidationError("\(data ?? Self.kernelName) has no \(name) epochs between \(start) and \(stop)")
    }
    return (training, validation, test)
  }
}
