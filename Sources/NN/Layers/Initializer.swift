import Foundation
import TensorCore

/// Weight initialisation schemes for a [fanOut, fanIn] weight, all drawn from a seeded generator.
public enum Initializer: Sendable {
  /// Glorot & Bengio 2010: U(−a, a), a = gain·√(6 / (fanIn + fanOut)).
  case xavierUniform(gain: Double = 1)
  /// N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)).
  case xavierNormal(gain: Double = 1)
  /// He et al. 2015 for ReLU: U(−a, a), a = √(6 / fanIn).
  case kaimingUniform
  /// N(0, 2 / fanIn).
  case kaimingNormal
  /// PyTorch's `nn.Linear` default: U(−1/√fanIn, 1/√fanIn).
  case uniformFanIn
  case zeros
  case constant(Double)

  public func make(
    _ shape: [Int], fanIn: Int, fanOut: Int, dtype: DType = .float64,
    using generator: inout RandomGenerator
  ) -> Tensor {
    let (fi, fo) = (Double(fanIn), Double(fanOut))
    switch self {
    case .xavierUniform(let gain):
      let a = gain * (6 / (fi + fo)).squareRoot()
      return Tensor.uniform(shape, low: -a, high: a, dtype: dtype, using: &generator)
    case .xavierNormal(let gain):
      return Tensor.normal(
        shape, standardDeviation: gain * (2 / (fi + fo)).squareRoot(), dtype: dtype, using: &generator)
    case .kaimingUniform:
      let a = (6 / fi).squareRoot()
      return Tensor.uniform(shape, low: -a, high: a, dtype: dtype, using: &generator)
    case .kaimingNormal:
      return Tensor.normal(shape, standardDeviation: (2 / fi).squareRoot(), dtype: dtype, using: &generator)
    case .uniformFanIn:
      let a = 1 / fi.squareRoot()
      return Tensor.uniform(shape, low: -a, high: a, dtype: dtype, using: &generator)
    case .zeros:
      return Tensor.zeros(shape, dtype: dtype)
    case .constant(let value):
      return Tensor.full(value, shape: shape, dtype: dtype)
    }
  }
}
