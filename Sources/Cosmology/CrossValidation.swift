import Foundation

extension LCDMFitter {
  /// Held-out χ² per point of flat ΛCDM (`lcdm_cv_chi2_per_n`): fit Ωm and 𝓜 on `trainRows`
  /// with their covariance block, then χ²/n on `testRows` with the test block, at the trained Ωm
  /// and 𝓜 (𝓜 not refitted on the test rows).
  public static func crossValidationChiSquarePerPoint(
    _ sample: SupernovaSample, trainRows: [Int],
    testRows: [Int]
  ) throws -> Double {
    guard !testRows.isEmpty else { throw CosmologyError.fit(reason: "cross-validation needs test rows") }
    let train = try ProfiledChiSquare(sample.subset(trainRows))
    let best = Minimizers.scanThenBrent({ train(.flat(matterDensity: $0)) }, flatRange.0, flatRange.1)
    let model = LambdaCDM.flat(matterDensity: best.x)
    let linear = train.profile(model).linear
    let test = try ProfiledChiSquare(sample.subset(testRows))
    return test.chiSquare(model, linear: linear) / Double(testRows.count)
  }
}
