import TensorCore

/// M independent MLPs of one architecture evaluated as one: layer j holds weights [M, out, in]
/// and biases [M, 1, out], so every product is one batched matmul and the members' predictions
/// come out side by side, [n, M] — ready for one triangular pass of a covariance whitening.
///
/// Training the stack on the mean of the members' losses is training each member on its own
/// loss: the gradients do not mix, and Adam is elementwise (up to its ε, scaled by 1/M).
public struct BatchedEnsemble: Layer {
  public var weights: [Tensor]
  public var biases: [Tensor]
  public let activation: Activation
  public let dropout: Double

  /// Member m of the stack is initialised as `MLP(widths:)` would be from `seeds[m]`.
  public init(
    widths: [Int], members seeds: [UInt64], activation: Activation = .tanh, dropout: Double = 0,
    dtype: DType = .float64
  ) {
    precondition(widths.count >= 2 && !seeds.isEmpty, "BatchedEnsemble: needs ≥ 2 widths and ≥ 1 member")
    let members = seeds.map { seed -> Sequential in
      var g = RandomGenerator(seed: seed)
      return MLP(widths: widths, activation: activation, dtype: dtype, generator: &g)
    }
    let linears = members.map { $0.layers.compactMap { $0 as? Linear } }
    weights = (0..<(widths.count - 1)).map { j in Tensor.stack(linears.map { $0[j].weight }) }
    biases = (0..<(widths.count - 1)).map { j in
      Tensor.stack(
        linears.map { member in
          guard let bias = member[j].bias else { preconditionFailure("BatchedEnsemble: MLP layer \(j) has no bias") }
          return bias.unsqueezed(axis: 0)
        })
    }
    self.activation = activation
    self.dropout = dropout
  }

  public var memberCount: Int { weights[0].shape[0] }
  public var widths: [Int] { [weights[0].shape[2]] + weights.map { $0.shape[1] } }

  public var parameters: [Tensor] {
    get { zip(weights, biases).flatMap { [$0, $1] } }
    set {
      for j in weights.indices {
        weights[j] = newValue[2 * j]
        biases[j] = newValue[2 * j + 1]
      }
    }
  }

  public var parameterNames: [String] { weights.indices.flatMap { ["layers.\($0).weight", "layers.\($0).bias"] } }

  /// x [n, in] → predictions [n, M, out] squeezed to [n, M] when out is 1.
  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    var h = input
    let drop = Dropout(probability: dropout)
    for j in weights.indices {
      h = linear(h, weights[j], biases[j])  // [M, n, out]
      if j + 1 < weights.count { h = drop(activation(h), context: context) }
    }
    let out = h.permuted([1, 0, 2])  // [n, M, out]
    return out.shape[2] == 1 ? out.squeezed(axis: 2) : out
  }

  /// Member m on its own, as a plain MLP.
  public func member(_ m: Int) -> Sequential {
    var layers: [any Layer] = []
    for j in weights.indices {
      layers.append(
        Linear(
          weight: weights[j].slice(alongAxis: 0, m..<(m + 1)).squeezed(axis: 0),
          bias: biases[j].slice(alongAxis: 0, m..<(m + 1)).reshaped(to: [-1])))
      if j + 1 < weights.count {
        layers.append(ActivationLayer(activation))
        if dropout > 0 { layers.append(Dropout(probability: dropout)) }
      }
    }
    return Sequential(layers)
  }
}
