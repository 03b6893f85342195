import TensorCore

/// What a forward pass needs besides its input: train or eval mode, and the random stream that
/// dropout draws from. Passed explicitly, never global.
public final class ForwardContext {
  public var isTraining: Bool
  /// Keep dropout on at inference (Monte Carlo dropout).
  public var keepsDropout: Bool
  public var generator: RandomGenerator

  public init(training: Bool, keepsDropout: Bool = false, generator: RandomGenerator = RandomGenerator(seed: 0)) {
    isTraining = training
    self.keepsDropout = keepsDropout
    self.generator = generator
  }

  /// Evaluation mode with no randomness.
  public static var inference: ForwardContext { ForwardContext(training: false) }
}

/// A differentiable function with named parameters.
///
/// Parameters have stable paths (`layers.0.weight`) in a stable order; `parameters` can be read
/// and written back in that order, which is how optimizers and checkpoints see a model.
public protocol Layer {
  /// Parameters in a stable order.
  var parameters: [Tensor] { get set }
  /// The path of each parameter, in the same order.
  var parameterNames: [String] { get }
  /// State that is saved but not trained (BatchNorm's running statistics), by path.
  var buffers: [String: Tensor] { get set }
  func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor
}

extension Layer {
  public var buffers: [String: Tensor] {
    get { [:] }
    set {}
  }

  /// Evaluation-mode forward pass.
  public func callAsFunction(_ input: Tensor) -> Tensor { self(input, context: .inference) }

  /// The number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// Parameters by path.
  public var namedParameters: [(name: String, tensor: Tensor)] {
    Array(zip(parameterNames, parameters)).map { (name: $0.0, tensor: $0.1) }
  }

  /// A copy of this layer holding `values` as its parameters (same order as `parameters`).
  public func with(parameters values: [Tensor]) -> Self {
    var copy = self
    copy.parameters = values
    return copy
  }
}

/// An elementwise activation function, chosen by name on the command line.
public enum Activation: String, CaseIterable, Codable, Sendable {
  case tanh, relu, sigmoid, silu, gelu, softplus
  case leakyRelu = "leaky-relu"
  case identity

  public func callAsFunction(_ x: Tensor) -> Tensor {
    switch self {
    case .tanh: TensorCore.tanh(x)
    case .relu: TensorCore.relu(x)
    case .sigmoid: TensorCore.sigmoid(x)
    case .silu: TensorCore.silu(x)
    case .gelu: TensorCore.gelu(x)
    case .softplus: TensorCore.softplus(x)
    case .leakyRelu: TensorCore.leakyRelu(x)
    case .identity: x
    }
  }
}
