import TensorCore
import XCTest

@testable import GNN

/// The units check: the laws the issue's bad picks wrote (`0.83^(r + m2^-0.22 + 97)`,
/// `(m2^-0.22 + r + 14)^-6.2`) are rejected; Newton and other consistent laws pass.
final class DimensionTests: XCTestCase {
  let units = DimensionalConstraint.units(LawDiscovery.variableUnits)
  let (m1, m2, r): (SymbolicExpression, SymbolicExpression, SymbolicExpression) = (
    .variable(0), .variable(1), .variable(2)
  )

  func power(_ base: SymbolicExpression, _ j: Int) -> SymbolicExpression { .binary(.power, base, .constant(j)) }
  func times(_ a: SymbolicExpression, _ b: SymbolicExpression) -> SymbolicExpression { .binary(.multiply, a, b) }
  func plus(_ a: SymbolicExpression, _ b: SymbolicExpression) -> SymbolicExpression { .binary(.add, a, b) }

  func testRejectsTheIssuesPicks() {
    // 0.83383^(r + m2^(-0.21754) + 97.371)
    let first: SymbolicExpression = .binary(.power, .constant(0), plus(plus(r, power(m2, 1)), .constant(2)))
    XCTAssertFalse(units.admits(first, parameters: [0.83383, -0.21754, 97.371]))
    // (m2^(-0.21614) + r + 14.167)^(-6.1625)
    let second = power(plus(plus(power(m2, 0), r), .constant(1)), 2)
    XCTAssertFalse(units.admits(second, parameters: [-0.21614, 14.167, -6.1625]))
    XCTAssertNil(plus(r, m1).dimension(variables: LawDiscovery.variableUnits, parameters: []))
  }

  func testAdmitsConsistentLaws() {
    let newton = times(times(times(.constant(0), m1), m2), power(r, 1))
    XCTAssertTrue(units.admits(newton, parameters: [2.96e-4, -2]))
    XCTAssertEqual(
      newton.dimension(variables: LawDiscovery.variableUnits, parameters: [2.96e-4, -2]),
      PhysicalDimension(mass: 2, length: -2, isWildcard: true))
    // A constant turns r into a pure number: exp(C·r) is fine, exp(r) is not.
    let yukawa = times(newton, .unary(.exp, times(.constant(2), r)))
    XCTAssertTrue(units.admits(yukawa, parameters: [1, -1, -0.1]))
    XCTAssertFalse(units.admits(times(newton, .unary(.exp, r)), parameters: [1, -1]))
    // A constant can carry mass/length: C·m1 + r is a length.
    XCTAssertTrue(units.admits(times(.constant(0), plus(times(.constant(1), m1), r)), parameters: [1, 1]))
  }

  /// A force needs a constant to carry its units (no variable carries time): m1·m2/r² alone is
  /// not one; and a fitted mass power must match another's to be added to it.
  func testOutputMustCarryAConstant() {
    let bare: SymbolicExpression = .binary(.divide, times(m1, m2), power(r, 0))
    XCTAssertFalse(units.admits(bare, parameters: [2]))
    let sum = times(.constant(0), plus(power(m1, 1), power(m2, 2)))
    XCTAssertTrue(units.admits(sum, parameters: [1, 1.5, 1.5]))
    XCTAssertFalse(units.admits(sum, parameters: [1, 1.5, 1.2]))
  }

  /// With units checked, the search's hall of fame (and so its front) holds no inconsistent tree.
  func testSearchFrontIsConsistent() throws {
    var rng = RandomGenerator(seed: 3)
    var columns: [[Double]] = [[], [], []]
    var target = [Double]()
    for _ in 0..<80 {
      let (a, b, d) = (_pow(10, -3 * rng.uniform()), _pow(10, -3 * rng.uniform()), 0.3 + 30 * rng.uniform())
      columns[0].append(a)
      columns[1].append(b)
      columns[2].append(d)
      target.append(3e-4 * a * b / (d * d) * _exp(0.01 * rng.normal()))
    }
    var options = SymbolicRegressionOptions()
    (options.populationSize, options.generations, options.populations) = (40, 10, 2)
    options.dimensions = .units([.mass, .mass, .length])
    let result = try SymbolicRegression(variableNames: ["m1", "m2", "r"], options: options)
      .search(inputs: columns, target: target, weights: [Double](repeating: 1, count: target.count), seed: 1)
    print(result.table)
    for point in result.paretoFront {
      XCTAssertTrue(options.dimensions.admits(point.expression, parameters: point.parameters), point.formula)
    }
    XCTAssertEqual(result.populationPicks.count, 2)
    XCTAssertTrue((1...2).contains(result.populationsAgreeing))
  }
}
