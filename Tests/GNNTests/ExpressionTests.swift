import TensorCore
import XCTest

@testable import GNN

final class ExpressionTests: XCTestCase {
  // C0 * m1 * m2 / r^C1
  let gravity: SymbolicExpression = .binary(
    .divide,
    .binary(.multiply, .binary(.multiply, .constant(0), .variable(0)), .variable(1)),
    .binary(.power, .variable(2), .constant(1)))

  func testEvaluateComplexityAndFormula() {
    let columns = [[2.0, 3.0], [5.0, 7.0], [2.0, 4.0]]
    let values = gravity.evaluate(columns: columns, parameters: [0.5, 2])
    XCTAssertEqual(values[0], 0.5 * 2 * 5 / 4, accuracy: 1e-12)
    XCTAssertEqual(values[1], 0.5 * 3 * 7 / 16, accuracy: 1e-12)
    XCTAssertEqual(gravity.complexity, 9)
    XCTAssertEqual(gravity.constantCount, 2)
    XCTAssertEqual(
      gravity.formula(variableNames: ["m1", "m2", "r"], parameters: [0.5, 2]),
      "0.5 * m1 * m2 / r^2")
    let nested: SymbolicExpression = .binary(
      .subtract, .variable(0),
      .binary(.add, .variable(1), .unary(.log, .constant(0))))
    XCTAssertEqual(nested.formula(variableNames: ["a", "b"], parameters: [-1.5]), "a - (b + log((-1.5)))")
  }

  func testRenumberingAndEditing() {
    let raw: SymbolicExpression = .binary(.add, .constant(0), .binary(.multiply, .constant(0), .variable(0)))
    XCTAssertEqual(
      raw.renumberingConstants(),
      .binary(.add, .constant(0), .binary(.multiply, .constant(1), .variable(0))))
    // Preorder: 0 add, 1 constant, 2 multiply, 3 constant, 4 variable.
    XCTAssertEqual(raw.subtree(at: 2), .binary(.multiply, .constant(0), .variable(0)))
    XCTAssertEqual(
      raw.replacing(at: 4, with: .variable(1)),
      .binary(.add, .constant(0), .binary(.multiply, .constant(0), .variable(1))))
  }

  /// Levenberg–Marquardt recovers planted constants of a known form from exact data.
  func testConstantFitterRecoversPlantedConstants() {
    var rng = RandomGenerator(seed: 7)
    let n = 100
    let m1 = (0..<n).map { _ in _pow(10, 3 * rng.uniform()) }
    let m2 = (0..<n).map { _ in _pow(10, 3 * rng.uniform()) }
    let r = (0..<n).map { _ in 0.3 + 50 * rng.uniform() }
    let target = (0..<n).map { 3.0 * m1[$0] * m2[$0] / _pow(r[$0], 1.5) }
    let objective = LogSpaceLoss(
      columns: [m1, m2, r], target: target,
      weights: [Double](repeating: 1, count: n))
    let fit = ConstantFitter().fit(gravity, loss: objective, starts: [[1, 1]])
    print("fitted C0 = \(fit.parameters[0]), C1 = \(fit.parameters[1]), loss = \(fit.loss)")
    XCTAssertEqual(fit.parameters[0], 3, accuracy: 1e-6)
    XCTAssertEqual(fit.parameters[1], 1.5, accuracy: 1e-8)
    XCTAssertLessThan(fit.loss, 1e-16)
  }
}
