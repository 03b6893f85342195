import TensorCore

/// y = x·Wᵀ + b, with W stored [out, in] as PyTorch stores it (so checkpoints line up).
///
/// Shapes: x [..., in] → y [..., out].
public struct Linear: Layer {
  public var weight: Tensor
  public var bias: Tensor?

  public init(weight: Tensor, bias: Tensor?) {
    precondition(weight.rank == 2, "Linear: weight must be [out, in], got \(weight.shape)")
    if let bias {
      precondition(bias.shape == [weight.shape[0]], "Linear: bias \(bias.shape) for weight \(weight.shape)")
    }
    self.weight = weight
    self.bias = bias
  }

  /// A layer from `inputs` to `outputs` features; by default PyTorch's initialisation.
  public init(
    inputs: Int, outputs: Int, bias: Bool = true, weightInitializer: Initializer = .uniformFanIn,
    dtype: DType = .float64, generator: inout RandomGenerator
  ) {
    let w = weightInitializer.make([outputs, inputs], fanIn: inputs, fanOut: outputs, dtype: dtype, using: &generator)
    let b =
      bias
      ? Initializer.uniformFanIn.make([outputs], fanIn: inputs, fanOut: outputs, dtype: dtype, using: &generator) : nil
    self.init(weight: w, bias: b)
  }

  public var inputCount: Int { weight.shape[1] }
  public var outputCount: Int { weight.shape[0] }

  public var parameters: [Tensor] {
    get { bias.map { [weight, $0] } ?? [weight] }
    set {
      weight = newValue[0]
      if bias != nil { bias = newValue[1] }
    }
  }
  public var parameterNames: [String] { bias == nil ? ["weight"] : ["weight", "bias"] }

  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    bias.map { linear(input, weight, $0) } ?? matmul(input, weight, transposeB: true)
  }
}
