import Cosmology
import Foundation
import NN
import Runs

/// What `cosmo fit` tells whoever watches it: each epoch on the `--metrics-jsonl` stream (for a
/// sweep driver), and the run's options and final metrics as TensorBoard's HParams session.
struct FitTelemetry {
  static let metricNames = ["cv_chi2_per_n", "lcdm_cv_chi2_per_n", "train_chi2_per_n", "overfitting_folds"]

  let stream: MetricsStream?
  let hparams: HParamsLogger
  let start: Date
  /// Rows in each fold's training and validation split: the χ²/N divisors.
  let rows: [(training: Int, validation: Int)]
  let members: Int

  /// - Parameter metricsPath: `--metrics-jsonl` (a file, `-` for standard output), or nil.
  init(metricsPath: String?, run: RunDirectory, config: CosmoFitConfig, regression: SupernovaRegression, start: Date)
    throws
  {
    stream = try metricsPath.map { try MetricsStream(destination: $0) }
    hparams = try HParamsLogger(
      logDirectory: run.tensorboard, hparams: try config.jsonObject().mapValues(HParamsLogger.Value.init),
      metricNames: Self.metricNames)
    rows = try regression.folds().map { ($0.training.count, $0.validation.count) }
    members = regression.options.ensemble
    self.start = start
  }

  /// Fold k's stream callback: χ²/N of each split, the mean over the fold's members.
  func callbacks(fold k: Int) -> [any TrainingCallback] {
    guard let stream, rows.indices.contains(k) else { return [] }
    return [
      MetricsJSONLCallback(
        stream: stream, context: [("fold", .integer(k)), ("member", .string("mean of \(members)"))],
        naming: SupernovaRegression.chiSquarePerRow(trainingRows: rows[k].training, validationRows: rows[k].validation),
        start: start)
    ]
  }

  /// The final metrics: HParams' session end, and the stream's last line (`"final": true`).
  func finish(_ summary: RegressionSummary) throws {
    let trainMean = summary.folds.map(\.trainingChiSquarePerRow).reduce(0, +) / Double(max(summary.folds.count, 1))
    let metrics: [String: Double] = [
      "cv_chi2_per_n": summary.crossValidatedChiSquarePerRow,
      "lcdm_cv_chi2_per_n": summary.lambdaCDMCrossValidatedChiSquarePerRow,
      "train_chi2_per_n": trainMean,
      "overfitting_folds": Double(summary.folds.filter { $0.overfitting.onsetEpoch != nil }.count),
    ]
    try hparams.finish(metrics: metrics, step: summary.folds.map(\.history.count).max() ?? 0)
    try stream?.write(Self.finalLine(metrics, start: start))
  }

  static func finalLine(_ metrics: [String: Double], start: Date) -> [(String, MetricsStream.Value)] {
    [("final", .bool(true))] + metrics.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }
      + [("elapsed_s", .number((Date().timeIntervalSince(start) * 1000).rounded() / 1000))]
  }
}
