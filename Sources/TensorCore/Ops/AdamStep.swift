/// The numbers of one Adam step (Kingma & Ba 2015), each rounded to the parameter's dtype where
/// it is used:
///   m ← β₁m + (1−β₁)g;  v ← β₂v + ((1−β₂)g)g;  θ ← θ − (η/c₁)m / (√(v/c₂) + ε),
/// with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ. Every backend evaluates it in this order, so a fused
/// kernel and the elementwise ops give the same bits.
public struct AdamCoefficients: Sendable {
  public let beta1, oneMinusBeta1, beta2, oneMinusBeta2: Double
  /// η/c₁.
  public let stepSize: Double
  /// c₂.
  public let secondBiasCorrection: Double
  public let epsilon: Double

  public init(beta1: Double, beta2: Double, learningRate: Double, epsilon: Double, step: Int) {
    (self.beta1, oneMinusBeta1, self.beta2, oneMinusBeta2) = (beta1, 1 - beta1, beta2, 1 - beta2)
    stepSize = learningRate / (1 - Double.pow(beta1, Double(step)))
    secondBiasCorrection = 1 - Double.pow(beta2, Double(step))
    self.epsilon = epsilon
  }
}

/// One Adam step on a parameter: the new (θ, m, v), in one pass where the backend has a fused
/// kernel (an optimizer step otherwise costs thirteen elementwise ops per parameter). Not
/// recorded: optimizers run outside differentiation.
public func adamStep(
  _ parameter: Tensor, gradient: Tensor, firstMoment: Tensor, secondMoment: Tensor,
  _ coefficients: AdamCoefficients
) -> (parameter: Tensor, firstMoment: Tensor, secondMoment: Tensor) {
  for (name, t) in [("gradient", gradient), ("first moment", firstMoment), ("second moment", secondMoment)] {
    if t.shape != parameter.shape {
      fail(
        .shapeMismatch(
          op: "adamStep", shapes: [parameter.shape, t.shape], reason: "the \(name) must have the parameter's shape"))
    }
    _ = parameter.meet(t, "adamStep")
  }
  let (p, m, v) = parameter.backend.adamStep(
    parameter.buffer, gradient.buffer, firstMoment.buffer, secondMoment.buffer, coefficients)
  return (parameter.like(parameter.shape, p), parameter.like(parameter.shape, m), parameter.like(parameter.shape, v))
}
