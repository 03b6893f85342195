import Foundation
import NN
import TensorCore

/// What a cross-validated fit produced, in the form `report.json` records.
public struct RegressionSummary {
  public var folds: [SupernovaRegression.FoldResult]
  /// Out-of-fold ensemble-mean prediction and its spread (std over the fold's members), per row.
  public var outOfFoldPrediction: [Double]
  public var outOfFoldSpread: [Double]
  /// Σ_folds χ²_val / Σ_folds N_val, each fold's χ² with its own covariance block.
  public var crossValidatedChiSquarePerRow: Double
  /// Mean ∂(prediction)/∂(input) over each fold's validation rows, by input name, in target units
  /// per input unit (for log-redshift inputs, per dex).
  public var meanSlopes: [String: Double]

  /// Flat ΛCDM on every row, and cross-validated on the network's own folds, redshift column and
  /// covariance (Ωm and 𝓜 fitted on each training fold, χ² on its validation fold).
  public var lambdaCDM: FlatLCDMFit
  public var lambdaCDMCrossValidatedChiSquarePerRow: Double

  public init(_ regression: SupernovaRegression, _ folds: [SupernovaRegression.FoldResult]) throws {
    let sample = regression.data.sample
    lambdaCDM = try LCDMFitter.fitFlat(ProfiledChiSquare(sample))
    var lcdmChiSquare = 0.0
    for fold in folds {
      lcdmChiSquare +=
        try LCDMFitter.crossValidationChiSquarePerPoint(
          sample, trainRows: fold.trainingRows, testRows: fold.validationRows) * Double(fold.validationRows.count)
    }
    lambdaCDMCrossValidatedChiSquarePerRow = lcdmChiSquare / Double(folds.reduce(0) { $0 + $1.validationRows.count })
    self.folds = folds
    let n = regression.data.count
    var prediction = [Double](repeating: .nan, count: n)
    var spread = prediction
    var chiSquare = 0.0
    var rows = 0
    var slopeSums = [Double](repeating: 0, count: regression.data.inputs.count)
    for fold in folds {
      let x = regression.inputs(fold.validationRows, fold.standardisation)
      let members = SupernovaRegression.magnitudes(fold.model, x, fold.standardisation)
      let stats = EnsembleStatistics(
        members: (0..<members.shape[1]).map { m in
          members.slice(alongAxis: 1, m..<(m + 1)).scalars
        })
      for (i, r) in fold.validationRows.enumerated() {
        prediction[r] = stats.mean[i]
        spread[r] = stats.memberCount > 1 ? stats.standardDeviation[i] : 0
      }
      chiSquare += fold.validationChiSquarePerRow * Double(fold.validationRows.count)
      rows += fold.validationRows.count
      // Slopes of the ensemble mean with respect to the standardised inputs, rescaled to units.
      let gradient = TensorCore.gradient(at: x) {
        SupernovaRegression.magnitudes(fold.model, $0, fold.standardisation).mean(alongAxes: [1]).sum()
      }
      let g = gradient.scalars
      let d = regression.data.inputs.count
      for j in 0..<d {
        let mean = stride(from: j, to: g.count, by: d).map { g[$0] }.reduce(0, +) / Double(fold.validationRows.count)
        slopeSums[j] += mean / fold.standardisation.inputScale[j] * Double(fold.validationRows.count)
      }
    }
    outOfFoldPrediction = prediction
    outOfFoldSpread = spread
    crossValidatedChiSquarePerRow = chiSquare / Double(rows)
    meanSlopes = Dictionary(
      uniqueKeysWithValues: regression.data.inputs.enumerated().map { j, input in
        (input.name, slopeSums[j] / Double(rows))
      })
  }

  /// Flat ΛCDM magnitudes at redshifts z (taking z_hel = z for the (1 + z) factor: a curve to draw).
  public func lambdaCDMCurve(_ z: [Double]) -> [Double] {
    let distances = LambdaCDM.flat(matterDensity: lambdaCDM.matterDensity).transverseComovingDistances(z) ?? []
    return zip(z, distances).map { 5 * Foundation.log10((1 + $0) * $1) + lambdaCDM.offset }
  }
}
