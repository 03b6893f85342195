import TensorCore

/// Updates parameters from their gradients. The state (moments, step count) is plain data, so a
/// checkpoint can save it and a resumed run continues exactly.
public protocol Optimizer {
  var learningRate: Double { get set }
  /// Applies one step: parameters are replaced by their updated values.
  mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor])
  /// Everything needed to continue where this optimizer left off, by name.
  var state: [String: Tensor] { get }
  mutating func restore(_ state: [String: Tensor]) throws
}

/// What can go wrong restoring saved optimizer state.
public enum OptimizerError: Error, CustomStringConvertible {
  case missingState(String)
  case shapeMismatch(String, saved: [Int], expected: [Int])

  public var description: String {
    switch self {
    case .missingState(let key): "optimizer state has no '\(key)'; was it saved by another optimizer?"
    case .shapeMismatch(let key, let saved, let expected):
      "optimizer state '\(key)' has shape \(saved), expected \(expected)"
    }
  }
}

extension Optimizer {
  /// Reads per-parameter state `prefix.i` into `slots`, checking shapes.
  static func restore(_ slots: inout [Tensor], _ prefix: String, from state: [String: Tensor]) throws {
    for i in slots.indices {
      let key = "\(prefix).\(i)"
      guard let saved = state[key] else { throw OptimizerError.missingState(key) }
      guard saved.shape == slots[i].shape else {
        throw OptimizerError.shapeMismatch(key, saved: saved.shape, expected: slots[i].shape)
      }
      slots[i] = saved.to(slots[i].dtype).to(backend: slots[i].backend)
    }
  }

  static func save(_ slots: [Tensor], _ prefix: String, into state: inout [String: Tensor]) {
    for (i, t) in slots.enumerated() { state["\(prefix).\(i)"] = t }
  }
}

/// Rescales gradients so that their global L2 norm is at most `maxNorm`; returns the norm before.
public func clipByGlobalNorm(_ gradients: [Tensor], maxNorm: Double) -> (gradients: [Tensor], norm: Double) {
  let norm = globalNorm(gradients)
  guard norm > maxNorm else { return (gradients, norm) }
  let scale = maxNorm / (norm + 1e-12)
  return (gradients.map { $0 * scale }, norm)
}

/// The L2 norm of all `gradients` together: one read back to the host per tensor.
public func globalNorm(_ gradients: [Tensor]) -> Double {
  gradients.reduce(0.0) { $0 + ($1 * $1).sum().scalar }.squareRoot()
}
