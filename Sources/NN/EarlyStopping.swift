/// Stops training when a monitored value has not improved for `patience` epochs.
///
/// An epoch improves when its value beats the best so far by more than `minDelta`
/// (`value < best − minDelta` in `.min` mode, `value > best + minDelta` in `.max`). The first
/// finite value always improves; NaN never does. `shouldStop` becomes true once `patience`
/// epochs in a row have not improved. The trainer restores the weights of `bestEpoch`.
public struct EarlyStopping: Sendable {
  public enum Mode: Sendable { case min, max }

  /// What one `update` concluded.
  public struct Decision: Equatable, Sendable {
    /// This epoch is the new best: save its weights.
    public var improved: Bool
    public var shouldStop: Bool
  }

  public let patience: Int
  public let minDelta: Double
  public let mode: Mode
  public private(set) var bestValue: Double?
  public private(set) var bestEpoch: Int?
  public private(set) var epochsWithoutImprovement = 0
  public var shouldStop: Bool { epochsWithoutImprovement >= patience }

  public init(patience: Int, minDelta: Double = 0, mode: Mode = .min) {
    precondition(patience >= 1, "EarlyStopping: patience \(patience) must be ≥ 1")
    precondition(minDelta >= 0, "EarlyStopping: minDelta \(minDelta) must be ≥ 0")
    self.patience = patience
    self.minDelta = minDelta
    self.mode = mode
  }

  public mutating func update(epoch: Int, value: Double) -> Decision {
    let improved: Bool
    if value.isNaN {
      improved = false
    } else if let best = bestValue {
      improved = mode == .min ? value < best - minDelta : value > best + minDelta
    } else {
      improved = true
    }
    if improved {
      bestValue = value
      bestEpoch = epoch
      epochsWithoutImprovement = 0
    } else {
      epochsWithoutImprovement += 1
    }
    return Decision(improved: improved, shouldStop: shouldStop)
  }
}
