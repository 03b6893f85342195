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
  public static func gaussianNegativeLogLikelihood(
    mean: Tensor, variance: Tensor, target: Tensor,
    epsilon: Double = 1e-6
  ) -> Tensor {
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
