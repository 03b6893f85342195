import Foundation
import GNN
import NN
import Runs

/// What `gnn train` tells whoever watches it: each epoch on the `--metrics-jsonl` stream (for a
/// sweep driver), and the run's options and final metrics as TensorBoard's HParams session.
struct TrainTelemetry {
  static let metricNames = ["best_validation_loss", "best_epoch", "epochs_trained"]

  let stream: MetricsStream?
  let hparams: HParamsLogger
  let start: Date

  /// - Parameter metricsPath: `--metrics-jsonl` (a file, `-` for standard output), or nil.
  init(metricsPath: String?, run: RunDirectory, hparams: [String: JSONValue], start: Date) throws {
    stream = try metricsPath.map { try MetricsStream(destination: $0) }
    self.hparams = try HParamsLogger(
      logDirectory: run.tensorboard, hparams: hparams.mapValues(HParamsLogger.Value.init),
      metricNames: Self.metricNames)
    self.start = start
  }

  /// The stream's callback: the per-body scaled loss of each split (the loss the network trains on).
  var callbacks: [any TrainingCallback] {
    stream.map {
      [MetricsJSONLCallback(stream: $0, naming: .init(training: "train_loss", validation: "val_loss"), start: start)]
    } ?? []
  }

  /// The final metrics: HParams' session end, and the stream's last line (`"final": true`).
  func finish(_ fit: GravityFit) throws {
    let metrics: [String: Double] = [
      "best_validation_loss": fit.history.compactMap(\.validationLoss).min() ?? .nan,
      "best_epoch": Double(fit.bestEpoch ?? -1),
      "epochs_trained": Double(fit.history.count),
    ]
    try hparams.finish(metrics: metrics, step: fit.history.count)
    try stream?.write(
      [("final", .bool(true))] + metrics.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }
        + [("elapsed_s", .number((Date().timeIntervalSince(start) * 1000).rounded() / 1000))])
  }
}
