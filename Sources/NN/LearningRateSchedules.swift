import Foundation

/// A learning rate as a pure function of the (0-based) epoch.
public protocol LearningRateSchedule: Sendable {
  func learningRate(atEpoch epoch: Int) -> Double
}

/// lr(e) = initial · factor^⌊e / stepSize⌋.
public struct StepDecay: LearningRateSchedule {
  public let initial: Double
  public let factor: Double
  public let stepSize: Int

  public init(initial: Double, factor: Double, stepSize: Int) {
    precondition(stepSize >= 1, "StepDecay: stepSize \(stepSize) must be ≥ 1")
    self.initial = initial
    self.factor = factor
    self.stepSize = stepSize
  }

  public func learningRate(atEpoch epoch: Int) -> Double {
    initial * pow(factor, Double(max(0, epoch) / stepSize))
  }
}

/// lr(e) = initial · rate^e.
public struct ExponentialDecay: LearningRateSchedule {
  public let initial: Double
  public let rate: Double

  public init(initial: Double, rate: Double) {
    self.initial = initial
    self.rate = rate
  }

  public func learningRate(atEpoch epoch: Int) -> Double {
    initial * pow(rate, Double(max(0, epoch)))
  }
}

/// Linear warm-up to `peak`, then cosine decay to `minimum` at `totalEpochs`.
///
/// - e < w (warm-up):  lr = peak · (e + 1) / w, so the first epoch already trains;
/// - w ≤ e:            p = min(1, (e − w) / (T − w)), lr = min + ½ (peak − min)(1 + cos πp),
/// with w = `warmupEpochs`, T = `totalEpochs`; after T the rate stays at `minimum`.
public struct CosineDecayWithWarmup: LearningRateSchedule {
  public let peak: Double
  public let warmupEpochs: Int
  public let totalEpochs: Int
  public let minimum: Double

  public init(peak: Double, warmupEpochs: Int, totalEpochs: Int, minimum: Double = 0) {
    precondition(
      warmupEpochs >= 0 && totalEpochs > warmupEpochs,
      "CosineDecayWithWarmup: need 0 ≤ warmupEpochs (\(warmupEpochs)) < totalEpochs (\(totalEpochs))")
    self.peak = peak
    self.warmupEpochs = warmupEpochs
    self.totalEpochs = totalEpochs
    self.minimum = minimum
  }

  public func learningRate(atEpoch epoch: Int) -> Double {
    if epoch < warmupEpochs { return peak * Double(max(0, epoch) + 1) / Double(warmupEpochs) }
    let progress = min(1, Double(epoch - warmupEpochs) / Double(totalEpochs - warmupEpochs))
    return minimum + 0.5 * (peak - minimum) * (1 + cos(Double.pi * progress))
  }
}

/// Multiplies the learning rate by `factor` when the monitored loss stops improving
/// (PyTorch's `ReduceLROnPlateau`, mode "min", absolute threshold).
///
/// Each `step(loss:)`: the loss improves if loss < best − minDelta. More than `patience`
/// non-improving epochs in a row cut the rate to max(lr · factor, minimumLearningRate);
/// the next `cooldown` epochs then count no bad epochs.
public struct ReduceOnPlateau: Sendable {
  public private(set) var learningRate: Double
  public let factor: Double
  public let patience: Int
  public let minimumLearningRate: Double
  public let cooldown: Int
  public let minDelta: Double
  public private(set) var best = Double.infinity
  private var badEpochs = 0
  private var cooldownLeft = 0

  public init(
    initial: Double, factor: Double = 0.1, patience: Int = 10, minimumLearningRate: Double = 0,
    cooldown: Int = 0, minDelta: Double = 1e-4
  ) {
    precondition(factor > 0 && factor < 1, "ReduceOnPlateau: factor \(factor) must be in (0, 1)")
    precondition(patience >= 0 && cooldown >= 0, "ReduceOnPlateau: patience and cooldown must be ≥ 0")
    self.learningRate = initial
    self.factor = factor
    self.patience = patience
    self.minimumLearningRate = minimumLearningRate
    self.cooldown = cooldown
    self.minDelta = minDelta
  }

  /// Feeds one epoch's loss; returns the learning rate for the next epoch.
  @discardableResult
  public mutating func step(loss: Double) -> Double {
    if loss < best - minDelta {
      best = loss
      badEpochs = 0
    } else {
      badEpochs += 1
    }
    if cooldownLeft > 0 {
      cooldownLeft -= 1
      badEpochs = 0
    }
    if badEpochs > patience {
      learningRate = max(learningRate * factor, minimumLearningRate)
      cooldownLeft = cooldown
      badEpochs = 0
    }
    return learningRate
  }
}
