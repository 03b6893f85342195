import TensorCore

/// Adam (Kingma & Ba 2015), and AdamW's decoupled weight decay (Loshchilov & Hutter 2019):
///   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η·m̂/(√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// Adam's `weightDecay` adds λθ to g (L2, as PyTorch's Adam); AdamW's shrinks θ by ηλθ first.
/// With `amsgrad` (Reddi, Kale & Kumar 2018, PyTorch's `amsgrad=True`) the step divides by the
/// largest v seen so far, v_max ← max(v_max, v), so a gradient that shrinks cannot make the step
/// grow: θ ← θ − η·m̂/(√(v_max/(1−β₂ᵗ)) + ε).
public struct Adam: Optimizer {
  public var learningRate: Double
  public let beta1: Double
  public let beta2: Double
  public let epsilon: Double
  public let weightDecay: Double
  public let decoupledWeightDecay: Bool
  public let amsgrad: Bool
  private var firstMoment: [Tensor]
  private var secondMoment: [Tensor]
  /// v_max of AMSGrad; empty without it.
  private var maxSecondMoment: [Tensor]
  private(set) var step = 0

  public init(
    for parameters: [Tensor], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 0, decoupledWeightDecay: Bool = false, amsgrad: Bool = false
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.decoupledWeightDecay = decoupledWeightDecay
    self.amsgrad = amsgrad
    firstMoment = parameters.map { Tensor.zeros($0.shape, dtype: $0.dtype, on: $0.backend) }
    secondMoment = firstMoment
    maxSecondMoment = amsgrad ? firstMoment : []
  }

  /// AdamW: Adam with decoupled weight decay (default λ = 0.01, as PyTorch).
  public static func adamW(for parameters: [Tensor], learningRate: Double = 1e-3, weightDecay: Double = 0.01) -> Adam {
    Adam(for: parameters, learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
  }

  public mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor]) {
    step += 1
    let coefficients = AdamCoefficients(
      beta1: beta1, beta2: beta2, learningRate: learningRate, epsilon: epsilon, step: step)
    for i in parameters.indices {
      var g = gradients[i]
      var p = parameters[i]
      if weightDecay != 0 {
        if decoupledWeightDecay { p = p * (1 - learningRate * weightDecay) } else { g = g + weightDecay * p }
      }
      let step = adamStep(p, gradient: g, firstMoment: firstMoment[i], secondMoment: secondMoment[i], coefficients)
      (firstMoment[i], secondMoment[i]) = (step.firstMoment, step.secondMoment)
      if amsgrad {
        // The fused kernel's m and v are those of the formula; the step itself is redone with v_max.
        maxSecondMoment[i] = maximum(maxSecondMoment[i], step.secondMoment)
        let c = coefficients
        parameters[i] =
          p - c.stepSize * step.firstMoment / (sqrt(maxSecondMoment[i] / c.secondBiasCorrection) + c.epsilon)
      } else {
        parameters[i] = step.parameter
      }
    }
  }

  public var state: [String: Tensor] {
    var s = ["step": Tensor(Double(step))]
    Self.save(firstMoment, "exp_avg", into: &s)
    Self.save(secondMoment, "exp_avg_sq", into: &s)
    Self.save(maxSecondMoment, "max_exp_avg_sq", into: &s)
    return s
  }

  public mutating func restore(_ state: [String: Tensor]) throws {
    guard let saved = state["step"] else { throw OptimizerError.missingState("step") }
    try Self.restore(&firstMoment, "exp_avg", from: state)
    try Self.restore(&secondMoment, "exp_avg_sq", from: state)
    try Self.restore(&maxSecondMoment, "max_exp_avg_sq", from: state)
    step = Int(saved.scalar)
  }
}
