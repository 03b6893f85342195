import TensorCore

/// Losses as functions of predictions and targets. Each returns a 0-d tensor.
public enum Loss {
  /// Mean squared error, mean over all elements.
  public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
    let r = prediction - target
    return (r * r).mean()
  }

  /// Gaussian negative log-likelihood, ½·mean[log σ² + (y − μ)²/σ²] (PyTorch's `GaussianNLLLoss`
  /// without the constant), with σ² clamped below at ε for stability.
  public static func gaussianNegativeLogLikelihood(mean: Tensor, variance: Tensor, target: Tensor,
                                                   epsilon: Double = 1e-6) -> Tensor {
    let v = clamp(variance, min: epsilon, max: .greatestFiniteMagnitude)
    let r = target - mean
    return 0.5 * (log(v) + r * r / v).mean()
  }

  /// χ² = Σ rᵢ²/σᵢ² with independent errors σ.
  public static func diagonalChiSquare(_ residual: Tensor, standardDeviation: Tensor) -> Tensor {
    let w = residual / standardDeviation
    return (w * w).sum()
  }
}

/// χ² = rᵀC⁻¹r for residuals with a dense covariance C, in the units of C (mag² for supernovae).
///
/// C is factorised once (C = LLᵀ); each evaluation whitens the residuals, z = L⁻¹r, and returns
/// |z|². A residual matrix [n, k] gives the sum of its k columns' χ² in one triangular pass,
/// which is how an ensemble's members share the cost.
public struct CovarianceChiSquare {
  public let choleskyFactor: Tensor
  public var order: Int { choleskyFactor.shape[0] }

  /// - Throws: `LinalgError.notPositiveDefinite` naming the failing pivot.
  public init(covariance: Tensor) throws {
    choleskyFactor = try cholesky(covariance)
  }

  public init(choleskyFactor: Tensor) { self.choleskyFactor = choleskyFactor }

  /// L⁻¹r.
  public func whiten(_ residual: Tensor) -> Tensor { triangularSolve(choleskyFactor, residual) }

  public func callAsFunction(_ residual: Tensor) -> Tensor {
    let z = whiten(residual)
    return (z * z).sum()
  }
}
