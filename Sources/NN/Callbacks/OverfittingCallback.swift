/// Feeds every epoch's training and validation loss to an `OverfittingDetector` and records the
/// onset (when found) in the epoch's metrics as `overfit_onset`.
public final class OverfittingCallback: TrainingCallback {
  public private(set) var detector: OverfittingDetector

  public init(window: Int = 5, threshold: Double = 1.0) {
    detector = OverfittingDetector(window: window, threshold: threshold)
  }

  public var report: OverfittingDetector.Report { detector.report }
  /// The onset of the rise validation never recovers from (see `OverfittingDetector.finalReport`).
  public var finalReport: OverfittingDetector.Report { detector.finalReport }

  /// Replays a resumed fit's saved history.
  public func resume(history: [EpochMetrics]) {
    for m in history where m.validationLoss != nil {
      _ = detector.observe(epoch: m.epoch, trainingLoss: m.trainingLoss, validationLoss: m.validationLoss!)
    }
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
    guard event == .validationEnd, let m = loop.current, let validation = m.validationLoss else { return }
    if let onset = detector.observe(epoch: m.epoch, trainingLoss: m.trainingLoss, validationLoss: validation) {
      loop.record("overfit_onset", Double(onset))
    }
  }
}
