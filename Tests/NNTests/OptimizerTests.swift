import Foundation
import NN
import TensorCore
import TestSupport
import XCTest

/// Optimizer steps on f(θ) = θ² from θ = 1 against values worked by hand (see each comment).
final class OptimizerTests: XCTestCase {
  private func run<O: Optimizer>(_ optimizer: inout O, steps: Int) -> [Double] {
    var parameters = [Tensor([1.0])]
    return (0..<steps).map { _ in
      let grads = [2 * parameters[0]]
      optimizer.update(&parameters, along: grads)
      return parameters[0].scalar
    }
  }

  /// Step 1: m̂ = g = 2, v̂ = g² = 4, θ = 1 − 0.1·2/(2 + 1e-8) = 0.9000000005.
  func testAdamFirstThreeSteps() {
    var adam = Adam(for: [Tensor([1.0])], learningRate: 0.1)
    assertClose(run(&adam, steps: 3), [0.9000000005, 0.8004122286917927, 0.70158627294603], relative: 1e-14)
  }

  /// The fused step gives the bits of Adam's formula written as tensor ops, in both dtypes, on
  /// a parameter large enough to be split across threads.
  func testFusedAdamStepMatchesTheFormulaBitForBit() {
    var generator = RandomGenerator(seed: 31)
    for dtype in [DType.float64, .float32] {
      for count in [7, 100_003] {
        let p = Tensor.uniform([count], using: &generator).to(dtype) - 0.5
        let g = Tensor.normal([count], using: &generator).to(dtype)
        let m = 0.1 * Tensor.normal([count], using: &generator).to(dtype)
        let v = 0.01 * Tensor.uniform([count], using: &generator).to(dtype)
        let (beta1, beta2, rate, epsilon, step) = (0.9, 0.999, 3e-3, 1e-8, 4)
        let fused = adamStep(
          p, gradient: g, firstMoment: m, secondMoment: v,
          AdamCoefficients(beta1: beta1, beta2: beta2, learningRate: rate, epsilon: epsilon, step: step))
        let m1 = beta1 * m + (1 - beta1) * g
        let v1 = beta2 * v + (1 - beta2) * g * g
        let c1 = 1 - Foundation.pow(beta1, Double(step))
        let c2 = 1 - Foundation.pow(beta2, Double(step))
        let p1 = p - (rate / c1) * m1 / (sqrt(v1 / c2) + epsilon)
        XCTAssertEqual(fused.firstMoment.scalars, m1.scalars, "\(dtype) \(count)")
        XCTAssertEqual(fused.secondMoment.scalars, v1.scalars, "\(dtype) \(count)")
        XCTAssertEqual(fused.parameter.scalars, p1.scalars, "\(dtype) \(count)")
      }
    }
  }

  /// AdamW shrinks θ by (1 − ηλ) = 0.99 before the Adam step: 0.99 − 0.1 = 0.89 (+5e-10).
  func testAdamWDecouplesDecay() {
    var adamW = Adam.adamW(for: [Tensor([1.0])], learningRate: 0.1, weightDecay: 0.1)
    assertClose(run(&adamW, steps: 2), [0.8900000004999999, 0.7815718559365047], relative: 1e-14)
  }

  /// b = 2 → θ = 0.8; b = 0.9·2 + 1.6 = 3.4 → θ = 0.46; b = 3.06 + 0.92 = 3.98 → θ = 0.062.
  func testSGDMomentum() {
    var sgd = SGD(for: [Tensor([1.0])], learningRate: 0.1, momentum: 0.9)
    assertClose(run(&sgd, steps: 3), [0.8, 0.46, 0.062], relative: 1e-13)
  }

  /// Nesterov: d = g + 0.9b; step 1: d = 2 + 1.8 = 3.8 → θ = 0.62.
  func testSGDNesterov() {
    var sgd = SGD(for: [Tensor([1.0])], learningRate: 0.1, momentum: 0.9, nesterov: true)
    assertClose(run(&sgd, steps: 3), [0.62, 0.2224, -0.108352], relative: 1e-13)
  }

  func testPlainSGDWithWeightDecay() {
    // g = 2θ + 0.5θ = 2.5 → θ = 1 − 0.1·2.5 = 0.75.
    var sgd = SGD(for: [Tensor([1.0])], learningRate: 0.1, weightDecay: 0.5)
    assertClose(run(&sgd, steps: 1), [0.75])
  }

  func testStateRoundTripContinuesIdentically() throws {
    var a = Adam(for: [Tensor([1.0])], learningRate: 0.1)
    _ = run(&a, steps: 2)
    var b = Adam(for: [Tensor([1.0])], learningRate: 0.1)
    try b.restore(a.state)
    var pa = [Tensor([0.5])]
    var pb = [Tensor([0.5])]
    a.update(&pa, along: [Tensor([0.3])])
    b.update(&pb, along: [Tensor([0.3])])
    XCTAssertEqual(pa[0].scalar, pb[0].scalar)
    var wrong = Adam(for: [Tensor([1.0, 2.0])])
    XCTAssertThrowsError(try wrong.restore(a.state))
  }

  /// AMSGrad on gradients that shrink, so that v falls below its largest value: against the
  /// recurrence written out in scalars (v_max ← max(v_max, v), the step divided by √(v_max/c₂)).
  func testAMSGradDividesByTheLargestSecondMoment() throws {
    let gradients = [1.0, 0.01, 0.01, 0.5]
    let (rate, beta1, beta2, epsilon) = (0.1, 0.9, 0.9, 1e-8)
    var (m, v, vMax, theta) = (0.0, 0.0, 0.0, 1.0)
    var expected: [Double] = []
    for (t, g) in gradients.enumerated() {
      m = beta1 * m + (1 - beta1) * g
      v = beta2 * v + (1 - beta2) * g * g
      vMax = max(vMax, v)
      theta -=
        rate / (1 - Foundation.pow(beta1, Double(t + 1))) * m
        / ((vMax / (1 - Foundation.pow(beta2, Double(t + 1)))).squareRoot() + epsilon)
      expected.append(theta)
    }
    func steps(amsgrad: Bool) -> (Adam, [Double]) {
      var adam = Adam(
        for: [Tensor([1.0])], learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
      var parameters = [Tensor([1.0])]
      let thetas = gradients.map { g in
        adam.update(&parameters, along: [Tensor([g])])
        return parameters[0].scalar
      }
      return (adam, thetas)
    }
    let (amsgrad, thetas) = steps(amsgrad: true)
    assertClose(thetas, expected, relative: 1e-14)
    XCTAssertGreaterThan(abs(steps(amsgrad: false).1[2] - thetas[2]), 1e-3, "v fell, so plain Adam must step further")
    // v_max is state: a resumed optimizer continues identically; plain Adam's state lacks it.
    var resumed = Adam(
      for: [Tensor([1.0])], learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: true)
    try resumed.restore(amsgrad.state)
    var (pa, pb) = ([Tensor([0.5])], [Tensor([0.5])])
    var original = amsgrad
    original.update(&pa, along: [Tensor([0.001])])
    resumed.update(&pb, along: [Tensor([0.001])])
    XCTAssertEqual(pa[0].scalar, pb[0].scalar)
    XCTAssertThrowsError(try resumed.restore(Adam(for: [Tensor([1.0])]).state))
  }

  func testClipByGlobalNorm() {
    let (clipped, norm) = clipByGlobalNorm([Tensor([3.0]), Tensor([4.0])], maxNorm: 1)
    XCTAssertEqual(norm, 5)
    assertClose(clipped.flatMap(\.scalars), [0.6, 0.8], relative: 1e-11)
    let (untouched, _) = clipByGlobalNorm([Tensor([0.3])], maxNorm: 1)
    XCTAssertEqual(untouched[0].scalar, 0.3)
  }
}
