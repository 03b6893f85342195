import ArgumentParser
import Foundation
import GNN
import Orbits

/// Where the ephemeris comes from and how it is cut by time.
struct DataOptions: ParsableArguments {
  @Option(help: "SPK kernel to sample (default data), or a dataset file written by `orbits` (.csv).")
  var data: String = "Data/de421_1980_2030.bsp"
  @Option(help: "Bodies when sampling a kernel: names or NAIF IDs, comma separated.")
  var bodies: String = BodyCatalogue.shippedKernelBodies
  @Option(help: "GM values (for sampling a kernel, and the reference masses in reports).") var gm: String = "Data/gm.csv"
  @Option(help: "First epoch, TDB.") var start: String = "1980-01-02"
  @Option(help: "Last epoch, TDB.") var stop: String = "2029-12-30"
  @Option(help: "Sampling step of the kernel: a number with s, m, h or d.") var step: String = "1d"
  @Option(help: "Training epochs are before this date; validation from it.") var validateFrom: String = "2015-01-01"
  @Option(help: "Test epochs are from this date (validation before it).") var testFrom: String = "2022-01-01"

  var source: GravityRunConfig.DataSource {
    .init(data: data, bodies: bodies, gm: gm, start: start, stop: stop, step: step, validateFrom: validateFrom, testFrom: testFrom)
  }

  init() {}

  init(_ s: GravityRunConfig.DataSource) {
    (data, bodies, gm, start, stop, step) = (s.data, s.bodies, s.gm, s.start, s.stop, s.step)
    (validateFrom, testFrom) = (s.validateFrom, s.testFrom)
  }

  /// The whole dataset with exact (kernel) or central-difference (tabulated) accelerations.
  func load() throws -> EphemerisDataset {
    let url = URL(fileURLWithPath: data)
    if url.pathExtension.lowercased() == "bsp" {
      let spk = try SPKKernel(contentsOf: url)
      let masses = try GMTable(contentsOf: URL(fileURLWithPath: gm))
      return try spk.dataset(bodies: try BodyCatalogue.majorBodies(bodies, masses: masses),
                             epochs: try CalendarDate.grid(from: start, to: stop, step: step))
    }
    let dataset = try EphemerisDataset(contentsOf: url)
    return dataset.accelerations == nil ? try dataset.withCentralDifferenceAccelerations() : dataset
  }

  /// Training, validation and test blocks by date.
  func split(_ dataset: EphemerisDataset) throws -> (training: EphemerisDataset, validation: EphemerisDataset, test: EphemerisDataset) {
    let (v, t) = (try CalendarDate.julianDate(validateFrom), try CalendarDate.julianDate(testFrom))
    guard v < t else { throw ValidationError("--validate-from must come before --test-from") }
    let (training, rest) = dataset.split(at: v)
    let (validation, test) = rest.split(at: t)
    return (training, validation, test)
  }
}
