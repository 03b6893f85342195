import TensorCore

/// Zeroes each element with probability p during training and scales the rest by 1/(1 − p);
/// the identity at inference unless the context keeps dropout on (Monte Carlo dropout).
public struct Dropout: Layer {
  public let probability: Double

  public init(probability: Double) {
    precondition((0..<1).contains(probability), "Dropout: probability \(probability) must be in [0, 1)")
    self.probability = probability
  }

  public var parameters: [Tensor] {
    get { [] }
    set {}
  }
  public var parameterNames: [String] { [] }

  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    guard probability > 0, context.isTraining || context.keepsDropout else { return input }
    let keep = Tensor.bernoulli(
      input.shape, probability: 1 - probability, dtype: input.dtype,
      using: &context.generator, on: input.backend)
    return input * keep / (1 - probability)
  }
}
