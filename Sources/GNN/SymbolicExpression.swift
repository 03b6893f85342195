/// A formula tree over named input variables and fitted constants. (Not `Expression`:
/// Foundation has a type of that name.)
///
/// `variable(i)` reads input column `i`; `constant(j)` reads `parameters[j]`, a value the
/// constant fitter chooses. `power`'s exponent is normally a constant, so `r^C1` lets the
/// search measure an exponent instead of guessing it.
public indirect enum SymbolicExpression: Hashable, Sendable {
  case variable(Int)
  case constant(Int)
  case unary(UnaryOperator, SymbolicExpression)
  case binary(BinaryOperator, SymbolicExpression, SymbolicExpression)
}

public enum UnaryOperator: String, CaseIterable, Sendable {
  case exp, log
}

public enum BinaryOperator: String, CaseIterable, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case power = "^"
}

extension SymbolicExpression {
  /// Node count, the complexity measure PySR uses by default (every node costs 1).
  public var complexity: Int {
    switch self {
    case .variable, .constant: return 1
    case .unary(_, let a): return 1 + a.complexity
    case .binary(_, let a, let b): return 1 + a.complexity + b.complexity
    }
  }

  /// Length of the parameter vector the expression reads (largest constant index + 1).
  public var constantCount: Int {
    switch self {
    case .variable: return 0
    case .constant(let j): return j + 1
    case .unary(_, let a): return a.constantCount
    case .binary(_, let a, let b): return max(a.constantCount, b.constantCount)
    }
  }

  /// Values on a batch: `columns[i][n]` is variable `i` of sample `n`.
  /// Invalid operations give NaN or ±inf (log of a negative, pow of a negative base);
  /// the loss treats any non-finite prediction as an infinitely bad fit.
  public func evaluate(columns: [[Double]], parameters: [Double]) -> [Double] {
    let count = columns.first?.count ?? 0
    switch self {
    case .variable(let i):
      precondition(i < columns.count, "SymbolicExpression.evaluate: variable \(i) but \(columns.count) columns")
      return columns[i]
    case .constant(let j):
      precondition(
        j < parameters.count, "SymbolicExpression.evaluate: constant \(j) but \(parameters.count) parameters")
      return [Double](repeating: parameters[j], count: count)
    case .unary(let op, let a):
      var values = a.evaluate(columns: columns, parameters: parameters)
      switch op {
      case .exp: for n in values.indices { values[n] = _exp(values[n]) }
      case .log: for n in values.indices { values[n] = _log(values[n]) }
      }
      return values
    case .binary(let op, let a, let b):
      var values = a.evaluate(columns: columns, parameters: parameters)
      let right = b.evaluate(columns: columns, parameters: parameters)
      switch op {
      case .add: for n in values.indices { values[n] += right[n] }
      case .subtract: for n in values.indices { values[n] -= right[n] }
      case .multiply: for n in values.indices { values[n] *= right[n] }
      case .divide: for n in values.indices { values[n] /= right[n] }
      case .power: for n in values.indices { values[n] = _pow(values[n], right[n]) }
      }
      return values
    }
  }

  /// The same tree with its constants numbered 0, 1, 2, … in preorder, so that a tree
  /// edited by the search reads a dense parameter vector.
  func renumberingConstants() -> SymbolicExpression {
    var next = 0
    return renumbered(&next)
  }

  private func renumbered(_ next: inout Int) -> SymbolicExpression {
    switch self {
    case .variable: return self
    case .constant:
      defer { next += 1 }
      return .constant(next)
    case .unary(let op, let a): return .unary(op, a.renumbered(&next))
    case .binary(let op, let a, let b):
      let left = a.renumbered(&next)
      return .binary(op, left, b.renumbered(&next))
    }
  }
}
