import TensorCore

/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
/// with PyTorch's update rule:
///   g ← g + λθ;  b ← μb + g (b = g on the first step);  d = Nesterov ? g + μb : b;  θ ← θ − η d
public struct SGD: Optimizer {
  public var learningRate: Double
  public let momentum: Double
  public let nesterov: Bool
  public let weightDecay: Double
  private var velocity: [Tensor]
  private var step = 0

  public init(
    for parameters: [Tensor], learningRate: Double, momentum: Double = 0, nesterov: Bool = false,
    weightDecay: Double = 0
  ) {
    precondition(!nesterov || momentum > 0, "SGD: Nesterov momentum needs momentum > 0")
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    velocity = parameters.map { Tensor.zeros($0.shape, dtype: $0.dtype, on: $0.backend) }
  }

  public mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor]) {
    step += 1
    for i in parameters.indices {
      var g = gradients[i]
      if weightDecay != 0 { g = g + weightDecay * parameters[i] }
      if momentum != 0 {
        velocity[i] = step == 1 ? g : momentum * velocity[i] + g
        g = nesterov ? g + momentum * velocity[i] : velocity[i]
      }
      parameters[i] = parameters[i] - learningRate * g
    }
  }

  public var state: [String: Tensor] {
    var s = ["step": Tensor(Double(step))]
    Self.save(velocity, "velocity", into: &s)
    return s
  }

  public mutating func restore(_ state: [String: Tensor]) throws {
    guard let saved = state["step"] else { throw OptimizerError.missingState("step") }
    try Self.restore(&velocity, "velocity", from: state)
    step = Int(saved.scalar)
  }
}
