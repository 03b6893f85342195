import Foundation
import TensorCore

/// Saves checkpoints during a fit: `last.safetensors` every `every` epochs and at the end (what a
/// resume reads), `best.safetensors` for the epoch where the monitored metric was lowest (held in
/// memory, written at the same moments), and optionally the top k epochs as
/// `epoch-<n>.safetensors`. Every write is atomic.
public final class ModelCheckpoint: TrainingCallback {
  public let directory: URL
  /// "validation_loss", "training_loss", or a name in `EpochMetrics.extra`.
  public let monitor: String
  public let keepTopK: Int
  public let metadata: [String: String]
  /// Write `last` and a new `best` every this many epochs (1: every epoch).
  public let every: Int
  public private(set) var bestValue = Double.infinity
  private var pendingBest: Checkpoint?
  public private(set) var bestEpoch: Int?
  private var kept: [(value: Double, url: URL)] = []

  public init(directory: URL, monitor: String = "validation_loss", keepTopK: Int = 0, every: Int = 1,
              metadata: [String: String] = [:]) throws {
    precondition(every >= 1, "ModelCheckpoint: every must be ≥ 1")
    self.every = every
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

  /// Continues a resumed fit's record of the best value so far.
  public func resume(bestValue: Double, bestEpoch: Int?) {
    self.bestValue = bestValue
    self.bestEpoch = bestEpoch
  }

  /// Where an interrupted fit of `model` picks up: the state in `last.safetensors` (nil when
  /// there is none), with `stopping` given back its history and the best weights so far and
  /// this saver its best value.
  public func resumeState(for model: any Layer, stopping: EarlyStoppingCallback) throws -> ResumeState? {
    guard FileManager.default.fileExists(atPath: lastURL.path) else { return nil }
    let state = try Checkpoint.read(from: lastURL).resumeState(for: model)
    let best = FileManager.default.fileExists(atPath: bestURL.path)
      ? try Checkpoint.read(from: bestURL).resumeState(for: model).parameters : nil
    stopping.resume(history: state.history, bestParameters: best)
    resume(bestValue: stopping.bestValue, bestEpoch: stopping.bestEpoch)
    return state
  }

  public var lastURL: URL { directory.appendingPathComponent("last.safetensors") }
  public var bestURL: URL { directory.appendingPathComponent("best.safetensors") }

  public func handle(_ event: TrainingEvent, _ loop: TrainingLoop) throws {
    if event == .fitEnd, loop.current != nil {
      try save(loop)
      return
    }
    guard event == .validationEnd, let metrics = loop.current else { return }
    let isDue = (metrics.epoch + 1) % every == 0
    let value = ModelCheckpoint.value(of: monitor, in: metrics) ?? .nan
    let improved = value.isFinite && value < bestValue
    let entersTopK = value.isFinite && keepTopK > 0 && (kept.count < keepTopK || value < kept.last!.value)
    guard improved || isDue || entersTopK else { return }
    // The optimizer and generator state are only needed to resume, but cheap to keep.
    let checkpoint = Checkpoint(model: loop.model, optimizer: loop.optimizer, generator: loop.generator,
                                history: loop.history, metadata: metadata)
    if improved {
      bestValue = value
      bestEpoch = metrics.epoch
      pendingBest = checkpoint
    }
    if isDue { try save(loop, checkpoint) }
    if entersTopK {
      let url = directory.appendingPathComponent("epoch-\(metrics.epoch).safetensors")
      try checkpoint.write(to: url)
      kept.append((value, url))
      kept.sort { $0.value < $1.value }
      while kept.count > keepTopK { try? FileManager.default.removeItem(at: kept.removeLast().url) }
    }
  }

  /// Writes `last` (the loop as it is) and the best seen so far.
  private func save(_ loop: TrainingLoop, _ made: Checkpoint? = nil) throws {
    let checkpoint = made ?? Checkpoint(model: loop.model, optimizer: loop.optimizer, generator: loop.generator,
                                        history: loop.history, metadata: metadata)
    try checkpoint.write(to: lastURL)
    if let best = pendingBest {
      try best.write(to: bestURL)
      pendingBest = nil
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
