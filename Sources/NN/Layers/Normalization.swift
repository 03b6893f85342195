import TensorCore

/// Normalises over the last axis: y = (x − mean)/√(var + ε)·γ + β (Ba et al. 2016).
public struct LayerNorm: Layer {
  public var scale: Tensor
  public var offset: Tensor
  public let epsilon: Double

  public init(features: Int, epsilon: Double = 1e-5, dtype: DType = .float64) {
    scale = Tensor.ones([features], dtype: dtype)
    offset = Tensor.zeros([features], dtype: dtype)
    self.epsilon = epsilon
  }

  public var parameters: [Tensor] {
    get { [scale, offset] }
    set { (scale, offset) = (newValue[0], newValue[1]) }
  }
  public var parameterNames: [String] { ["weight", "bias"] }

  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    let mean = input.mean(alongAxes: [-1], keepingDimensions: true)
    let centred = input - mean
    let variance = (centred * centred).mean(alongAxes: [-1], keepingDimensions: true)
    return centred / sqrt(variance + epsilon) * scale + offset
  }
}

/// Batch normalisation over axis 0 of [batch, features] (Ioffe & Szegedy 2015). Training uses
/// the batch's statistics and updates running ones (momentum 0.1, unbiased variance, as
/// PyTorch); evaluation uses the running statistics.
public struct BatchNorm1d: Layer {
  public var scale: Tensor
  public var offset: Tensor
  public let epsilon: Double
  public let momentum: Double
  /// Running statistics live in a box: a training forward pass updates them, as it does in
  /// PyTorch, without the layer having to be rebuilt.
  private let running: RunningStatistics

  public init(features: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, dtype: DType = .float64) {
    scale = Tensor.ones([features], dtype: dtype)
    offset = Tensor.zeros([features], dtype: dtype)
    self.epsilon = epsilon
    self.momentum = momentum
    running = RunningStatistics(
      mean: Tensor.zeros([features], dtype: dtype), variance: Tensor.ones([features], dtype: dtype))
  }

  public var runningMean: Tensor { running.mean }
  public var runningVariance: Tensor { running.variance }

  public var parameters: [Tensor] {
    get { [scale, offset] }
    set { (scale, offset) = (newValue[0], newValue[1]) }
  }
  public var parameterNames: [String] { ["weight", "bias"] }

  public var buffers: [String: Tensor] {
    get { ["running_mean": running.mean, "running_var": running.variance] }
    set {
      if let m = newValue["running_mean"] { running.mean = m }
      if let v = newValue["running_var"] { running.variance = v }
    }
  }

  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    precondition(input.rank == 2, "BatchNorm1d: input must be [batch, features], got \(input.shape)")
    if context.isTraining {
      let n = Double(input.shape[0])
      let mean = input.mean(alongAxes: [0])
      let centred = input - mean
      let variance = (centred * centred).mean(alongAxes: [0])
      running.mean = (1 - momentum) * running.mean + momentum * mean.detached()
      running.variance = (1 - momentum) * running.variance + momentum * variance.detached() * (n / Swift.max(n - 1, 1))
      return centred / sqrt(variance + epsilon) * scale + offset
    }
    return (input - running.mean) / sqrt(running.variance + epsilon) * scale + offset
  }
}

final class RunningStatistics {
  var mean: Tensor
  var variance: Tensor
  init(mean: Tensor, variance: Tensor) { (self.mean, self.variance) = (mean, variance) }
}
