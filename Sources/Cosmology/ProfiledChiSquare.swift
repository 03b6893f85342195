import Foundation
import TensorCore

/// χ² of a supernova sample against a ΛCDM model with the offset M profiled out analytically.
///
/// Model: m = 5 log10[(1+z_hel)·D_M(z)/10 pc] + M = 5 log10[(1+z_hel)·H0 D_M/c] + 𝓜, where 𝓜
/// absorbs both M and H0 (they are fully degenerate). With residuals r = m − μ(θ) (𝓜 = 0),
/// whitened by the Cholesky factor L of C (C = LLᵀ, w = L⁻¹r, u = L⁻¹1):
///   χ²(θ) = min_𝓜 (r − 𝓜1)ᵀC⁻¹(r − 𝓜1) = w·w − (u·w)²/(u·u),  at 𝓜̂ = (u·w)/(u·u).
public struct ProfiledChiSquare: Sendable {
  public let sample: SupernovaSample
  private let cholesky: [Double]
  private let whitenedOnes: [Double]
  private let onesNorm: Double

  /// Factors the covariance once; throws if it is not positive definite (naming the pivot).
  public init(_ sample: SupernovaSample) throws {
    self.sample = sample
    cholesky = try sample.covariance.choleskyFactor()
    whitenedOnes = LAPACK.solveTriangular(cholesky, n: sample.count, [Double](repeating: 1, count: sample.count),
                                          nrhs: 1, lower: true, transpose: false)
    onesNorm = whitenedOnes.reduce(0) { $0 + $1 * $1 }
  }

  /// Model magnitudes with 𝓜 = 0, or nil if the model has no valid distances (E² ≤ 0, D_M ≤ 0).
  public func modelMagnitudes(_ model: LambdaCDM) -> [Double]? {
    guard let distances = model.transverseComovingDistances(sample.distanceRedshift) else { return nil }
    var mu = [Double](repeating: 0, count: sample.count)
    for i in 0..<sample.count {
      guard distances[i] > 0 else { return nil }
      mu[i] = 5 * log10((1 + sample.heliocentricRedshift[i]) * distances[i])
    }
    return mu
  }

  /// Profiled χ² and the best offset 𝓜̂; χ² is +∞ for a model with no valid distances.
  public func evaluate(_ model: LambdaCDM) -> (chiSquare: Double, offset: Double) {
    guard let mu = modelMagnitudes(model) else { return (.infinity, .nan) }
    let r = zip(sample.magnitude, mu).map { $0 - $1 }
    let w = LAPACK.solveTriangular(cholesky, n: sample.count, r, nrhs: 1, lower: true, transpose: false)
    var ww = 0.0, uw = 0.0
    for i in 0..<w.count { ww += w[i] * w[i]; uw += whitenedOnes[i] * w[i] }
    return (ww - uw * uw / onesNorm, uw / onesNorm)
  }

  public func callAsFunction(_ model: LambdaCDM) -> Double { evaluate(model).chiSquare }

  /// χ² at a fixed offset 𝓜 (not profiled): rᵀC⁻¹r with r = m − μ(θ) − 𝓜.
  public func chiSquare(_ model: LambdaCDM, offset: Double) -> Double {
    guard let mu = modelMagnitudes(model) else { return .infinity }
    let r = zip(sample.magnitude, mu).map { $0 - $1 - offset }
    let w = LAPACK.solveTriangular(cholesky, n: sample.count, r, nrhs: 1, lower: true, transpose: false)
    return w.reduce(0) { $0 + $1 * $1 }
  }
}
