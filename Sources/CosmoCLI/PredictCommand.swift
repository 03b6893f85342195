import ArgumentParser
import Cosmology
import Foundation
import NN
import TensorCore

/// `cosmo predict RUN_DIR --z 0.1,0.5`: predictions of every fold's ensemble, with their spread
/// (and Monte Carlo dropout's, when the fit used dropout).
struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict", abstract: "Predict magnitudes at given redshifts (and features) with a fit's ensembles.")

  @Argument(help: "Run directory written by `cosmo fit`.") var runDirectory: String
  @Option(help: "Redshifts, comma separated.") var z: String
  @Option(help: "Values of the fit's extra inputs, as NAME=v1,v2 (repeatable), e.g. --feature x1=0,1.") var feature: [String] = []
  @Option(help: "Monte Carlo dropout samples per member (fits trained with --dropout).") var samples: Int = 100
  @Option(help: "Seed for Monte Carlo dropout.") var seed: UInt64 = 1

  func run() throws {
    let trained = try TrainedRun(URL(fileURLWithPath: runDirectory))
    let redshifts = try parse(z, "--z")
    let names = trained.configuration["features"] as? [String] ?? []
    var columns: [[Double]] = [redshifts]
    for name in names {
      guard let given = feature.first(where: { $0.hasPrefix(name + "=") }) else {
        throw ValidationError("the fit used input \(name): give --feature \(name)=v1,v2,…")
      }
      let values = try parse(String(given.dropFirst(name.count + 1)), name)
      guard values.count == redshifts.count else { throw ValidationError("\(name) needs \(redshifts.count) values, one per redshift") }
      columns.append(values)
    }
    let rows = redshifts.count
    let raw = (0..<rows).flatMap { r in columns.enumerated().map { j, c in j == 0 ? Foundation.log10(c[r]) : c[r] } }
    var members: [[Double]] = [], dropoutSamples: [[Double]] = []
    let dropout = trained.folds.first?.model.dropout ?? 0
    for fold in trained.folds {
      let s = fold.standardisation, d = columns.count
      let x = Tensor(shape: [rows, d], scalars: raw.enumerated().map { i, v in (v - s.inputMean[i % d]) / s.inputScale[i % d] })
      let out = SupernovaRegression.magnitudes(fold.model, x, s)
      members += (0..<out.shape[1]).map { out.slice(alongAxis: 1, $0..<($0 + 1)).scalars }
      if dropout > 0 {
        let context = ForwardContext(training: false, keepsDropout: true, generator: RandomGenerator(seed: seed))
        for _ in 0..<samples {
          let o = SupernovaRegression.magnitudes(fold.model, x, s, context: context)
          dropoutSamples += (0..<o.shape[1]).map { o.slice(alongAxis: 1, $0..<($0 + 1)).scalars }
        }
      }
    }
    let ensemble = EnsembleStatistics(members: members)
    let mc = dropout > 0 ? EnsembleStatistics(members: dropoutSamples) : nil
    print("z" + names.map { "  \($0)" }.joined() + "  prediction (mag)  ensemble std" + (mc == nil ? "" : "  MC-dropout mean  MC-dropout std"))
    for r in 0..<rows {
      var line = String(format: "%.5g", redshifts[r]) + columns.dropFirst().map { String(format: "  %.4g", $0[r]) }.joined()
      line += String(format: "  %.4f  %.4f", ensemble.mean[r], ensemble.standardDeviation[r])
      if let mc { line += String(format: "  %.4f  %.4f", mc.mean[r], mc.standardDeviation[r]) }
      print(line)
    }
    print("(\(members.count) members: \(trained.folds.count) folds × \(members.count / max(trained.folds.count, 1)))")
  }

  private func parse(_ text: String, _ name: String) throws -> [Double] {
    let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
      throw ValidationError("\(name) must be comma-separated numbers, got '\(text)'")
    }
    return values.map { $0! }
  }
}
