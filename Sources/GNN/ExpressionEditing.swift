/// Node addressing for the genetic operators: nodes are numbered 0..<complexity in preorder.
extension SymbolicExpression {
  func subtree(at index: Int) -> SymbolicExpression {
    var remaining = index
    return locate(&remaining)!
  }

  private func locate(_ remaining: inout Int) -> SymbolicExpression? {
    if remaining == 0 { return self }
    remaining -= 1
    switch self {
    case .variable, .constant: return nil
    case .unary(_, let a): return a.locate(&remaining)
    case .binary(_, let a, let b): return a.locate(&remaining) ?? b.locate(&remaining)
    }
  }

  /// This tree with the node at preorder `index` replaced by `replacement`.
  func replacing(at index: Int, with replacement: SymbolicExpression) -> SymbolicExpression {
    var remaining = index
    return replaced(&remaining, replacement)
  }

  private func replaced(_ remaining: inout Int, _ replacement: SymbolicExpression) -> SymbolicExpression {
    if remaining == 0 {
      remaining = -1
      return replacement
    }
    if remaining < 0 { return self }
    remaining -= 1
    switch self {
    case .variable, .constant: return self
    case .unary(let op, let a): return .unary(op, a.replaced(&remaining, replacement))
    case .binary(let op, let a, let b):
      let left = a.replaced(&remaining, replacement)
      return .binary(op, left, b.replaced(&remaining, replacement))
    }
  }
}

extension SymbolicExpression {
  /// The same tree reading variable `map(i)` wherever it read variable i.
  func renamingVariables(_ map: (Int) -> Int) -> SymbolicExpression {
    switch self {
    case .variable(let i): return .variable(map(i))
    case .constant: return self
    case .unary(let op, let a): return .unary(op, a.renamingVariables(map))
    case .binary(let op, let a, let b): return .binary(op, a.renamingVariables(map), b.renamingVariables(map))
    }
  }
}
