import TensorCore

/// Layers applied in order; parameters are named `layers.<i>.<name>`.
public struct Sequential: Layer {
  public var layers: [any Layer]

  public init(_ layers: [any Layer]) { self.layers = layers }

  public var parameters: [Tensor] {
    get { layers.flatMap(\.parameters) }
    set {
      var rest = newValue[...]
      for i in layers.indices {
        let n = layers[i].parameters.count
        layers[i].parameters = Array(rest.prefix(n))
        rest = rest.dropFirst(n)
      }
    }
  }

  public var parameterNames: [String] {
    layers.enumerated().flatMap { i, layer in layer.parameterNames.map { "layers.\(i).\($0)" } }
  }

  public var buffers: [String: Tensor] {
    get {
      var all: [String: Tensor] = [:]
      for (i, layer) in layers.enumerated() { for (k, v) in layer.buffers { all["layers.\(i).\(k)"] = v } }
      return all
    }
    set {
      for i in layers.indices {
        let prefix = "layers.\(i)."
        let own = newValue.filter { $0.key.hasPrefix(prefix) }
        if !own.isEmpty {
          layers[i].buffers = Dictionary(
            uniqueKeysWithValues: own.map { (String($0.key.dropFirst(prefix.count)), $0.value) })
        }
      }
    }
  }

  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    layers.reduce(input) { $1($0, context: context) }
  }
}

/// An activation as a parameter-free layer.
public struct ActivationLayer: Layer {
  public let activation: Activation
  public init(_ activation: Activation) { self.activation = activation }
  public var parameters: [Tensor] {
    get { [] }
    set {}
  }
  public var parameterNames: [String] { [] }
  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor { activation(input) }
}

// swift-format-ignore: AlwaysUseLowerCamelCase
// Named as the type it builds reads (PyTorch's and MLX's `MLP`), not as a verb.
/// A multilayer perceptron: Linear layers of the given widths with an activation (and optional
/// dropout) between them, none after the last. `widths: [1, 32, 1]` is two linear layers.
public func MLP(
  widths: [Int], activation: Activation = .tanh, dropout: Double = 0,
  dtype: DType = .float64, generator: inout RandomGenerator
) -> Sequential {
  precondition(widths.count >= 2, "MLP: needs at least input and output widths, got \(widths)")
  var layers: [any Layer] = []
  for (i, (fanIn, fanOut)) in zip(widths, widths.dropFirst()).enumerated() {
    layers.append(Linear(inputs: fanIn, outputs: fanOut, dtype: dtype, generator: &generator))
    if i < widths.count - 2 {
      layers.append(ActivationLayer(activation))
      if dropout > 0 { layers.append(Dropout(probability: dropout)) }
    }
  }
  return Sequential(layers)
}
