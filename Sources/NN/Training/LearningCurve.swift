import Plot

/// The learning-curve figure of a fit: training and validation loss per epoch (log y), with the
/// best epoch and the overfitting onset marked.
public func learningCurveFigure(_ history: [EpochMetrics], title: String, lossLabel: String,
                                bestEpoch: Int?, overfitOnset: Int?) -> Figure {
  var figure = Figure(title: title, xLabel: "epoch", yLabel: lossLabel, yLog: true)
  let epochs = history.map { Double($0.epoch) }
  figure.add(.line(x: epochs, y: history.map(\.trainingLoss), label: "training"))
  let validated = history.filter { $0.validationLoss != nil }
  if !validated.isEmpty {
    figure.add(.line(x: validated.map { Double($0.epoch) }, y: validated.map { $0.validationLoss! }, label: "validation"))
  }
  if let bestEpoch { figure.addVerticalMarker(x: Double(bestEpoch), label: "best epoch \(bestEpoch)") }
  if let overfitOnset { figure.addVerticalMarker(x: Double(overfitOnset), label: "overfitting from \(overfitOnset)") }
  return figure
}
