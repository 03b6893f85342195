/// Finds the epoch at which a model starts to overfit, from per-epoch training and
/// validation losses.
///
/// Notation, for the epochs fed in (consecutive; index t counts from the first one):
/// - vₜ validation loss, tₜ training loss;
/// - mₜ = min_{s ≤ t} vₛ, the running minimum of the validation loss (NaN values skipped);
/// - āₜ = (1/W) Σ_{s=t−W+1…t} tₛ, the W-epoch moving average of the training loss, defined
///   once W epochs have been seen.
///
/// Epoch e is the **onset** when it is the first epoch such that for every t in [e, e+W):
/// 1. vₜ ≥ mₜ + Δ — validation loss sits at least Δ above its running minimum. With Δ > 0 no
///    new minimum can occur inside the window, so mₜ = m_{e−1}: the window follows the
///    validation minimum m_{e−1};
/// 2. āₜ < ā_{t−1} — the training loss (moving average) is still falling. This needs ā_{e−1},
///    so the earliest possible onset is index W.
///
/// A NaN loss fails both tests. The onset is known W − 1 epochs after it happens (at e+W−1).
/// Validation getting worse while training also stalls is not counted: that is noise or a bad
/// learning rate, not overfitting.
///
/// The report gives the validation minimum preceding the onset (the overall minimum when there
/// is no onset), the onset, and the gap vₜ − tₜ (validation minus training loss) at both.
///
/// `report` is what a run knows as it goes: the first window that satisfies the rule, even when
/// validation later recovers (Adam's early ringing does that). `finalReport`, for a finished run,
/// counts only the rise the validation loss never recovers from: the first onset after the
/// overall validation minimum.
/// Δ is in loss units: the default 1.0 suits a χ² loss in mag².
public struct OverfittingDetector: Sendable {
  public struct Report: Equatable, Sendable, CustomStringConvertible {
    public var epochsSeen: Int
    public var validationMinimumEpoch: Int?
    public var validationMinimum: Double?
    /// Validation minus training loss at the validation minimum.
    public var gapAtValidationMinimum: Double?
    public var onsetEpoch: Int?
    /// Validation minus training loss at the onset epoch.
    public var gapAtOnset: Double?

    public var description: String {
      var text = "overfitting onset: "
      if let onsetEpoch, let gapAtOnset {
        text += "epoch \(onsetEpoch) (validation − training gap \(format(gapAtOnset)))"
      } else {
        text += "none within \(epochsSeen) epochs"
      }
      if let validationMinimumEpoch, let validationMinimum, let gapAtValidationMinimum {
        text += "; validation minimum \(format(validationMinimum)) at epoch \(validationMinimumEpoch)"
          + " (gap \(format(gapAtValidationMinimum)))"
      }
      return text
    }

    private func format(_ value: Double) -> String {
      let rounded = (value * 1e4).rounded() / 1e4
      return "\(rounded)"
    }
  }

  /// W, in epochs.
  public let window: Int
  /// Δ, in loss units.
  public let threshold: Double
  private var firstEpoch: Int?
  private var training: [Double] = []
  private var validation: [Double] = []
  private var runningMinimum: [Double] = []
  private var onsetIndex: Int?

  public init(window: Int = 5, threshold: Double = 1.0) {
    precondition(window >= 1, "OverfittingDetector: window \(window) must be ≥ 1")
    precondition(threshold > 0, "OverfittingDetector: threshold \(threshold) must be > 0")
    self.window = window
    self.threshold = threshold
  }

  /// Records one epoch; epochs must be consecutive. Returns the onset epoch once known.
  @discardableResult
  public mutating func observe(epoch: Int, trainingLoss: Double, validationLoss: Double) -> Int? {
    if let firstEpoch {
      precondition(
        epoch == firstEpoch + training.count,
        "OverfittingDetector.observe: epoch \(epoch) after \(firstEpoch + training.count - 1); epochs must be consecutive")
    } else {
      firstEpoch = epoch
    }
    training.append(trainingLoss)
    validation.append(validationLoss)
    let previous = runningMinimum.last ?? .nan
    // `min` with NaN operands is order-dependent; skip NaN explicitly.
    runningMinimum.append(validationLoss.isNaN ? previous : (previous.isNaN ? validationLoss : min(previous, validationLoss)))
    if onsetIndex == nil { onsetIndex = windowOnset(endingAt: training.count - 1) }
    return onsetIndex.map { $0 + firstEpoch! }
  }

  public var report: Report {
    makeReport(minimum: validationMinimum(before: onsetIndex ?? training.count), onset: onsetIndex)
  }

  /// The report with the whole run known: the overall validation minimum, and the first onset
  /// after it (none when the minimum is too close to the end for a window to follow).
  public var finalReport: Report {
    let minimum = validationMinimum(before: training.count)
    let onset = minimum.flatMap { minimum in
      stride(from: minimum + window, to: training.count, by: 1).lazy
        .compactMap { self.windowOnset(endingAt: $0) }.first { $0 > minimum }
    }
    return makeReport(minimum: minimum, onset: onset)
  }

  /// The index of the smallest validation loss before `end` (the first of equal minima), NaN skipped.
  private func validationMinimum(before end: Int) -> Int? {
    (0..<end).filter { !validation[$0].isNaN }.min { validation[$0] < validation[$1] }
  }

  private func makeReport(minimum: Int?, onset: Int?) -> Report {
    guard let firstEpoch else { return Report(epochsSeen: 0) }
    var report = Report(epochsSeen: training.count)
    if let minimum {
      report.validationMinimumEpoch = firstEpoch + minimum
      report.validationMinimum = validation[minimum]
      report.gapAtValidationMinimum = validation[minimum] - training[minimum]
    }
    if let onset {
      report.onsetEpoch = firstEpoch + onset
      report.gapAtOnset = validation[onset] - training[onset]
    }
    return report
  }

  /// The start e = end − W + 1 of the window ending at `end`, if the rule holds on all of it.
  private func windowOnset(endingAt end: Int) -> Int? {
    let start = end - window + 1
    guard start >= window else { return nil }  // ā_{start−1} must exist
    for t in start...end {
      guard validation[t] >= runningMinimum[t] + threshold else { return nil }
      guard trainingAverage(endingAt: t) < trainingAverage(endingAt: t - 1) else { return nil }
    }
    return start
  }

  private func trainingAverage(endingAt t: Int) -> Double {
    training[(t - window + 1)...t].reduce(0, +) / Double(window)
  }
}

extension OverfittingDetector.Report {
  init(epochsSeen: Int) {
    self.init(
      epochsSeen: epochsSeen, validationMinimumEpoch: nil, validationMinimum: nil,
      gapAtValidationMinimum: nil, onsetEpoch: nil, gapAtOnset: nil)
  }
}
