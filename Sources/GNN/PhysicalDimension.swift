/// Units for the search, after SymbolicRegression.jl's dimensional analysis: every variable
/// carries powers of mass and length, and a fitted constant is a *wildcard* that may take
/// whatever units make the expression consistent (G carries the units that turn m₁m₂/r² into a
/// force). A tree that adds a mass to a length (`r + m2^C`), or takes exp/log or a variable
/// power of a dimensional quantity (`C^(r + …)`), cannot be a law, whatever its loss.
public struct PhysicalDimension: Equatable, Sendable {
  public var mass: Double
  public var length: Double
  /// True when fitted constants in the subtree can give it any units.
  public var isWildcard: Bool

  public init(mass: Double = 0, length: Double = 0, isWildcard: Bool = false) {
    self.mass = mass
    self.length = length
    self.isWildcard = isWildcard
  }

  public static let mass = PhysicalDimension(mass: 1)
  public static let length = PhysicalDimension(length: 1)
  public static let dimensionless = PhysicalDimension()
  static let wildcard = PhysicalDimension(isWildcard: true)

  /// Exponents closer than this count as equal: a fitted power such as m2^0.9999999 is m2.
  static let tolerance = 1e-6

  var isDimensionless: Bool { abs(mass) < Self.tolerance && abs(length) < Self.tolerance }

  func sameUnits(as other: PhysicalDimension) -> Bool {
    abs(mass - other.mass) < Self.tolerance && abs(length - other.length) < Self.tolerance
  }
}

extension SymbolicExpression {
  /// The units of the tree given each variable's, or nil where it combines units that cannot
  /// be combined. Power with a constant exponent scales the base's units by the fitted value,
  /// so `parameters` are needed.
  public func dimension(variables: [PhysicalDimension], parameters: [Double]) -> PhysicalDimension? {
    switch self {
    case .variable(let i):
      precondition(i < variables.count, "SymbolicExpression.dimension: variable \(i) but \(variables.count) units")
      return variables[i]
    case .constant:
      return .wildcard
    case .unary(_, let a):
      // exp and log need a pure number; a wildcard argument (C·r) can be made one.
      guard let inner = a.dimension(variables: variables, parameters: parameters),
        inner.isWildcard || inner.isDimensionless
      else { return nil }
      return .dimensionless
    case .binary(let op, let a, let b):
      guard let left = a.dimension(variables: variables, parameters: parameters),
        let right = b.dimension(variables: variables, parameters: parameters)
      else { return nil }
      switch op {
      case .add, .subtract:
        if left.isWildcard && right.isWildcard { return .wildcard }
        if left.isWildcard { return right }
        if right.isWildcard { return left }
        return left.sameUnits(as: right) ? left : nil
      case .multiply:
        return PhysicalDimension(
          mass: left.mass + right.mass, length: left.length + right.length,
          isWildcard: left.isWildcard || right.isWildcard)
      case .divide:
        return PhysicalDimension(
          mass: left.mass - right.mass, length: left.length - right.length,
          isWildcard: left.isWildcard || right.isWildcard)
      case .power:
        guard right.isWildcard || right.isDimensionless else { return nil }
        if let exponent = b.constantValue(parameters) {
          return PhysicalDimension(
            mass: left.mass * exponent, length: left.length * exponent,
            isWildcard: left.isWildcard)
        }
        // A variable exponent (m1^(r/C)) needs a pure-number base.
        guard left.isWildcard || left.isDimensionless else { return nil }
        return .dimensionless
      }
    }
  }

  /// The value of a subtree made of constants only (nil if it reads a variable).
  func constantValue(_ parameters: [Double]) -> Double? {
    switch self {
    case .variable: return nil
    case .constant(let j): return j < parameters.count ? parameters[j] : nil
    default:
      if readsVariable { return nil }
      return evaluate(columns: [[0]], parameters: parameters).first
    }
  }

  var readsVariable: Bool {
    switch self {
    case .variable: return true
    case .constant: return false
    case .unary(_, let a): return a.readsVariable
    case .binary(_, let a, let b): return a.readsVariable || b.readsVariable
    }
  }
}

/// What the search knows of the target's units: a force, which none of m₁, m₂, r carries time
/// for, so a law must hold a constant (G) to carry it: the tree's units must be a wildcard.
public enum DimensionalConstraint: Sendable {
  case none
  /// Variables' units; a consistent tree must end in a wildcard (a fitted constant sets its scale).
  case units([PhysicalDimension])

  func admits(_ expression: SymbolicExpression, parameters: [Double]) -> Bool {
    switch self {
    case .none: return true
    case .units(let variables):
      guard let d = expression.dimension(variables: variables, parameters: parameters) else { return false }
      return d.isWildcard
    }
  }
}
