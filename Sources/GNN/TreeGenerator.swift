import TensorCore

/// Random trees and the genetic operators (mutation, crossover) of the search.
/// Constants are written as `.constant(0)` and renumbered by the caller.
struct TreeGenerator {
  let variableCount: Int
  let unaryOperators: [UnaryOperator]
  let binaryOperators: [BinaryOperator]

  func leaf(_ rng: inout RandomGenerator) -> SymbolicExpression {
    rng.uniform() < 0.75 ? .variable(rng.integer(below: variableCount)) : .constant(0)
  }

  /// A random tree of at most `depth` levels below the root; `power` always gets a constant
  /// exponent so the fit measures it.
  func tree(depth: Int, _ rng: inout RandomGenerator) -> SymbolicExpression {
    if depth == 0 || rng.uniform() < 0.3 { return leaf(&rng) }
    if !unaryOperators.isEmpty, rng.uniform() < 0.15 {
      let op = unaryOperators[rng.integer(below: unaryOperators.count)]
      return .unary(op, tree(depth: depth - 1, &rng))
    }
    let op = binaryOperators[rng.integer(below: binaryOperators.count)]
    if op == .power { return .binary(.power, tree(depth: depth - 1, &rng), .constant(0)) }
    return .binary(op, tree(depth: depth - 1, &rng), tree(depth: depth - 1, &rng))
  }

  /// One of five edits, chosen uniformly: replace a subtree, change one node, wrap a node
  /// in a new binary operation, hoist a child over its parent, or raise a node to a power.
  func mutate(_ parent: SymbolicExpression, _ rng: inout RandomGenerator) -> SymbolicExpression {
    let index = rng.integer(below: parent.complexity)
    let node = parent.subtree(at: index)
    let edited: SymbolicExpression
    switch rng.integer(below: 5) {
    case 0:
      edited = tree(depth: 2, &rng)
    case 1:
      edited = pointMutation(node, &rng)
    case 2:
      let op = binaryOperators[rng.integer(below: binaryOperators.count)]
      if op == .power {
        edited = .binary(.power, node, .constant(0))
      } else {
        let operand =
          rng.uniform() < 0.3 && binaryOperators.contains(.power)
          ? .binary(.power, leaf(&rng), .constant(0)) : leaf(&rng)
        edited = rng.uniform() < 0.5 ? .binary(op, node, operand) : .binary(op, operand, node)
      }
    case 3:
      switch node {
      case .unary(_, let a): edited = a
      case .binary(_, let a, let b): edited = rng.uniform() < 0.5 ? a : b
      default: edited = leaf(&rng)
      }
    default:
      edited = binaryOperators.contains(.power) ? .binary(.power, node, .constant(0)) : node
    }
    return parent.replacing(at: index, with: edited)
  }

  private func pointMutation(_ node: SymbolicExpression, _ rng: inout RandomGenerator) -> SymbolicExpression {
    switch node {
    case .variable, .constant: return leaf(&rng)
    case .unary(_, let a):
      return unaryOperators.isEmpty ? a : .unary(unaryOperators[rng.integer(below: unaryOperators.count)], a)
    case .binary(_, let a, let b):
      return .binary(binaryOperators[rng.integer(below: binaryOperators.count)], a, b)
    }
  }

  /// A random subtree of `donor` grafted at a random node of `receiver`.
  func crossover(_ receiver: SymbolicExpression, _ donor: SymbolicExpression, _ rng: inout RandomGenerator)
    -> SymbolicExpression
  {
    let graft = donor.subtree(at: rng.integer(below: donor.complexity))
    return receiver.replacing(at: rng.integer(below: receiver.complexity), with: graft)
  }
}
