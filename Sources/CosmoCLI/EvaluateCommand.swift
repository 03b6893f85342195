import ArgumentParser
import CommandSupport
import Cosmology
import Foundation
import TensorCore

/// `cosmo evaluate RUN_DIR`: reloads the best checkpoints in a new process and recomputes each
/// fold's χ²/N from the data, beside the values the fit reported. With another covariance (or a
/// changed table) it scores the same folds on that instead, with nothing to reproduce.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Reload a fit's best checkpoints and reproduce its validation χ²/N.")

  @Argument(help: "Run directory written by `cosmo fit`.") var runDirectory: String
  @Option(help: "The table, if it has moved since the fit (default: the fit's).") var data: String?
  @Option(help: "Covariance to score with: auto, full, diag, or a .cov/.cov.gz path (default: the fit's). Another one re-scores the folds rather than reproducing them.")
  var cov: String?
  @OptionGroup var output: OutputOptions

  /// Each fold's validation χ²/N as reported and as computed now; `reproducing` when the table and
  /// covariance are the fit's, so the two must agree.
  struct Scores {
    var reproducing: Bool
    var notes: [String]
    var folds: [(reported: Double, now: Double)]
  }

  func run() throws {
    let scores = try score()
    let report = EvaluationReport(
      run: runDirectory, reproducing: scores.reproducing, notes: scores.notes,
      folds: scores.folds.enumerated().map { .init(fold: $0, valChi2PerNReported: $1.reported, valChi2PerNNow: $1.now) })
    try output.emit(table: Self.table(report), csv: Self.csv(report), json: report)
    if report.reproducing && report.largestRelativeDifference >= 1e-9 { throw ExitCode.failure }
  }

  static func table(_ report: EvaluationReport) -> [String] {
    var lines = report.notes.map { "note: \($0)" }
    lines.append("fold  val χ²/N reported  val χ²/N " + (report.reproducing ? "reloaded" : "re-scored"))
    lines += report.folds.map { String(format: "%4d  %17.10f  %17.10f", $0.fold, $0.valChi2PerNReported, $0.valChi2PerNNow) }
    if report.reproducing {
      let worst = report.largestRelativeDifference
      lines.append(String(format: "largest relative difference: %.2e (%@)", worst, worst < 1e-9 ? "reproduced" : "NOT reproduced"))
    }
    return lines
  }

  static func csv(_ report: EvaluationReport) -> CSVTable {
    CSVTable(header: ["fold", "val_chi2_per_n_reported", "val_chi2_per_n_now"],
             rows: report.folds.map { [.integer($0.fold), .number($0.valChi2PerNReported), .number($0.valChi2PerNNow)] })
  }

  func score() throws -> Scores {
    let trained = try TrainedRun(URL(fileURLWithPath: runDirectory))
    let config = trained.configuration
    let dataURL = URL(fileURLWithPath: data ?? config.data)
    var scores = Scores(reproducing: true, notes: [], folds: [])
    let fitted = trained.report.data.sha256, now = try LCDMReport.DataFile(fingerprinting: dataURL).sha256
    if now != fitted {
      scores.notes.append("\(dataURL.path) is not the table the fit used (sha256 \(fitted.prefix(12))…, now \(now.prefix(12))…)")
      scores.reproducing = false
    }
    let (data, _) = try RegressionData.load(
      data: dataURL, covariance: .init(argument: cov ?? config.cov),
      target: config.target, redshift: config.z, features: config.features, zmin: config.zmin)
    let fittedCovariance = trained.report.covariance
    if fittedCovariance.kind != data.covariance.kind.rawValue || fittedCovariance.sha256 != data.covariance.sha256 {
      let described = { (kind: String?, path: String?) in (kind ?? "?") + (path.map { " (\($0))" } ?? "") }
      scores.notes.append("scoring with the \(described(data.covariance.kind.rawValue, data.covariance.path)) covariance where the fit used "
                          + "the \(described(fittedCovariance.kind, fittedCovariance.path)) one: re-scored, not reproduced")
      scores.reproducing = false
    }
    let regression = SupernovaRegression(data: data, options: trained.options())
    let folds = try regression.folds()
    for (k, fold) in trained.folds.enumerated() {
      let rows = folds[k].validation.sorted()
      let block = try ChiSquareBlock(data, rows: rows)
      let mean = SupernovaRegression.magnitudes(fold.model, regression.inputs(rows, fold.standardisation), fold.standardisation)
        .mean(alongAxes: [1], keepingDimensions: true)
      scores.folds.append((trained.report.folds[k].valChi2PerN, block.chiSquare(mean).scalar / Double(rows.count)))
    }
    return scores
  }
}
