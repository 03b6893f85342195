import Cosmology
import Foundation
import Plot

/// The figures of `cosmo lcdm`: the Ωm–ΩΛ confidence regions, Δχ²(Ωm) of flat ΛCDM, and the
/// Hubble residuals against the best flat ΛCDM.
struct LCDMPlots {
  /// One covariance's χ² and its grid; `label` names the covariance in legends.
  struct Likelihood {
    var label: String
    var chi2: ProfiledChiSquare
    var grid: ChiSquareGrid
    var flat: FlatLCDMFit
    var nonFlat: NonFlatLCDMFit
    /// Ωm of the best ΩΛ = 0 model.
    var noLambdaMatterDensity: Double

    /// Fits `sample` flat, non-flat and without Λ, and evaluates its χ² grid.
    init(label: String, sample: SupernovaSample) throws {
      self.label = label
      chi2 = try ProfiledChiSquare(sample)
      flat = try LCDMFitter.fitFlat(chi2)
      nonFlat = try LCDMFitter.fitNonFlat(chi2)
      noLambdaMatterDensity = LCDMFitter.darkEnergyDetection(chi2, against: nonFlat).matterDensityWithoutLambda
      grid = ChiSquareGrid.refined(chi2, minimum: nonFlat.chiSquare)
    }
  }

  /// The covariance in use first, then (when that is the full one) its diagonal for comparison.
  let likelihoods: [Likelihood]
  let sampleName: String

  /// Contour colours per covariance, darkest for 1σ: blues for the one in use, greys beside it.
  static let contourColours = [["#08306b", "#2171b5", "#6baed6"], ["#252525", "#737373", "#bdbdbd"]]
  static let dataColour = "#303030", faintColour = "#b8b8b8", flatColour = "#d62728", fitColour = "#ff7f0e",
    noLambdaColour = "#2ca02c"

  func write(to directory: URL) throws {
    var writer = PlotWriter(directory: directory)
    writer.height = 800  // room for the legend under the regions
    try writer.write(contours(), name: "lcdm-contours")
    writer.height = 700
    try writer.write(flatProfile(), name: "lcdm-flat-profile")
    try writer.write(residuals(), name: "lcdm-residuals")
  }

  /// Ωm–ΩΛ plane with the 1σ/2σ/3σ regions (Δχ² = 2.30, 6.18, 11.83 from the grid's minimum)
  /// of each covariance, the flat and the no-acceleration lines, and the best fits.
  func contours() -> Figure {
    // Every covariance's regions in view: the union of the grids (each covers its own 3σ region).
    let grids = likelihoods.map(\.grid)
    let xRange = grids.map { $0.matterDensity.first! }.min()!...grids.map { $0.matterDensity.last! }.max()!
    let yRange = grids.map { $0.darkEnergyDensity.first! }.min()!...grids.map { $0.darkEnergyDensity.last! }.max()!
    // Eight entries would cover a corner of the regions; they go under the plot instead.
    let levels = ChiSquareGrid.twoParameterLevels
    let deltas = levels.map { String(format: "%.2f", $0.deltaChiSquare) }.joined(separator: ", ")
    var figure = Figure(
      title: "non-flat ΛCDM, \(sampleName): 1σ, 2σ, 3σ regions (Δχ² = \(deltas)), M profiled",
      xLabel: "Ωm (matter density today)", yLabel: "ΩΛ (dark-energy density today)",
      xRange: xRange, yRange: yRange, legend: .below)
    for (number, likelihood) in likelihoods.enumerated() {
      let grid = likelihood.grid
      let minimum = min(grid.minimum.chiSquare, likelihood.nonFlat.chiSquare)
      for (index, (level, colour)) in zip(levels, Self.contourColours[number % 2]).enumerated() {
        let line = ContourLines.at(
          level: minimum + level.deltaChiSquare, x: grid.matterDensity,
          y: grid.darkEnergyDensity, values: grid.chiSquare)
        // One entry per covariance, on its 1σ curve: the shades say which curve is which level.
        let label = index > 0 ? "" : "\(likelihood.label) (1σ, 2σ, 3σ)"
        let series = Series.line(x: line.x, y: line.y, label: label).coloured(colour)
        figure.add(number == 0 ? series : series.dashed())
      }
    }
    let ends = [xRange.lowerBound, xRange.upperBound]
    figure.add(Series.line(x: ends, y: ends.map { 1 - $0 }, label: "flat (Ωm + ΩΛ = 1)").coloured(Self.flatColour))
    figure.add(
      Series.line(x: ends, y: ends.map { $0 / 2 }, label: "no acceleration (q₀ = 0)").coloured(Self.dataColour))
    let best = likelihoods[0]
    figure.add(
      Series.points(
        x: [best.nonFlat.matterDensity], y: [best.nonFlat.darkEnergyDensity],
        label: String(
          format: "best fit (%.3f, %.3f)", best.nonFlat.matterDensity,
          best.nonFlat.darkEnergyDensity)
      ).coloured(Self.fitColour))
    figure.add(
      Series.points(
        x: [best.flat.matterDensity], y: [1 - best.flat.matterDensity],
        label: String(format: "best flat (Ωm = %.3f)", best.flat.matterDensity)
      ).coloured(Self.flatColour))
    return figure
  }

  /// Δχ²(Ωm) of flat ΛCDM against its minimum, with the Δχ² = 1 interval marked.
  func flatProfile() -> Figure {
    let flat = likelihoods[0].flat
    let halfWidth = max(flat.matterDensityHigh - flat.matterDensity, flat.matterDensity - flat.matterDensityLow)
    let low = max(0, flat.matterDensity - 4 * halfWidth)
    let high = flat.matterDensity + 4 * halfWidth
    let omegas = (0...200).map { low + (high - low) * Double($0) / 200 }
    var figure = Figure(
      title: "flat ΛCDM, \(sampleName): Δχ²(Ωm), M profiled", xLabel: "Ωm (matter density today)",
      yLabel: "Δχ² from the minimum")
    for (number, likelihood) in likelihoods.enumerated() {
      let models = omegas.map { LambdaCDM.flat(matterDensity: $0) }
      let delta = likelihood.chi2.chiSquares(models).map { $0 - likelihood.flat.chiSquare }
      figure.add(Series.line(x: omegas, y: delta, label: likelihood.label).coloured(Self.contourColours[number % 2][1]))
    }
    figure.add(
      Series.line(x: [low, high], y: [1, 1], label: "Δχ² = 1 (68.3 %, one parameter)").coloured(Self.flatColour))
    figure.addVerticalMarker(x: flat.matterDensityLow, label: String(format: "Ωm = %.3f", flat.matterDensityLow))
    figure.addVerticalMarker(x: flat.matterDensityHigh, label: String(format: "Ωm = %.3f", flat.matterDensityHigh))
    figure.yRange = -0.5...10
    return figure
  }

  /// Hubble residuals m − (μ + profiled linear terms) of the best flat ΛCDM, with the best
  /// non-flat and the best ΩΛ = 0 models drawn against it (each with its own profiled offset).
  func residuals() -> Figure {
    let likelihood = likelihoods[0]
    let sample = likelihood.chi2.sample
    let flatModel = LambdaCDM.flat(matterDensity: likelihood.flat.matterDensity)
    let (_, theta) = likelihood.chi2.profile(flatModel)
    let mu = likelihood.chi2.modelMagnitudes(flatModel) ?? [Double](repeating: .nan, count: sample.count)
    let order = sample.distanceRedshift.indices.sorted { sample.distanceRedshift[$0] < sample.distanceRedshift[$1] }
    let residual = order.map { i in
      sample.magnitude[i] - mu[i] - theta[0]
        - sample.regressors.enumerated().reduce(0) { $0 + theta[$1.offset + 1] * $1.element.values[i] }
    }
    let variances = sample.covariance.variances
    let sigma = order.map { variances[$0].squareRoot() }
    let z = order.map { sample.distanceRedshift[$0] }
    var figure = Figure(
      title: String(
        format: "Hubble residuals, \(sampleName), against flat ΛCDM (Ωm = %.3f)",
        likelihood.flat.matterDensity),
      xLabel: "redshift z", yLabel: "m − m(flat ΛCDM) (mag)", xLog: true)
    // Hundreds of supernovae with error bars hide the curves: then they are faint dots and
    // their binned means carry the error bars, the y range fitted to the bins and the bulk of the dots.
    let binned = sample.count > 100 ? Self.binned(z: z, residual: residual, sigma: sigma, bins: 16) : nil
    if let binned {
      figure.add(Series.dots(x: z, y: residual, label: "\(sampleName), each supernova").coloured(Self.faintColour))
      let sorted = residual.sorted()
      let bulk = sorted[sorted.count / 40]...sorted[sorted.count - 1 - sorted.count / 40]
      let low = min(bulk.lowerBound, zip(binned.mean, binned.error).map { $0 - $1 }.min()!)
      let high = max(bulk.upperBound, zip(binned.mean, binned.error).map { $0 + $1 }.max()!)
      figure.yRange = AxisLayout.fitted(low...high, log: false, padding: 0.05)
    } else {
      figure.add(
        Series.points(x: z, y: residual, yError: sigma, label: "\(sampleName), error bars √Cᵢᵢ")
          .coloured(Self.dataColour))
    }
    let grid = (0...200).map {
      Foundation.pow(10, Foundation.log10(z.first!) + Foundation.log10(z.last! / z.first!) * Double($0) / 200)
    }
    let reference = Self.magnitudes(flatModel, grid).map { $0 + theta[0] }
    let noLambda = likelihood.noLambdaMatterDensity
    let others: [(LambdaCDM, String, String)] = [
      (
        LambdaCDM(
          matterDensity: likelihood.nonFlat.matterDensity, darkEnergyDensity: likelihood.nonFlat.darkEnergyDensity),
        String(
          format: "best non-flat: Ωm = %.3f, ΩΛ = %.3f", likelihood.nonFlat.matterDensity,
          likelihood.nonFlat.darkEnergyDensity),
        Self.fitColour
      ),
      (
        LambdaCDM(matterDensity: noLambda, darkEnergyDensity: 0), String(format: "best ΩΛ = 0: Ωm = %.3f", noLambda),
        Self.noLambdaColour
      ),
    ]
    figure.add(Series.line(x: [grid.first!, grid.last!], y: [0, 0], label: "flat ΛCDM").coloured(Self.flatColour))
    for (model, label, colour) in others {
      let offset = likelihood.chi2.profile(model).linear[0]
      let curve = zip(Self.magnitudes(model, grid), reference).map { $0 + offset - $1 }
      figure.add(Series.line(x: grid, y: curve, label: label).coloured(colour))
    }
    if let binned {
      figure.add(
        Series.points(
          x: binned.z, y: binned.mean, yError: binned.error,
          label: "binned means (weights 1/σᵢ², diagonal errors)"
        ).coloured(Self.dataColour))
    }
    return figure
  }

  /// Inverse-variance weighted means of `residual` in `bins` equal steps of log z (empty bins
  /// left out), at each bin's weighted mean redshift; error 1/√Σw. `z` ascending and positive.
  static func binned(z: [Double], residual: [Double], sigma: [Double], bins: Int)
    -> (z: [Double], mean: [Double], error: [Double])
  {
    let low = Foundation.log10(z.first!)
    let high = Foundation.log10(z.last!)
    var sums = [(w: Double, wz: Double, wr: Double)](repeating: (0, 0, 0), count: bins)
    for i in z.indices where sigma[i] > 0 && sigma[i].isFinite {
      let fraction = high > low ? (Foundation.log10(z[i]) - low) / (high - low) : 0
      guard fraction.isFinite else { continue }
      let bin = min(bins - 1, max(0, Int((fraction * Double(bins)).rounded(.down))))
      let w = 1 / (sigma[i] * sigma[i])
      sums[bin].w += w
      sums[bin].wz += w * z[i]
      sums[bin].wr += w * residual[i]
    }
    let filled = sums.filter { $0.w > 0 }
    return (filled.map { $0.wz / $0.w }, filled.map { $0.wr / $0.w }, filled.map { 1 / $0.w.squareRoot() })
  }

  /// 5 log10[(1+z) H0 D_M / c] on `z` (ascending), NaN without valid distances.
  static func magnitudes(_ model: LambdaCDM, _ z: [Double]) -> [Double] {
    guard let distances = model.transverseComovingDistances(z) else { return z.map { _ in .nan } }
    return zip(z, distances).map { $1 > 0 ? 5 * Foundation.log10((1 + $0) * $1) : .nan }
  }
}
