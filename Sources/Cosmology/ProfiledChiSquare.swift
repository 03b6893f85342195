import Foundation
import TensorCore

/// χ² of a supernova sample against a ΛCDM model with the offset M — and any linear terms the
/// sample carries (`regressors`: x1 and c for raw mB) — profiled out analytically.
///
/// Model: m = 5 log10[(1+z_hel)·D_M(z)/10 pc] + M + Σₖ θₖ aₖ = μ(θ_cosmo) + Aθ, where the first
/// column of A is 1 (𝓜 absorbs both M and H0: they are fully degenerate). With residuals
/// r = m − μ, whitened by the Cholesky factor L of C (w = L⁻¹r, U = L⁻¹A):
///   χ²(θ_cosmo) = min_θ |w − Uθ|² = w·w − bᵀG⁻¹b,  b = Uᵀw, G = UᵀU,  at θ̂ = G⁻¹b.
public struct ProfiledChiSquare: Sendable {
  public let sample: SupernovaSample
  let whitening: CovarianceMatrix.Whitening
  /// U = L⁻¹A, row-major [n, p].
  let whitenedDesign: [Double]
  /// The Cholesky factor of G = UᵀU.
  let gramFactor: [Double]
  /// p: the offset and the regressors.
  public let linearParameters: Int

  /// Factors the covariance once; throws if it is not positive definite (naming the pivot), or
  /// if the regressors are collinear with each other or the offset.
  public init(_ sample: SupernovaSample) throws {
    self.sample = sample
    let n = sample.count
    let p = 1 + sample.regressors.count
    linearParameters = p
    whitening = try sample.covariance.whitening()
    var design = [Double](repeating: 1, count: n * p)
    for (k, column) in sample.regressors.enumerated() { for i in 0..<n { design[i * p + k + 1] = column.values[i] } }
    whitenedDesign = whitening.whiten(design, columns: p)
    var gram = [Double](repeating: 0, count: p * p)
    for i in 0..<n {
      for a in 0..<p { for b in 0..<p { gram[a * p + b] += whitenedDesign[i * p + a] * whitenedDesign[i * p + b] } }
    }
    do { gramFactor = try LAPACK.cholesky(gram, n: p) } catch {
      throw CosmologyError.fit(
        reason:
          "the ΛCDM reference's linear terms (offset, \(sample.regressors.map(\.name).joined(separator: ", "))) are collinear on these rows"
      )
    }
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

  /// Profiled χ² and the best linear parameters θ̂ (offset first, then the regressors' coefficients);
  /// χ² is +∞ for a model with no valid distances.
  public func profile(_ model: LambdaCDM) -> (chiSquare: Double, linear: [Double]) {
    let p = linearParameters
    guard let mu = modelMagnitudes(model) else { return (.infinity, [Double](repeating: .nan, count: p)) }
    return linearFit(zip(sample.magnitude, mu).map { $0 - $1 })
  }

  /// The generalised least-squares fit of y = Aθ alone (offset first, then the regressors'
  /// coefficients) under the sample's covariance: min χ² and θ̂.
  public func linearFit(_ y: [Double]) -> (chiSquare: Double, linear: [Double]) {
    precondition(y.count == sample.count, "ProfiledChiSquare.linearFit: \(y.count) values for \(sample.count) rows")
    let p = linearParameters
    let w = whitening.whiten(y, columns: 1)
    var ww = 0.0
    var b = [Double](repeating: 0, count: p)
    for i in 0..<w.count {
      ww += w[i] * w[i]
      for a in 0..<p { b[a] += whitenedDesign[i * p + a] * w[i] }
    }
    let theta = LAPACK.choleskySolve(gramFactor, n: p, b, nrhs: 1)
    return (ww - zip(b, theta).reduce(0) { $0 + $1.0 * $1.1 }, theta)
  }

  /// Profiled χ² and the best offset 𝓜̂.
  public func evaluate(_ model: LambdaCDM) -> (chiSquare: Double, offset: Double) {
    let (chiSquare, linear) = profile(model)
    return (chiSquare, linear[0])
  }

  public func callAsFunction(_ model: LambdaCDM) -> Double { profile(model).chiSquare }

  /// χ² at fixed linear parameters (offset first, then the regressors'), not profiled.
  public func chiSquare(_ model: LambdaCDM, linear theta: [Double]) -> Double {
    precondition(
      theta.count == linearParameters,
      "ProfiledChiSquare.chiSquare: \(theta.count) linear parameters for \(linearParameters)")
    guard let mu = modelMagnitudes(model) else { return .infinity }
    var r = zip(sample.magnitude, mu).map { $0 - $1 - theta[0] }
    for (k, column) in sample.regressors.enumerated() { for i in r.indices { r[i] -= theta[k + 1] * column.values[i] } }
    let w = whitening.whiten(r, columns: 1)
    return w.reduce(0) { $0 + $1 * $1 }
  }

  /// χ² at a fixed offset 𝓜 (not profiled), for a sample without regressors.
  public func chiSquare(_ model: LambdaCDM, offset: Double) -> Double { chiSquare(model, linear: [offset]) }
}
