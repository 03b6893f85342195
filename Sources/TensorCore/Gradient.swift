/// One recorded op: which nodes it read and how to send a gradient back to them.
///
/// Backward closures capture only detached tensors, so the graph is held by `inputs` alone and
/// can be torn down without recursion.
final class GradientNode {
  private(set) var inputs: [GradientNode?]
  let backward: ((Tensor) -> [Tensor?])?
  let shape: [Int]

  init(inputs: [GradientNode?], shape: [Int], backward: ((Tensor) -> [Tensor?])?) {
    self.inputs = inputs
    self.shape = shape
    self.backward = backward
  }

  /// A 100,000-op chain would otherwise be freed by 100,000 nested deinits.
  deinit {
    var pending = inputs.compactMap { $0 }
    inputs = []
    while var node = pending.popLast() {
      if isKnownUniquelyReferenced(&node) {
        pending.append(contentsOf: node.inputs.compactMap { $0 })
        node.inputs = []
      }
    }
  }
}

extension Tensor {
  /// Returns `output` recorded as a function of `inputs`, if any of them is recorded.
  ///
  /// `backward` maps the gradient of the output to one gradient per input (nil where an input
  /// gets none), each of the input's shape.
  func record(_ output: Tensor, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
    guard inputs.contains(where: { $0.node != nil }) else { return output }
    let node = GradientNode(inputs: inputs.map(\.node), shape: output.shape, backward: backward)
    return Tensor(shape: output.shape, buffer: output.buffer, backend: output.backend, node: node)
  }

  /// Marks this tensor as a variable to differentiate with respect to.
  func variable() -> Tensor {
    Tensor(
      shape: shape, buffer: buffer, backend: backend,
      node: GradientNode(inputs: [], shape: shape, backward: nil))
  }
}

/// Evaluates `f` at `points` and returns its value with the gradient of the value with respect
/// to each point (reverse mode).
///
/// - Parameter seed: the gradient of the output to start from (∂L/∂output); required when the
///   output has more than one element, where it gives the vector–Jacobian product.
public func valueAndGradient(
  at points: [Tensor], seed: Tensor? = nil,
  of f: ([Tensor]) -> Tensor
) -> (value: Tensor, gradients: [Tensor]) {
  let variables = points.map { $0.variable() }
  let value = f(variables)
  let start: Tensor
  if let seed {
    precondition(
      seed.shape == value.shape,
      "valueAndGradient: seed of shape \(seed.shape) for an output of shape \(value.shape)")
    start = seed.detached()
  } else {
    precondition(
      value.count == 1,
      "valueAndGradient: output of shape \(value.shape) is not a scalar; pass a seed of that shape")
    start = value.constant(1, shape: value.shape)
  }
  let gradients = backpropagate(from: value, seed: start, to: variables)
  return (value.detached(), gradients)
}

/// Single-variable form of `valueAndGradient(at:seed:of:)`.
public func valueAndGradient(
  at point: Tensor, seed: Tensor? = nil,
  of f: (Tensor) -> Tensor
) -> (value: Tensor, gradient: Tensor) {
  let (value, gradients) = valueAndGradient(at: [point], seed: seed) { f($0[0]) }
  return (value, gradients[0])
}

/// The gradient of `f` at `point`.
public func gradient(at point: Tensor, of f: (Tensor) -> Tensor) -> Tensor {
  valueAndGradient(at: point, of: f).gradient
}

/// Walks the graph in reverse topological order, built with an explicit stack (no recursion),
/// summing each node's incoming gradients before passing them on.
func backpropagate(from output: Tensor, seed: Tensor, to variables: [Tensor]) -> [Tensor] {
  var order: [GradientNode] = []
  if let root = output.node {
    var visited = Set<ObjectIdentifier>([ObjectIdentifier(root)])
    var stack: [(node: GradientNode, next: Int)] = [(root, 0)]
    while let (node, next) = stack.last {
      if next < node.inputs.count {
        stack[stack.count - 1].next += 1
        if let input = node.inputs[next], visited.insert(ObjectIdentifier(input)).inserted {
          stack.append((input, 0))
        }
      } else {
        order.append(node)
        stack.removeLast()
      }
    }
  }

  var pending: [ObjectIdentifier: Tensor] = [:]
  if let root = output.node { pending[ObjectIdentifier(root)] = seed }
  var leaves: [ObjectIdentifier: Tensor] = [:]
  for node in order.reversed() {
    guard let grad = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
    guard let backward = node.backward else {
      leaves[ObjectIdentifier(node)] = grad
      continue
    }
    let inputGradients = backward(grad)
    for (input, g) in zip(node.inputs, inputGradients) {
      guard let input, let g else { continue }
      let id = ObjectIdentifier(input)
      pending[id] = pending[id].map { $0 + g } ?? g
    }
  }
  return variables.map { v in
    leaves[ObjectIdentifier(v.node!)] ?? Tensor.zeros(v.shape, dtype: v.dtype, on: v.backend)
  }
}
