import Foundation
import NN
import TensorCore

/// Saves checkpoints during a fit: `last.safetensors` every `every` epochs and at the end (what a
/// resume reads), `best.safetensors` for the epoch where the monitored metric was lowest (held in
/// memory, written at the same moments), and optionally the top k epochs as
/// `epoch-<n>.safetensors`. Every write is atomic and fsynced.
///
/// Crash consistency: `best` is written before `last`, and both record the best epoch
/// (`best_epoch`). A kill at any moment therefore leaves a `best` as new as the one `last`
/// knows, or newer (killed between the two writes: the resumed fit replays those epochs and
/// writes the same `best` again); a `best` older than `last`'s is refused on resume, never
/// silently paired with it.
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
  /// Called before each file is written; tests throw from it to simulate a kill at that point.
  var beforeWrite: ((URL) throws -> Void)?

  public init(
    directory: URL, monitor: String = "validation_loss", keepTopK: Int = 0, every: Int = 1,
    metadata: [String: String] = [:]
  ) throws {
    precondition(every >= 1, "ModelCheckpoint: every must be ≥ 1")
    self.every = every
    self.directory = directory
    self.monitor = monitor
    self.keepTopK = keepTopK
    self.metadata = metadata
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw RunsError.writeFailed(path: directory.path, reason: error.localizedDescription)
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
  /// - Throws: `RunsError.cannotResume` when `best.safetensors` is missing or older than the best
  ///   epoch `last` records (files from different moments of the fit).
  public func resumeState(for model: some Layer, stopping: EarlyStoppingCallback) throws -> ResumeState? {
    guard FileManager.default.fileExists(atPath: lastURL.path) else { return nil }
    let last = try Checkpoint.read(from: lastURL)
    let state = try last.resumeState(for: model)
    stopping.resume(history: state.history, bestParameters: nil)
    let recordedBest = last.metadata["best_epoch"].flatMap { Int($0) } ?? stopping.bestEpoch
    var bestParameters: [Tensor]?
    if let recordedBest {
      guard FileManager.default.fileExists(atPath: bestURL.path) else {
        throw RunsError.cannotResume(
          path: bestURL.path, reason: "missing, but \(lastURL.lastPathComponent) has its best at epoch \(recordedBest)")
      }
      let best = try Checkpoint.read(from: bestURL)
      let bestEpoch = Self.bestEpoch(of: best)
      if bestEpoch == recordedBest {
        bestParameters = try best.resumeState(for: model).parameters
      } else if let bestEpoch, bestEpoch > recordedBest {
        // Killed between writing `best` and `last`: the replayed epochs reach it again.
        bestParameters = nil
      } else {
        throw RunsError.cannotResume(
          path: bestURL.path,
          reason: "holds epoch \(bestEpoch.map(String.init) ?? "?") but "
            + "\(lastURL.lastPathComponent) has its best at epoch \(recordedBest) (files from different moments of the fit)"
        )
      }
    }
    stopping.restoreBestParameters(bestParameters)
    resume(bestValue: stopping.bestValue, bestEpoch: stopping.bestEpoch)
    return state
  }

  /// The epoch a `best` checkpoint holds: recorded as `best_epoch`, else its history's last.
  static func bestEpoch(of checkpoint: Checkpoint) -> Int? {
    checkpoint.metadata["best_epoch"].flatMap { Int($0) }
      ?? (checkpoint.history.isEmpty ? nil : checkpoint.history.count - 1)
  }

  public var lastURL: URL { directory.appendingPathComponent("last.safetensors") }
  public var bestURL: URL { directory.appendingPathComponent("best.safetensors") }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
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
    if improved {
      bestValue = value
      bestEpoch = metrics.epoch
    }
    // The optimizer and generator state are only needed to resume, but cheap to keep.
    let checkpoint = snapshot(loop)
    if improved { pendingBest = checkpoint }
    if isDue { try save(loop, checkpoint) }
    if entersTopK {
      let url = directory.appendingPathComponent("epoch-\(metrics.epoch).safetensors")
      try write(checkpoint, to: url)
      kept.append((value, url))
      kept.sort { $0.value < $1.value }
      while kept.count > keepTopK { try? FileManager.default.removeItem(at: kept.removeLast().url) }
    }
  }

  /// Writes the best seen so far, then `last` (the loop as it is): never a `last` whose best
  /// epoch is not yet on disk.
  private func save<Model: Layer>(_ loop: TrainingLoop<Model>, _ made: Checkpoint? = nil) throws {
    let checkpoint = made ?? snapshot(loop)
    if let best = pendingBest {
      try write(best, to: bestURL)
      pendingBest = nil
    }
    try write(checkpoint, to: lastURL)
  }

  private func write(_ checkpoint: Checkpoint, to url: URL) throws {
    try beforeWrite?(url)
    try checkpoint.write(to: url)
  }

  /// The loop's state, with the best epoch so far recorded beside it.
  private func snapshot<Model: Layer>(_ loop: TrainingLoop<Model>) -> Checkpoint {
    var metadata = metadata
    if let bestEpoch { metadata["best_epoch"] = String(bestEpoch) }
    return Checkpoint(
      model: loop.model, optimizer: loop.optimizer, generator: loop.generator,
      history: loop.history, metadata: metadata)
  }

  static func value(of metric: String, in metrics: EpochMetrics) -> Double? {
    switch metric {
    case "validation_loss": metrics.validationLoss
    case "training_loss": metrics.trainingLoss
    default: metrics.extra[metric]
    }
  }
}
