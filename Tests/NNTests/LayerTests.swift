import Foundation
import NN
import TensorCore
import TestSupport
import XCTest

final class LayerTests: XCTestCase {
  func testLinearMatchesHandComputation() {
    let layer = Linear(weight: Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), bias: Tensor([0.5, -1]))
    let y = layer(Tensor(shape: [1, 3], scalars: [1, 0, -1]))
    XCTAssertEqual(y.scalars, [1 - 3 + 0.5, 4 - 6 - 1])
  }

  func testMLPNamesAndCounts() {
    var generator = RandomGenerator(seed: 1)
    let mlp = MLP(widths: [1, 32, 32, 1], activation: .tanh, generator: &generator)
    XCTAssertEqual(
      mlp.parameterNames,
      [
        "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
        "layers.4.weight", "layers.4.bias",
      ])
    XCTAssertEqual(mlp.parameterCount, 32 + 32 + 32 * 32 + 32 + 32 + 1)
    // Same seed, same weights.
    var again = RandomGenerator(seed: 1)
    XCTAssertEqual(MLP(widths: [1, 32, 32, 1], generator: &again).parameters[2].scalars, mlp.parameters[2].scalars)
  }

  func testLayerGradients() {
    var generator = RandomGenerator(seed: 2)
    let mlp = MLP(widths: [3, 4, 2], activation: .silu, generator: &generator)
    checkGradient([Tensor.uniformFixed([5, 3])] + mlp.parameters) { p in
      mlp.with(parameters: Array(p.dropFirst()))(p[0])
    }
    let norm = LayerNorm(features: 4)
    checkGradient([Tensor.uniformFixed([3, 4]), Tensor([1, 2, 0.5, -1]), Tensor([0, 1, 2, 3])]) { p in
      norm.with(parameters: [p[1], p[2]])(p[0])
    }
    let batchNorm = BatchNorm1d(features: 2)
    checkGradient([Tensor.uniformFixed([5, 2]), Tensor([1.5, -1]), Tensor([0.1, 0.2])]) { p in
      batchNorm.with(parameters: [p[1], p[2]])(p[0], context: ForwardContext(training: true))
    }
  }

  func testLayerNormNormalises() {
    let y = LayerNorm(features: 4)(Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])).scalars
    assertClose([y.reduce(0, +) / 4], [0], relative: 1e-12)
    assertClose([y.map { $0 * $0 }.reduce(0, +) / 4], [1], relative: 1e-4)  // ε = 1e-5 in the variance
  }

  func testBatchNormRunningStatistics() {
    let bn = BatchNorm1d(features: 1)
    let x = Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
    _ = bn(x, context: ForwardContext(training: true))
    // mean 2.5; unbiased variance 5/3; momentum 0.1 from (0, 1).
    assertClose(bn.runningMean.scalars, [0.25])
    assertClose(bn.runningVariance.scalars, [0.9 + 0.1 * 5.0 / 3.0])
    let evaluated = bn(x).scalars
    assertClose(evaluated, [1, 2, 3, 4].map { ($0 - 0.25) / (bn.runningVariance.scalar + 1e-5).squareRoot() })
  }

  func testDropout() {
    let dropout = Dropout(probability: 0.5)
    let x = Tensor.ones([1000])
    XCTAssertEqual(dropout(x).scalars, x.scalars, "identity at inference")
    let context = ForwardContext(training: true, generator: RandomGenerator(seed: 4))
    let y = dropout(x, context: context).scalars
    XCTAssertTrue(y.allSatisfy { $0 == 0 || $0 == 2 })
    XCTAssertEqual(Double(y.filter { $0 == 0 }.count) / 1000, 0.5, accuracy: 0.05)
    let mc = dropout(
      x, context: ForwardContext(training: false, keepsDropout: true, generator: RandomGenerator(seed: 4)))
    XCTAssertEqual(mc.scalars, y, "Monte Carlo dropout draws the same masks from the same seed")
  }

  func testLosses() {
    let p = Tensor([1, 2, 3])
    let t = Tensor([1, 0, 5])
    XCTAssertEqual(Loss.meanSquaredError(p, t).scalar, 8.0 / 3)
    XCTAssertEqual(Loss.diagonalChiSquare(p - t, standardDeviation: Tensor([1, 2, 4])).scalar, 0 + 1 + 0.25)
    let nll = Loss.gaussianNegativeLogLikelihood(mean: p, variance: Tensor([1, 1, 4]), target: t).scalar
    XCTAssertEqual(nll, 0.5 * (0 + 4 + Foundation.log(4.0) + 1) / 3, accuracy: 1e-15)
    checkGradient([p, Tensor([1, 2, 4])]) {
      Loss.gaussianNegativeLogLikelihood(mean: $0[0], variance: $0[1], target: t)
    }
  }

  func testInitializersAreSeededAndScaled() {
    var g = RandomGenerator(seed: 3)
    let w = Initializer.xavierUniform().make([200, 100], fanIn: 100, fanOut: 200, using: &g).scalars
    let bound = (6.0 / 300).squareRoot()
    XCTAssertTrue(w.allSatisfy { abs($0) <= bound })
    XCTAssertGreaterThan(w.map(abs).max()!, 0.95 * bound)
    let k = Initializer.kaimingNormal.make([400, 100], fanIn: 100, fanOut: 400, using: &g).scalars
    let variance = k.map { $0 * $0 }.reduce(0, +) / Double(k.count)
    XCTAssertEqual(variance, 0.02, accuracy: 0.002)
  }
}

extension Tensor {
  static func uniformFixed(_ shape: [Int]) -> Tensor {
    var generator = RandomGenerator(seed: 99)
    return Tensor.uniform(shape, low: -1, high: 1, using: &generator)
  }
}

final class BatchedEnsembleTests: XCTestCase {
  /// The stack computes exactly what its members compute one by one, and its gradients are each
  /// member's own.
  func testMatchesMembers() {
    let stack = BatchedEnsemble(widths: [2, 5, 1], members: [1, 2, 3], activation: .tanh)
    let x = Tensor.uniformFixed([4, 2])
    let y = stack(x)
    XCTAssertEqual(y.shape, [4, 3])
    for m in 0..<3 {
      var g = RandomGenerator(seed: UInt64(m + 1))
      let alone = MLP(widths: [2, 5, 1], activation: .tanh, generator: &g)
      assertClose(alone(x).scalars, y.slice(alongAxis: 1, m..<(m + 1)).scalars, relative: 1e-14)
      assertClose(stack.member(m)(x).scalars, alone(x).scalars, relative: 1e-14)
    }
    checkGradient([x] + stack.parameters) { p in stack.with(parameters: Array(p.dropFirst()))(p[0]) }
  }
}
