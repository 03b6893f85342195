import ArgumentParser
import Cosmology
import Foundation
import TensorCore

/// `cosmo evaluate RUN_DIR`: reloads the best checkpoints in a new process and recomputes each
/// fold's χ²/N from the data, beside the values the fit reported.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Reload a fit's best checkpoints and reproduce its validation χ²/N.")

  @Argument(help: "Run directory written by `cosmo fit`.") var runDirectory: String

  func run() throws {
    let trained = try TrainedRun(URL(fileURLWithPath: runDirectory))
    let config = trained.configuration
    let dataURL = URL(fileURLWithPath: config["data"] as! String)
    if let fitted = (trained.report["data"] as? [String: Any])?["sha256"] as? String,
       case let now = try LCDMReport.DataFile(fingerprinting: dataURL).sha256, now != fitted {
      print("note: \(dataURL.path) has changed since the fit (sha256 \(fitted.prefix(12))…, now \(now.prefix(12))…)")
    }
    let (data, _) = try RegressionData.load(
      data: dataURL, covariance: .init(argument: config["cov"] as? String ?? "auto"),
      target: config["target"] as! String, redshift: config["z"] as! String, features: config["features"] as! [String],
      zmin: config["zmin"] as! Double)
    let regression = SupernovaRegression(data: data, options: trained.options())
    let folds = try regression.folds()
    let reported = trained.report["folds"] as! [[String: Any]]
    var worst = 0.0
    print("fold  val χ²/N reported  val χ²/N reloaded")
    for (k, fold) in trained.folds.enumerated() {
      let rows = folds[k].validation.sorted()
      let block = try ChiSquareBlock(data, rows: rows)
      let mean = SupernovaRegression.magnitudes(fold.model, regression.inputs(rows, fold.standardisation), fold.standardisation)
        .mean(alongAxes: [1], keepingDimensions: true)
      let value = block.chiSquare(mean).scalar / Double(rows.count)
      let expected = reported[k]["val_chi2_per_n"] as! Double
      worst = max(worst, abs(value - expected) / expected)
      print(String(format: "%4d  %17.10f  %17.10f", k, expected, value))
    }
    print(String(format: "largest relative difference: %.2e (%@)", worst, worst < 1e-9 ? "reproduced" : "NOT reproduced"))
    if worst >= 1e-9 { throw ExitCode.failure }
  }
}
