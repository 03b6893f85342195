import Foundation
import TensorCore

/// Tracks the best epoch by validation loss and keeps its weights. By default the fit runs its
/// full length (so overfitting can be seen) and the best weights are put back at the end;
/// with `stopsEarly` it ends the fit once `patience` epochs pass without improvement.
public final class EarlyStoppingCallback: TrainingCallback {
  public private(set) var rule: EarlyStopping
  public let stopsEarly: Bool
  public let restoresBestWeights: Bool
  public private(set) var bestEpoch: Int?
  public private(set) var bestValue = Double.infinity
  private var bestParameters: [Tensor]?
  /// Which fit this is ("fold 2"), for the message.
  public let label: String?
  /// Told once, in one line, when this callback stops a fit: which fit, which epoch and why.
  private let announce: ((String) -> Void)?

  public init(
    patience: Int, minDelta: Double = 0, stopsEarly: Bool = false, restoresBestWeights: Bool = true,
    label: String? = nil, announce: ((String) -> Void)? = nil
  ) {
    rule = EarlyStopping(patience: patience, minDelta: minDelta)
    self.stopsEarly = stopsEarly
    self.restoresBestWeights = restoresBestWeights
    self.label = label
    self.announce = announce
  }

  /// Picks up where an interrupted fit left off: the rule sees the saved history again, and the
  /// best weights are those saved in `best.safetensors`.
  public func resume(history: [EpochMetrics], bestParameters: [Tensor]?) {
    for m in history {
      let value = m.validationLoss ?? m.trainingLoss
      if rule.update(epoch: m.epoch, value: value).improved { (bestEpoch, bestValue) = (m.epoch, value) }
    }
    self.bestParameters = bestParameters
  }

  /// Sets the best weights after `resume` (once the saved `best` has been checked against it).
  public func restoreBestParameters(_ parameters: [Tensor]?) {
    bestParameters = parameters
  }

  private var stopReason: StopReason {
    .earlyStopping(patience: rule.patience, bestEpoch: bestEpoch ?? 0)
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
    switch event {
    case .fitStart:
      // A resumed fit whose saved history already stopped it (killed after it ended early)
      // trains no further: one more epoch would leave it differing from the fit it resumes.
      if stopsEarly && rule.shouldStop && loop.stopReason == nil { loop.stopReason = stopReason }
    case .validationEnd:
      guard let metrics = loop.current, let value = metrics.validationLoss ?? Optional(metrics.trainingLoss) else {
        return
      }
      let decision = rule.update(epoch: metrics.epoch, value: value)
      if decision.improved {
        bestEpoch = metrics.epoch
        bestValue = value
        bestParameters = loop.model.parameters
      }
      if stopsEarly && decision.shouldStop {
        loop.stopReason = stopReason
        let monitored = metrics.validationLoss == nil ? "training loss" : "validation loss"
        let kept = restoresBestWeights ? "; keeping epoch \(bestEpoch ?? 0)'s weights" : ""
        announce?(
          "\(label.map { "\($0): " } ?? "")stopped early at epoch \(metrics.epoch): \(monitored) has not improved for "
            + "\(rule.patience) epochs on its best, \(String(format: "%.6g", bestValue)) at epoch \(bestEpoch ?? 0)\(kept)"
        )
      }
    case .fitEnd:
      // An interrupted fit keeps its last weights: `last.safetensors`, written after this,
      // must hold what the resumed fit continues from.
      guard loop.stopReason != .interrupted else { return }
      if restoresBestWeights, let best = bestParameters { loop.model.parameters = best }
    default: break
    }
  }
}
