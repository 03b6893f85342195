/// Finds the epoch at which a model starts to overfit, from per-epoch training and
/// validation losses.
///
/// Notation, for the epochs fed in (consecutive; index t counts from the first one):
/// - vₜ validation loss, tₜ training loss;
/// - v̄ₜ = (1/W) Σ_{s=t−W+1…t} vₛ and āₜ the same W-epoch moving average of the training loss,
///   both defined once W epochs have been seen;
/// - mₜ = min_{s ≤ t} v̄ₛ, the lowest W-epoch average of the validation loss so far (NaN skipped).
///   An average, not the raw minimum: full-batch Adam at a constant rate throws late spikes whose
///   wake holds a few unusually low validation values; a raw minimum there would make the ordinary
///   level after it look like a rise.
///
/// Epoch e is the **onset** when it is the first epoch such that for every t in [e, e+W):
/// 1. vₜ ≥ mₜ + Δ — validation loss sits at least Δ above the lowest level it held;
/// 2. āₜ < ā_{t−1} — the training loss (moving average) is still falling. This needs ā_{e−1},
///    so the earliest possible onset is index W.
///
/// A NaN loss fails both tests. The onset is known W − 1 epochs after it happens (at e+W−1).
/// Validation getting worse while training also stalls is not counted: that is noise or a bad
/// learning rate, not overfitting.
///
/// The report gives the validation minimum preceding the onset (the overall one when there is no
/// onset) — the lowest epoch of the W-epoch stretch with the lowest average — the onset, and the
/// gap vₜ − tₜ (validation minus training loss) at both.
///
/// `report` is what a run knows as it goes: the first window that satisfies the rule, even when
/// validation later recovers (Adam's early ringing and late spikes do that). `finalReport`, for a
/// finished run, counts only the rise the validation loss never recovers from: the first onset
/// after the stretch with the lowest average from which every later W-epoch average stays Δ
/// above that lowest one.
/// Δ is in loss units: the default 1.0 suits a χ² loss in mag². The report's values (the
/// validation minimum and the gaps) are read at the scales given, e.g. per row for a χ² summed
/// over splits of different sizes: a gap between totals over 1272 and 318 rows means nothing.
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
        text +=
          "; validation minimum \(format(validationMinimum)) at epoch \(validationMinimumEpoch)"
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
  /// The report divides training and validation losses by these (1: the loss as trained).
  public let trainingScale: Double
  public let validationScale: Double
  private var firstEpoch: Int?
  private var training: [Double] = []
  private var validation: [Double] = []
  /// v̄ₜ; NaN before W epochs or when the window holds a NaN.
  private var validationAverages: [Double] = []
  /// mₜ; NaN until W epochs (and a non-NaN average) have been seen.
  private var runningMinimum: [Double] = []
  private var onsetIndex: Int?

  public init(window: Int = 5, threshold: Double = 1.0, trainingScale: Double = 1, validationScale: Double = 1) {
    precondition(window >= 1, "OverfittingDetector: window \(window) must be ≥ 1")
    precondition(threshold > 0, "OverfittingDetector: threshold \(threshold) must be > 0")
    precondition(trainingScale > 0 && validationScale > 0, "OverfittingDetector: scales must be > 0")
    self.window = window
    self.threshold = threshold
    self.trainingScale = trainingScale
    self.validationScale = validationScale
  }

  /// Records one epoch; epochs must be consecutive. Returns the onset epoch once known.
  @discardableResult
  public mutating func observe(epoch: Int, trainingLoss: Double, validationLoss: Double) -> Int? {
    if let firstEpoch {
      precondition(
        epoch == firstEpoch + training.count,
        "OverfittingDetector.observe: epoch \(epoch) after \(firstEpoch + training.count - 1); epochs must be consecutive"
      )
    } else {
      firstEpoch = epoch
    }
    training.append(trainingLoss)
    validation.append(validationLoss)
    let previous = runningMinimum.last ?? .nan
    let t = validation.count - 1
    let average = t >= window - 1 ? validation[(t - window + 1)...t].reduce(0, +) / Double(window) : .nan
    validationAverages.append(average)
    // `min` with NaN operands is order-dependent; skip NaN explicitly.
    runningMinimum.append(average.isNaN ? previous : (previous.isNaN ? average : min(previous, average)))
    if onsetIndex == nil { onsetIndex = windowOnset(endingAt: training.count - 1) }
    return onsetIndex.map { $0 + firstEpoch! }
  }

  public var report: Report {
    let end = onsetIndex ?? training.count
    return makeReport(
      minimum: validationMinimum(before: end, stretchEnd: lowestAverage(before: end)), onset: onsetIndex)
  }

  /// The report with the whole run known: the overall validation minimum, and the first onset
  /// after its stretch from which the W-epoch validation average never again comes within Δ of
  /// the lowest one (none when no rise lasts to the end). A spike's falling flank satisfies the
  /// window rule, training falling back while validation is still high, but is recovered from.
  public var finalReport: Report {
    guard let stretchEnd = lowestAverage(before: training.count) else { return makeReport(minimum: nil, onset: nil) }
    let level = validationAverages[stretchEnd] + threshold
    // lowestAfter[t]: the smallest W-epoch average ending at t or later (NaN windows skipped).
    var lowestAfter = [Double](repeating: .infinity, count: training.count + 1)
    for t in stride(from: training.count - 1, through: 0, by: -1) {
      let average = validationAverages[t]
      lowestAfter[t] = average.isNaN ? lowestAfter[t + 1] : min(lowestAfter[t + 1], average)
    }
    let onset = stride(from: stretchEnd + window, to: training.count, by: 1).lazy
      .compactMap { self.windowOnset(endingAt: $0) }
      .first { $0 > stretchEnd && lowestAfter[$0 + self.window - 1] >= level }
    return makeReport(minimum: validationMinimum(before: training.count, stretchEnd: stretchEnd), onset: onset)
  }

  /// The index of the smallest validation loss in the W-epoch stretch ending at `stretchEnd` (that
  /// of `lowestAverage(before: end)`); before W epochs, of all epochs before `end`. NaN skipped;
  /// first of equals.
  private func validationMinimum(before end: Int, stretchEnd: Int?) -> Int? {
    guard end > 0 else { return nil }
    let stretch = stretchEnd.map { ($0 - window + 1)...$0 } ?? 0...(end - 1)
    return stretch.filter { !validation[$0].isNaN }.min { validation[$0] < validation[$1] }
  }

  /// The last index of the W-epoch stretch with the lowest validation average ending before `end`.
  private func lowestAverage(before end: Int) -> Int? {
    (0..<end).filter { !validationAverages[$0].isNaN }.min { validationAverages[$0] < validationAverages[$1] }
  }

  private func makeReport(minimum: Int?, onset: Int?) -> Report {
    guard let firstEpoch else { return Report(epochsSeen: 0) }
    var report = Report(epochsSeen: training.count)
    if let minimum {
      report.validationMinimumEpoch = firstEpoch + minimum
      report.validationMinimum = validation[minimum] / validationScale
      report.gapAtValidationMinimum = gap(at: minimum)
    }
    if let onset {
      report.onsetEpoch = firstEpoch + onset
      report.gapAtOnset = gap(at: onset)
    }
    return report
  }

  /// Validation minus training loss at index t, each at its scale.
  private func gap(at t: Int) -> Double {
    validation[t] / validationScale - training[t] / trainingScale
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
