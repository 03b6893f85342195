import Foundation

extension SymbolicExpression {
  /// A readable formula with the fitted constants written as numbers, e.g.
  /// `0.006674 * m1 * m2 * r^(-2.0003)`. Parentheses appear only where precedence needs them.
  public func formula(variableNames: [String], parameters: [Double]) -> String {
    render(variableNames, parameters).text
  }

  private static let leafPrecedence = 4

  private func render(_ names: [String], _ parameters: [Double]) -> (text: String, precedence: Int) {
    switch self {
    case .variable(let i):
      return (i < names.count ? names[i] : "x\(i)", Self.leafPrecedence)
    case .constant(let j):
      guard j < parameters.count else { return ("C\(j)", Self.leafPrecedence) }
      let text = String(format: "%.5g", parameters[j])
      return (parameters[j] < 0 ? "(\(text))" : text, Self.leafPrecedence)
    case .unary(let op, let a):
      return ("\(op.rawValue)(\(a.render(names, parameters).text))", Self.leafPrecedence)
    case .binary(let op, let a, let b):
      let precedence = op.precedence
      let left = a.render(names, parameters)
      let right = b.render(names, parameters)
      // pow is right-associative and binds tighter than anything but a leaf or call;
      // - and / need the right operand wrapped at equal precedence: a - (b + c).
      let wrapLeft = op == .power ? left.precedence <= precedence : left.precedence < precedence
      let wrapRight =
        op == .add || op == .multiply
        ? right.precedence < precedence : right.precedence <= precedence
      let l = wrapLeft ? "(\(left.text))" : left.text
      let r = wrapRight ? "(\(right.text))" : right.text
      let text = op == .power ? "\(l)^\(r)" : "\(l) \(op.rawValue) \(r)"
      return (text, precedence)
    }
  }
}

extension BinaryOperator {
  var precedence: Int {
    switch self {
    case .add, .subtract: return 1
    case .multiply, .divide: return 2
    case .power: return 3
    }
  }
}
