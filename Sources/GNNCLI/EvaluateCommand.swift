import ArgumentParser
import CommandSupport
import Foundation
import GNN
import Plot

/// `gnn evaluate RUN`: the trained network's per-body acceleration errors on the test years
/// (and the validation years), written to RUN/evaluate.json.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Per-body acceleration errors of a trained network on the held-out years.")

  @Argument(help: "Run directory written by `gnn train`.") var runDirectory: String
  @Option(help: "Where the figures go: a folder, or none (default: the run's plots folder).") var plots: String?
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let plots, plots.isEmpty { throw ValidationError("--plots must name a folder, or none for no figures; got ''") }
  }

  func run() throws {
    let trained = try TrainedRun(runDirectory)
    let test = try GravityEvaluation(model: trained.model, split: try trained.split(trained.test), name: "test")
    let validation = try GravityEvaluation(
      model: trained.model, split: try trained.split(trained.validation), name: "validation")
    let report = GravityEvaluateReport(
      test: test.report, validation: validation.report, learnedMasses: trained.learnedMasses)
    let url = trained.reportURL("evaluate.json")
    try report.write(to: url)
    let splits = [validation.report, test.report]
    try output.emit(
      table: validation.tableLines() + test.tableLines() + ["wrote \(url.path)"], csv: Self.csv(splits), json: splits)
    if plots != "none" {
      try test.plot(to: PlotWriter(directory: plots.map { URL(fileURLWithPath: $0) } ?? trained.run.plots))
    }
  }

  /// One row per split and body.
  static func csv(_ splits: [AccelerationErrorReport]) -> CSVTable {
    CSVTable(
      header: ["split", "body", "id", "median_relative_error", "p95_relative_error"],
      rows: splits.flatMap { s in
        s.bodies.map {
          [
            .text(s.split), .text($0.body), .integer($0.id), .number($0.medianRelativeError),
            .number($0.p95RelativeError),
          ]
        }
      })
  }
}
