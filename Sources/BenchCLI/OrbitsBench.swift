import ArgumentParser
import Foundation
import Orbits
import ShippedData

/// Sampling the 11 default bodies over 30 years at 2-hour cadence (~1.4 M states) from the kernel.
struct OrbitsSampleBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orbits-sample", abstract: "States per second sampling the DE421 kernel (11 bodies, 30 years, 2 h).")

  @Option(help: "SPK kernel (default: the shipped DE421 excerpt).") var kernel: String?
  @Option(help: "Years sampled from 1990-01-01.") var years: Double = 30

  func run() throws {
    let spk = try SPKKernel(
      contentsOf: kernel.map { URL(fileURLWithPath: $0) }
        ?? ShippedData().file("de421_1980_2030.bsp", fileOption: "--kernel"))
    let ids = [10, 199, 299, 399, 301, 4, 5, 6, 7, 8, 9]
    let start = try CalendarDate.julianDate("1990-01-01")
    let grid = try CalendarDate.grid(from: start, to: start + 365.25 * years, step: 1.0 / 12)
    let bodies = ids.map { EphemerisBody(id: $0, name: "\($0)") }
    var states = 0
    let t = Measurement.of(repeats: 3) { states = (try? spk.dataset(bodies: bodies, epochs: grid))?.epochs.count ?? 0 }
    emit([
      "bench": "orbits-sample", "bodies": ids.count, "epochs": states, "states": states * ids.count,
      "seconds": t.best, "states_per_second": Double(states * ids.count) / t.best,
    ])
  }
}

/// Parsing a 100,000-epoch Horizons vectors reply (labels on, table 2, the real row layout).
struct HorizonsParseBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "horizons-parse", abstract: "Seconds to parse a 100,000-row Horizons reply.")

  @Option(help: "Epochs in the reply.") var rows: Int = 100_000

  func run() throws {
    var text =
      "Output units    : KM-S\nOutput format   : 2 (position and velocity)\nReference frame : ICRF\n*****\n$$SOE\n"
    for k in 0..<rows {
      text += "\(2_451_545 + Double(k) / 24) = A.D. 2000-Jan-01 00:00:00.0000 TDB \n"
      text += " X = 1.407576668551506E+08 Y =-5.460807404900707E+07 Z = 1.970110800258815E+03\n"
      text += " VX= 1.028214858494974E+01 VY= 2.766822650832448E+01 VZ=-3.464561280672740E-04\n"
    }
    text += "$$EOE\n"
    var parsed = 0
    let t = Measurement.of(repeats: 3) { parsed = (try? HorizonsParser.parse(text))?.rows.count ?? 0 }
    emit(["bench": "horizons-parse", "rows": parsed, "bytes": text.utf8.count, "seconds": t.best])
  }
}
