import ArgumentParser
import Foundation
import Orbits

/// Sampling the 11 default bodies over 30 years at 2-hour cadence (~1.4 M states) from the kernel.
struct OrbitsSampleBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orbits-sample", abstract: "States per second sampling the DE421 kernel (11 bodies, 30 years, 2 h).")

  @Option(help: "SPK kernel.") var kernel: String = "Data/de421_1980_2030.bsp"
  @Option(help: "Years sampled from 1990-01-01.") var years: Double = 30

  func run() throws {
    let spk = try SPKKernel(contentsOf: URL(fileURLWithPath: kernel))
    let ids = [10, 199, 299, 399, 301, 4, 5, 6, 7, 8, 9]
    let start = try CalendarDate.julianDate("1990-01-01")
    let grid = try CalendarDate.grid(from: start, to: start + 365.25 * years, step: 1.0 / 12)
    let bodies = ids.map { EphemerisBody(id: $0, name: "\($0)") }
    var states = 0
    let t = Measurement.of(repeats: 3) { states = (try? spk.dataset(bodies: bodies, epochs: grid))?.epochs.count ?? 0 }
    emit(["bench": "orbits-sample", "bodies": ids.count, "epochs": states, "states": states * ids.count,
          "seconds": t.best, "states_per_second": Double(states * ids.count) / t.best])
  }
}
