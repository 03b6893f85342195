import Foundation

/// Best-fit flat ΛCDM: Ωm with its Δχ² = 1 interval (M profiled), χ²_min and dof = N − 2.
public struct FlatLCDMFit: Sendable, Codable, Equatable {
  public let matterDensity: Double
  /// Ωm where χ² = χ²_min + 1 below and above the best fit (asymmetric 68% interval).
  public let matterDensityLow: Double
  public let matterDensityHigh: Double
  public let chiSquare: Double
  public let degreesOfFreedom: Int
  public let rows: Int
  /// Best profiled offset 𝓜 (= M + 5 log10(c/H0 / 10 pc)), mag.
  public let offset: Double
  /// Best profiled coefficients of the sample's regressors, by name (mag per unit; empty without).
  public let coefficients: [String: Double]
}

/// Best-fit non-flat ΛCDM (Ωm, ΩΛ free, M profiled).
public struct NonFlatLCDMFit: Sendable, Codable, Equatable {
  public let matterDensity: Double
  public let darkEnergyDensity: Double
  public let chiSquare: Double
  public let degreesOfFreedom: Int
}

/// Δχ² of the best ΩΛ = 0 model (Ωm free, open or closed) against the best non-flat ΛCDM.
public struct DarkEnergyDetection: Sendable, Codable, Equatable {
  public let matterDensityWithoutLambda: Double
  /// True when that best fit sits on the physical edge Ωm = 0 (χ² would fall further for Ωm < 0).
  public let atMatterBoundary: Bool
  public let chiSquareWithoutLambda: Double
  public let deltaChiSquare: Double
  /// Gaussian-equivalent significance for 1 dof: σ = √2·erfc⁻¹(p) = √Δχ².
  public let sigma: Double
  /// Two-sided p = erfc(√(Δχ²/2)), the χ²₁ survival function (0 when it underflows).
  public let pValue: Double
}

public enum LCDMFitter {
  /// Ωm search range for flat fits; E² > 0 for every z ≥ 0 throughout.
  static let flatRange = (0.0, 1.5)

  /// Flat ΛCDM best fit and its Δχ² = 1 interval by bisection on each side.
  public static func fitFlat(_ chi2: ProfiledChiSquare) throws -> FlatLCDMFit {
    let n = chi2.sample.count
    guard n > 2 else { throw CosmologyError.fit(reason: "flat ΛCDM needs more than 2 rows, have \(n)") }
    let f: (Double) -> Double = { chi2(.flat(matterDensity: $0)) }
    let best = Minimizers.scanThenBrent(f, flatRange.0, flatRange.1)
    guard best.value.isFinite else { throw CosmologyError.fit(reason: "χ² is not finite anywhere in Ωm ∈ [0, 1.5]") }
    let target: (Double) -> Double = { f($0) - best.value - 1 }
    guard target(flatRange.0) > 0, target(flatRange.1) > 0 else {
      throw CosmologyError.fit(reason: "the Δχ² = 1 interval around Ωm = \(best.x) leaves [0, 1.5]")
    }
    let linear = chi2.profile(.flat(matterDensity: best.x)).linear
    return FlatLCDMFit(
      matterDensity: best.x,
      matterDensityLow: Minimizers.bisect(target, flatRange.0, best.x),
      matterDensityHigh: Minimizers.bisect(target, best.x, flatRange.1),
      chiSquare: best.value, degreesOfFreedom: n - 1 - chi2.linearParameters, rows: n,
      offset: linear[0],
      coefficients: Dictionary(uniqueKeysWithValues: zip(chi2.sample.regressors.map(\.name), linear.dropFirst())))
  }

  /// Non-flat ΛCDM: coarse grid over Ωm ∈ [0, 1.5], ΩΛ ∈ [0, 2], then Nelder–Mead.
  public static func fitNonFlat(_ chi2: ProfiledChiSquare) throws -> NonFlatLCDMFit {
    let n = chi2.sample.count
    guard n > 3 else { throw CosmologyError.fit(reason: "non-flat ΛCDM needs more than 3 rows, have \(n)") }
    let f: ([Double]) -> Double = { chi2(LambdaCDM(matterDensity: $0[0], darkEnergyDensity: $0[1])) }
    var start = [0.3, 0.7]
    var startValue = f(start)
    for i in 0...10 {
      for j in 0...10 {
        let p = [1.5 * Double(i) / 10, 2.0 * Double(j) / 10]
        let v = f(p)
        if v < startValue {
          start = p
          startValue = v
        }
      }
    }
    // A restart from the first answer guards against a simplex that collapsed early in the
    // long, curved Ωm–ΩΛ valley.
    let first = Minimizers.nelderMead(f, start: start, step: 0.1)
    let best = Minimizers.nelderMead(f, start: first.point, step: 0.02)
    guard best.value.isFinite else {
      throw CosmologyError.fit(reason: "non-flat χ² is not finite near Ωm, ΩΛ = \(start)")
    }
    return NonFlatLCDMFit(
      matterDensity: best.point[0], darkEnergyDensity: best.point[1],
      chiSquare: best.value, degreesOfFreedom: n - 2 - chi2.linearParameters)
  }

  /// "Detect dark energy": best ΩΛ = 0 model (Ωm ∈ [0, 1.5]) against the best non-flat ΛCDM.
  public static func darkEnergyDetection(_ chi2: ProfiledChiSquare, against best: NonFlatLCDMFit) -> DarkEnergyDetection
  {
    let noLambda = Minimizers.scanThenBrent({ chi2(LambdaCDM(matterDensity: $0, darkEnergyDensity: 0)) }, 0, 1.5)
    let delta = max(noLambda.value - best.chiSquare, 0)
    return DarkEnergyDetection(
      matterDensityWithoutLambda: noLambda.x, atMatterBoundary: noLambda.x < 1e-6,
      chiSquareWithoutLambda: noLambda.value,
      deltaChiSquare: delta, sigma: gaussianSigma(deltaChiSquare: delta),
      pValue: chiSquareOneDofSurvival(delta))
  }

  /// For one degree of freedom the χ² survival function is p = erfc(√(Δχ²/2)) and the two-sided
  /// Gaussian equivalent σ = √2·erfc⁻¹(p) is exactly √Δχ²; computed directly so that it stays
  /// exact when p underflows.
  public static func gaussianSigma(deltaChiSquare: Double) -> Double { max(deltaChiSquare, 0).squareRoot() }

  public static func chiSquareOneDofSurvival(_ x: Double) -> Double { erfc((max(x, 0) / 2).squareRoot()) }
}
