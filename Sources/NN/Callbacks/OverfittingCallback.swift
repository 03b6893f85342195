/// Feeds every epoch's training and validation loss to an `OverfittingDetector` and records the
/// first rise it sees as the run goes (`report`'s onset, which validation may recover from) in
/// each later epoch's metrics as `rise_onset`: not the run's overfitting onset, which only the
/// finished run knows (`finalReport`).
public final class OverfittingCallback: TrainingCallback {
  /// The name of the running rise in `EpochMetrics.extra` (a CSV column, a TensorBoard tag).
  public static let riseOnset = "rise_onset"
  public private(set) var detector: OverfittingDetector

  /// - Parameters trainingScale, validationScale: the report's values are read per these (see
  ///   `OverfittingDetector`); the onset does not depend on them.
  public init(window: Int = 5, threshold: Double = 1.0, trainingScale: Double = 1, validationScale: Double = 1) {
    detector = OverfittingDetector(
      window: window, threshold: threshold, trainingScale: trainingScale, validationScale: validationScale)
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
      loop.record(Self.riseOnset, Double(onset))
    }
  }
}
