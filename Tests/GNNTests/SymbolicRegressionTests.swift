import TensorCore
import XCTest

@testable import GNN

/// Law recovery: synthetic edge forces from a planted law, searched with the same options;
/// the picked formula's measured exponents must match the planted ones.
final class SymbolicRegressionTests: XCTestCase {
  let names = ["m1", "m2", "r"]

  /// Samples with m1, m2 log-uniform over 1e-1…1e3, r uniform over 0.3…50, target
  /// G·m1^a·m2^b·r^p times 1 % log-normal noise, and caller weights in 0.5…1.5.
  func samples(a: Double, b: Double, p: Double, count: Int = 200, seed: UInt64)
    -> (inputs: [[Double]], target: [Double], weights: [Double])
  {
    var rng = RandomGenerator(seed: seed)
    let g = 6.674e-3
    var m1 = [Double]()
    var m2 = [Double]()
    var r = [Double]()
    var target = [Double]()
    var weights = [Double]()
    for _ in 0..<count {
      m1.append(_pow(10, -1 + 4 * rng.uniform()))
      m2.append(_pow(10, -1 + 4 * rng.uniform()))
      r.append(0.3 + 49.7 * rng.uniform())
      let law = g * _pow(m1.last!, a) * _pow(m2.last!, b) * _pow(r.last!, p)
      target.append(law * _exp(0.01 * rng.normal()))
      weights.append(0.5 + rng.uniform())
    }
    return ([m1, m2, r], target, weights)
  }

  /// d log|f| / d log x_i of the picked expression at one point: the exponent of variable i
  /// whatever form the search wrote the law in.
  func logSlope(_ point: ParetoPoint, variable i: Int, at x: [Double]) -> Double {
    let h = 1e-4
    var up = x.map { [$0] }
    var down = x.map { [$0] }
    up[i][0] *= _exp(h)
    down[i][0] *= _exp(-h)
    let fUp = point.expression.evaluate(columns: up, parameters: point.parameters)[0]
    let fDown = point.expression.evaluate(columns: down, parameters: point.parameters)[0]
    return (_log(abs(fUp)) - _log(abs(fDown))) / (2 * h)
  }

  func search(a: Double, b: Double, p: Double, seed: UInt64) throws -> SymbolicResult {
    let data = samples(a: a, b: b, p: p, seed: 100 + seed)
    let result = try SymbolicRegression(variableNames: names)
      .search(inputs: data.inputs, target: data.target, weights: data.weights, seed: seed)
    print("planted F = G * m1^\(a) * m2^\(b) * r^\(p); Pareto front (* = pick):\n\(result.table)")
    return result
  }

  /// The picked law has the planted exponents at two far-apart points (so it is a power
  /// law in each variable, not a local fit) and a loss at the noise floor (1e-4).
  func assertExponents(
    _ result: SymbolicResult, a: Double, b: Double, p: Double,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let best = result.best
    for x in [[1.0, 10.0, 0.5], [300.0, 0.3, 40.0]] {
      let slopes = (0..<3).map { logSlope(best, variable: $0, at: x) }
      print("exponents of \(best.formula) at \(x): \(slopes)")
      XCTAssertEqual(slopes[0], a, accuracy: 0.01, "m1 exponent", file: file, line: line)
      XCTAssertEqual(slopes[1], b, accuracy: 0.01, "m2 exponent", file: file, line: line)
      XCTAssertEqual(slopes[2], p, accuracy: 0.01, "r exponent", file: file, line: line)
    }
    XCTAssertLessThan(best.loss, 2e-4, file: file, line: line)
    XCTAssertLessThanOrEqual(best.complexity, 12, file: file, line: line)
  }

  func testFindsInverseSquareLaw() throws {
    assertExponents(try search(a: 1, b: 1, p: -2, seed: 1), a: 1, b: 1, p: -2)
  }

  /// The proof the search measures rather than recites: r^-2.5 must come out as -2.5.
  func testFindsPlantedNonInverseSquareLaw() throws {
    assertExponents(try search(a: 1, b: 1, p: -2.5, seed: 2), a: 1, b: 1, p: -2.5)
  }

  func testDistinguishesExtraMassPower() throws {
    assertExponents(try search(a: 1, b: 2, p: -2, seed: 3), a: 1, b: 2, p: -2)
  }

  /// A GNN edge also carries the separation's components x, y, z (with r = |(x, y, z)|);
  /// the search must still pick m1·m2·r^-2 and leave the components out.
  func testFindsLawAmongSeparationComponents() throws {
    let data = samples(a: 1, b: 1, p: -2, seed: 104)
    var rng = RandomGenerator(seed: 4)
    var x = [Double]()
    var y = [Double]()
    var z = [Double]()
    for r in data.inputs[2] {
      // An isotropic direction: z uniform in [-1, 1], azimuth uniform.
      let u = 2 * rng.uniform() - 1
      let phi = 2 * Double.pi * rng.uniform()
      let s = (1 - u * u).squareRoot()
      x.append(r * s * _cosine(phi))
      y.append(r * s * _cosine(phi - Double.pi / 2))
      z.append(r * u)
    }
    let result = try SymbolicRegression(variableNames: names + ["x", "y", "z"])
      .search(inputs: data.inputs + [x, y, z], target: data.target, weights: data.weights, seed: 4)
    print("6 edge variables; Pareto front (* = pick):\n\(result.table)")
    let point = [1.0, 10, 0.5, 0.3, 0.4, 0]
    let slopes = (0..<6).map { logSlope(result.best, variable: $0, at: point) }
    print("exponents of \(result.best.formula): \(slopes)")
    for (i, expected) in [1.0, 1, -2, 0, 0, 0].enumerated() {
      XCTAssertEqual(slopes[i], expected, accuracy: 0.01, "exponent of variable \(i)")
    }
  }

  func testSameSeedSameFront() throws {
    let data = samples(a: 1, b: 1, p: -2, count: 100, seed: 9)
    var options = SymbolicRegressionOptions()
    options.generations = 6
    let regression = SymbolicRegression(variableNames: names, options: options)
    let first = try regression.search(inputs: data.inputs, target: data.target, weights: data.weights, seed: 5)
    let second = try regression.search(inputs: data.inputs, target: data.target, weights: data.weights, seed: 5)
    XCTAssertEqual(first.paretoFront.map(\.formula), second.paretoFront.map(\.formula))
    XCTAssertEqual(first.paretoFront.map(\.loss), second.paretoFront.map(\.loss))
    let other = try regression.search(inputs: data.inputs, target: data.target, weights: data.weights, seed: 6)
    XCTAssertNotEqual(
      first.paretoFront.map(\.formula), other.paretoFront.map(\.formula),
      "a different seed should explore differently")
  }

  func testRejectsZeroTargetAndBadWeight() {
    let regression = SymbolicRegression(variableNames: ["x"])
    XCTAssertThrowsError(try regression.search(inputs: [[1, 2]], target: [1, 0], weights: [1, 1], seed: 0)) {
      XCTAssertEqual($0 as? SymbolicRegressionError, .zeroOrNonFiniteTarget(index: 1))
    }
    XCTAssertThrowsError(try regression.search(inputs: [[1, 2]], target: [1, 2], weights: [1, -1], seed: 0)) {
      XCTAssertEqual($0 as? SymbolicRegressionError, .nonPositiveWeight(index: 1))
    }
  }
}

/// The pick is judged on held-out samples: a point whose constants fit the fitted samples but
/// whose held-out loss is far above the front's best cannot be picked, whatever its score.
final class HeldOutSelectionTests: XCTestCase {
  func point(_ complexity: Int, loss: Double, heldOut: Double, score: Double) -> ParetoPoint {
    ParetoPoint(
      complexity: complexity, loss: loss, score: score, heldOutLoss: heldOut,
      expression: .constant(0), parameters: [1], formula: "c\(complexity)")
  }

  func testHeldOutLossDecidesEligibility() {
    let front = [
      point(3, loss: 1, heldOut: 1, score: 0),
      point(5, loss: 1e-4, heldOut: 0.5, score: 4.6),  // fits, but the held-out blocks reject it
      point(7, loss: 0.9e-4, heldOut: 1e-4, score: 0.05),
    ]
    XCTAssertEqual(pickBest(front, lossFactor: 1.5)?.complexity, 7)
    // Without held-out samples (held-out = fitted losses) PySR's rule is unchanged.
    let plain = front.map { point($0.complexity, loss: $0.loss, heldOut: $0.loss, score: $0.score) }
    XCTAssertEqual(pickBest(plain, lossFactor: 1.5)?.complexity, 5)
  }
}

/// When populations count as agreeing: a poor pick (held-out loss 4.4, as a seconds-long
/// `gnn train --quick` run gave) must not make a constant "agree" with it because the two differ
/// by less than that misfit.
final class PopulationAgreementTests: XCTestCase {
  func testAgreementNeedsTheSameLawNotTheSameMisfit() {
    let r = (1...40).map { Double($0) }
    var rng = RandomGenerator(seed: 7)
    let target = r.map { 3e-4 / ($0 * $0) * _exp(0.5 * rng.normal()) }
    let judge = LogSpaceLoss(columns: [r], target: target, weights: [Double](repeating: 1, count: r.count))
    let inverseSquare: SymbolicExpression = .binary(
      .multiply, .constant(0), .binary(.power, .variable(0), .constant(1)))
    func point(_ e: SymbolicExpression, _ p: [Double]) -> ParetoPoint {
      let loss = judge.loss(e, p)
      return ParetoPoint(
        complexity: e.complexity, loss: loss, score: 0, heldOutLoss: loss, expression: e, parameters: p,
        formula: e.formula(variableNames: ["r"], parameters: p))
    }
    let best = point(inverseSquare, [3e-4, -2])
    XCTAssertTrue(
      SymbolicRegression.sameLaw(point(inverseSquare, [3e-4 * (1 + 1e-9), -2]), best, on: judge, lossFactor: 1.5))
    // r^-1.9 is eligible (held-out loss within 1.5x) and differs by less than the misfit, but
    // by more than a tenth of it: another law.
    let other = point(inverseSquare, [3e-4, -1.9])
    XCTAssertLessThan(other.heldOutLoss, 1.5 * best.heldOutLoss)
    XCTAssertLessThan(
      judge.meanSquaredLogDifference(other.expression, other.parameters, best.expression, best.parameters),
      best.heldOutLoss)
    XCTAssertFalse(SymbolicRegression.sameLaw(other, best, on: judge, lossFactor: 1.5))
    XCTAssertFalse(SymbolicRegression.sameLaw(point(.constant(0), [1e-6]), best, on: judge, lossFactor: 1.5))
  }
}
