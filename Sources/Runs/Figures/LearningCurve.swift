import NN
import Plot

/// The learning-curve figure of a fit: training and validation loss per epoch (log y), with the
/// best epoch and the overfitting onset marked.
public func learningCurveFigure(
  _ history: [EpochMetrics], title: String, lossLabel: String,
  bestEpoch: Int?, overfitOnset: Int?
) -> Figure {
  var figure = Figure(title: title, xLabel: "epoch", yLabel: lossLabel, yLog: true)
  let epochs = history.map { Double($0.epoch) }
  figure.add(.line(x: epochs, y: history.map(\.trainingLoss), label: "training"))
  let validated = history.filter { $0.validationLoss != nil }
  if !validated.isEmpty {
    figure.add(
      .line(x: validated.map { Double($0.epoch) }, y: validated.map { $0.validationLoss! }, label: "validation"))
  }
  if let bestEpoch { figure.addVerticalMarker(x: Double(bestEpoch), label: "best epoch \(bestEpoch)") }
  if let overfitOnset { figure.addVerticalMarker(x: Double(overfitOnset), label: "overfitting from \(overfitOnset)") }
  return figure
}

/// The same run at the scale the overfitting detector works on: each loss minus its value at the
/// best epoch, beside the threshold Δ, on the same epochs as `learningCurveFigure` (stack it under
/// that one with `Panels`). On a log scale a rise of a few units in a loss of hundreds cannot be
/// seen; here validation climbing through Δ while training falls away is the onset, and validation
/// lying flat under Δ is its absence. `nil` without a best epoch that has a validation loss.
public func detectorScaleFigure(
  _ history: [EpochMetrics], lossLabel: String, bestEpoch: Int?, overfitOnset: Int?,
  threshold: Double
) -> Figure? {
  let validated = history.filter { $0.validationLoss != nil }
  guard let bestEpoch, let best = validated.first(where: { $0.epoch == bestEpoch }) else { return nil }
  let epochs = validated.map { Double($0.epoch) }
  let validation = validated.map { $0.validationLoss! - best.validationLoss! }
  // Scaled to validation's rise after the best epoch, clipped at 5Δ (Adam's late spikes would set
  // it otherwise); the early descent and training's fall run off the panel.
  let after = zip(validated, validation).filter { $0.0.epoch >= bestEpoch && $0.1.isFinite }.map(\.1)
  let rise = min(after.max() ?? threshold, 5 * threshold)
  var figure = Figure(
    xLabel: "epoch", yLabel: "Δ\(lossLabel) from the best epoch",
    yRange: (-threshold)...max(1.2 * rise, 2 * threshold))
  // The same colours, in the same order, as in the learning curves above; the legend goes to the
  // corner the curves leave empty.
  figure.add(.line(x: epochs, y: validated.map { $0.trainingLoss - best.trainingLoss }, label: "training"))
  figure.add(.line(x: epochs, y: validation, label: "validation"))
  figure.add(
    .line(
      x: [epochs.first!, epochs.last!], y: [threshold, threshold], label: "Δ\(lossLabel) = \(threshold) (threshold)"))
  figure.addVerticalMarker(x: Double(bestEpoch), label: "best epoch \(bestEpoch)")
  if let overfitOnset { figure.addVerticalMarker(x: Double(overfitOnset), label: "overfitting from \(overfitOnset)") }
  return figure
}
