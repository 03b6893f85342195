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
  @Option(
    help:
      "Covariance to score with: auto, full, diag, or a .cov/.cov.gz path (default: the fit's). Another one re-scores the folds rather than reproducing them."
  )
  var cov: String?
  @OptionGroup var output: OutputOptions

  func run() throws {
    let report = try score()
    try output.emit(table: Self.table(report), csv: Self.csv(report), json: report)
    if report.reproducing && report.largestRelativeDifference >= 1e-9 { throw ExitCode.failure }
  }

  static func table(_ report: EvaluationReport) -> [String] {
    var lines = report.notes.map { "note: \($0)" }
    lines.append("fold  val χ²/N reported  val χ²/N " + (report.reproducing ? "reloaded" : "re-scored"))
    lines += report.folds.map {
      String(format: "%4d  %17.10f  %17.10f", $0.fold, $0.valChi2PerNReported, $0.valChi2PerNNow)
    }
    if report.reproducing {
      let worst = report.largestRelativeDifference
      lines.append(
        String(format: "largest relative difference: %.2e (%@)", worst, worst < 1e-9 ? "reproduced" : "NOT reproduced"))
    }
    return lines
  }

  static func csv(_ report: EvaluationReport) -> CSVTable {
    CSVTable(
      header: ["fold", "val_chi2_per_n_reported", "val_chi2_per_n_now"],
      rows: report.folds.map { [.integer($0.fold), .number($0.valChi2PerNReported), .number($0.valChi2PerNNow)] })
  }

  /// The folds scored by the library (`TrainedRun.evaluation`).
  func score() throws -> EvaluationReport {
    try TrainedRun(URL(fileURLWithPath: runDirectory))
      .evaluation(data: data.map { URL(fileURLWithPath: $0) }, covariance: cov, name: runDirectory)
  }
}
