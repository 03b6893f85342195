import Cosmology
import Foundation
import NN
import Plot
import Runs

/// The figures of `cosmo fit`: Hubble diagram with residuals, learning curves per fold, and
/// predicted against observed.
struct FitPlots {
  let regression: SupernovaRegression
  let summary: RegressionSummary
  let directory: URL

  func write() throws {
    let writer = PlotWriter(directory: directory)
    let data = regression.data
    let order = data.redshift.indices.sorted { data.redshift[$0] < data.redshift[$1] }
    let z = order.map { data.redshift[$0] }
    let y = order.map { data.target[$0] }
    let variances = data.covariance.variances
    let sigma = order.map { variances[$0].squareRoot() }
    let prediction = order.map { summary.outOfFoldPrediction[$0] }
    let spread = order.map { summary.outOfFoldSpread[$0] }
    let zLabel = "\(data.inputs[0].name) (redshift)"
    let magnitude = "\(data.targetName) (mag)"

    // Models first and in colour, the data over them in grey with its error bars, the ΛCDM
    // reference last as a thin line: nothing hides the data, and the data hides no curve.
    var hubble = Figure(
      title: "Hubble diagram: out-of-fold MLP ensemble", xLabel: zLabel, yLabel: magnitude, xLog: true)
    let extra = data.inputs.dropFirst().map(\.name)
    if extra.isEmpty {
      hubble.add(
        Series.band(x: z, mean: prediction, std: spread, label: "ensemble mean ± std").coloured(Self.modelColour))
    }
    hubble.add(
      Self.predictions(
        data, z: z, prediction,
        label: extra.isEmpty ? "MLP" : "MLP at each supernova's \(extra.joined(separator: ", "))"
      )
      .coloured(Self.modelColour))
    // Half transparent, so the model's dots under the data show through where they differ.
    hubble.add(
      Series.points(x: z, y: y, yError: sigma, label: "Pantheon+ (diagonal errors)").coloured(
        Self.translucentDataColour))
    let grid = (0...200).map {
      Foundation.pow(10, Foundation.log10(z.first!) + Foundation.log10(z.last! / z.first!) * Double($0) / 200)
    }
    let atZero = extra.isEmpty ? "" : " (" + extra.map { "\($0) = 0" }.joined(separator: ", ") + ")"
    hubble.add(
      Series.line(
        x: grid, y: summary.lambdaCDMCurve(grid),
        label: String(format: "flat ΛCDM, Ωm = %.3f", summary.lambdaCDM.matterDensity) + atZero
      )
      .coloured(Self.referenceColour))
    // The y label says what the points are; a legend here would only cover some of them.
    var residuals = Figure(xLabel: zLabel, yLabel: "data − MLP (mag)", xLog: true)
    residuals.add(Series.points(x: z, y: zip(y, prediction).map { $0 - $1 }, yError: sigma).coloured(Self.dataColour))
    residuals.add(Series.line(x: [z.first!, z.last!], y: [0, 0]).coloured(Self.modelColour))
    _ = try writer.write(Panels(title: "", [hubble, residuals], heights: [0.7, 0.3]), name: "hubble")

    var scatter = Figure(
      title: "predicted against observed", xLabel: "observed \(magnitude)", yLabel: "predicted \(magnitude)")
    scatter.add(
      Series.line(x: [y.min()!, y.max()!], y: [y.min()!, y.max()!], label: "y = x").coloured(Self.referenceColour))
    scatter.add(Series.points(x: y, y: prediction, label: "out-of-fold").coloured(Self.dataColour))
    _ = try writer.write(scatter, name: "predicted-vs-observed")

    for fold in summary.folds {
      let perRow = fold.history.map { m in
        EpochMetrics(
          epoch: m.epoch, trainingLoss: m.trainingLoss / Double(fold.trainingRows.count),
          validationLoss: m.validationLoss.map { $0 / Double(fold.validationRows.count) }, learningRate: m.learningRate)
      }
      let curves = learningCurveFigure(
        perRow, title: "fold \(fold.fold): mean member χ²/N", lossLabel: "χ²/N",
        bestEpoch: fold.bestEpoch, overfitOnset: fold.overfitting.onsetEpoch)
      let detectorScale = detectorScaleFigure(
        fold.history, lossLabel: "χ²", bestEpoch: fold.bestEpoch,
        overfitOnset: fold.overfitting.onsetEpoch, threshold: regression.options.overfitThreshold)
      let panels = [curves] + [detectorScale].compactMap { $0 }
      _ = try writer.write(
        Panels(panels, heights: panels.count == 2 ? [0.55, 0.45] : nil), name: "learning-curves-fold-\(fold.fold)")
    }
  }
}

extension FitPlots {
  /// One colour per role across the figures: data grey, the network blue, ΛCDM orange.
  static let dataColour = "#505050", modelColour = "#1f77b4", referenceColour = "#ff7f0e"
  static let translucentDataColour = "#80505050"

  /// Predictions at redshifts z (sorted): a curve when redshift is the only input; with more
  /// inputs the prediction is no function of z alone and a line through it would zigzag from one
  /// supernova's x1, c to the next, so one point per supernova.
  static func predictions(_ data: RegressionData, z: [Double], _ magnitudes: [Double], label: String) -> Series {
    data.inputs.count == 1 ? .line(x: z, y: magnitudes, label: label) : .dots(x: z, y: magnitudes, label: label)
  }

  /// Puts the rendered PNGs into TensorBoard's Images tab (step 0).
  static func logImages(from folder: URL, to logDirectory: URL) throws {
    let pngs =
      (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))?
      .filter { $0.pathExtension == "png" }.sorted { $0.path < $1.path } ?? []
    guard !pngs.isEmpty else { return }
    let writer = try TensorBoardWriter(logDirectory: logDirectory)
    for png in pngs {
      let data = try Data(contentsOf: png)
      guard data.count > 24 else { continue }
      // Width and height are the first two big-endian words of the IHDR chunk.
      let word = { (offset: Int) in data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
      try writer.addImage(
        tag: png.deletingPathExtension().lastPathComponent, pngData: data, width: word(16), height: word(20), step: 0)
    }
    try writer.flush()
  }
}

/// Frames for the animation: the data and member 0's prediction every few epochs of fold 0.
struct FitAnimation {
  let regression: SupernovaRegression
  let every: Int
  let collect: (Figure) -> Void
  /// The regression's folds, found before training (the callbacks are made where nothing throws).
  let folds: [KFold.Fold]

  init(regression: SupernovaRegression, every: Int, collect: @escaping (Figure) -> Void) throws {
    (self.regression, self.every, self.collect) = (regression, every, collect)
    folds = try regression.folds()
  }

  func callback(fold k: Int) throws -> PlotEveryCallback<BatchedEnsemble> {
    let data = regression.data
    let order = data.redshift.indices.sorted { data.redshift[$0] < data.redshift[$1] }
    let rows = Array(order)
    let s = regression.standardisation(for: folds[k].training)
    let x = regression.inputs(rows, s)
    return PlotEveryCallback(every: every) { loop in
      let predictions = SupernovaRegression.magnitudes(loop.model, x, s).slice(alongAxis: 1, 0..<1).scalars
      var figure = Figure(
        title: "fold \(k), epoch \(loop.epoch)", xLabel: "\(data.inputs[0].name) (redshift)",
        yLabel: "\(data.targetName) (mag)", xLog: true, legend: .bottomRight)
      figure.add(
        Series.points(x: rows.map { data.redshift[$0] }, y: rows.map { data.target[$0] }, label: "Pantheon+")
          .coloured(FitPlots.dataColour))
      figure.add(
        FitPlots.predictions(data, z: rows.map { data.redshift[$0] }, predictions, label: "MLP member 0")
          .coloured(FitPlots.modelColour))
      collect(figure)
    }
  }
}
