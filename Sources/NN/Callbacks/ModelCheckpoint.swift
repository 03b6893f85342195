import Foundation
import TensorCore

/// Saves checkpoints during a fit: `last.safetensors` after every epoch (what a resume reads),
/// `best.safetensors` whenever the monitored metric improves, and optionally the top k epochs
/// as `epoch-<n>.safetensors`. Every write is atomic.
public final class ModelCheckpoint: TrainingCallback {
  public let directory: URL
  /// "validation_loss", "training_loss", or a name in `EpochMetrics.extra`.
  public let monitor: String
  public let keepTopK: Int
  public let metadata: [String: String]
  public private(set) var bestValue = Double.infinity
  public private(set) var bestEpoch: Int?
  private var kept: [(value: Double, url: URL)] = []

  public init(directory: URL, monitor: String = "validation_loss", keepTopK: Int = 0, metadata: [String: String] = [:]) throws {
    self.directory = directory
    self.monitor = monitor
    self.keepTopK = keepTopK
    self.metadata = metadata
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw NNError.writeFailed(path: directory.path, reason: error.localizedDescription)
    }
  }

  public var lastURL: URL { directory.appendingPathComponent("last.safetensors") }
  public var bestURL: URL { directory.appendingPathComponent("best.safetensors") }

  public func handle(_ event: TrainingEvent, _ loop: TrainingLoop) throws {
    guard event == .validationEnd, let metrics = loop.current else { return }
    let checkpoint = Checkpoint(model: loop.model, optimizer: loop.optimizer, generator: loop.generator,
                                history: loop.history, metadata: metadata)
    try checkpoint.write(to: lastURL)
    guard let value = ModelCheckpoint.value(of: monitor, in: metrics), value.isFinite else { return }
    if value < bestValue {
      bestValue = value
      bestEpoch = metrics.epoch
      try checkpoint.write(to: bestURL)
    }
    if keepTopK > 0 && (kept.count < keepTopK || value < kept.last!.value) {
      let url = directory.appendingPathComponent("epoch-\(metrics.epoch).safetensors")
      try checkpoint.write(to: url)
      kept.append((value, url))
      kept.sort { $0.value < $1.value }
      while kept.count > keepTopK { try? FileManager.default.removeItem(at: kept.removeLast().url) }
    }
  }

  static func value(of metric: String, in metrics: EpochMetrics) -> Double? {
    switch metric {
    case "validation_loss": metrics.validationLoss
    case "training_loss": metrics.trainingLoss
    default: metrics.extra[metric]
    }
  }
}
