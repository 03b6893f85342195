import TensorCore
import TestSupport
import XCTest

/// One finite-difference check per differentiable op, in Float64, including broadcast and
/// reduced shapes. Kinks (relu, abs, max at ties) are tested apart in `KinkTests`.
final class GradientTests: XCTestCase {
  func testArithmetic() {
    checkGradient(shapes: [[3, 4], [3, 4]]) { $0[0] + $0[1] }
    checkGradient(shapes: [[3, 4], [4]]) { $0[0] - $0[1] }
    checkGradient(shapes: [[2, 1, 4], [3, 1]]) { $0[0] * $0[1] }
    checkGradient(shapes: [[3, 4], []]) { $0[0] * $0[1] }
    checkGradient([Tensor(shape: [2, 3], scalars: [1, -2, 3, 0.5, 2, -1]), Tensor([1.5, -0.7, 2.5])]) { $0[0] / $0[1] }
    checkGradient(shapes: [[5]]) { -$0[0] }
    checkGradient(shapes: [[3]]) { 2.0 * $0[0] + 1.0 - $0[0] / 4.0 }
    checkGradient(shapes: [[3]], low: 0.5, high: 2) { 3.0 / $0[0] - (1.0 - $0[0]) }
  }

  func testPow() {
    checkGradient(shapes: [[3, 2], [2]], low: 0.5, high: 2) { pow($0[0], $0[1]) }
    checkGradient(shapes: [[4]]) { pow($0[0], 3) }
    checkGradient(shapes: [[4]], low: 0.2, high: 3) { pow($0[0], -1.5) }
  }

  func testUnary() {
    checkGradient(shapes: [[3, 4]]) { exp($0[0]) }
    checkGradient(shapes: [[3, 4]], low: 0.1, high: 3) { log($0[0]) }
    checkGradient(shapes: [[3, 4]], low: -0.5, high: 3) { log1p($0[0]) }
    checkGradient(shapes: [[3, 4]], low: 0.1, high: 3) { sqrt($0[0]) }
    checkGradient(shapes: [[3, 4]]) { tanh($0[0]) }
    checkGradient(shapes: [[3, 4]], low: -8, high: 8) { sigmoid($0[0]) }
    checkGradient(shapes: [[3, 4]], low: -8, high: 8) { softplus($0[0]) }
    checkGradient(shapes: [[3, 4]]) { silu($0[0]) }
    checkGradient(shapes: [[3, 4]]) { gelu($0[0]) }
    checkGradient(shapes: [[3, 4]]) { erf($0[0]) }
    checkGradient(shapes: [[3, 4]]) { sin($0[0]) }
    checkGradient(shapes: [[3, 4]]) { cos($0[0]) }
    checkGradient(shapes: [[3, 4]]) { $0[0].squared() }
    // Away from the kinks at 0.
    checkGradient([Tensor([-1.5, -0.3, 0.2, 2])]) { abs($0[0]) }
    checkGradient([Tensor([-1.5, -0.3, 0.2, 2])]) { relu($0[0]) }
    checkGradient([Tensor([-1.5, -0.3, 0.2, 2])]) { leakyRelu($0[0], negativeSlope: 0.1) }
  }

  func testReductions() {
    checkGradient(shapes: [[3, 4, 2]]) { $0[0].sum() }
    checkGradient(shapes: [[3, 4, 2]]) { $0[0].sum(alongAxes: [1]) }
    checkGradient(shapes: [[3, 4, 2]]) { $0[0].sum(alongAxes: [0, 2], keepingDimensions: true) }
    checkGradient(shapes: [[3, 4, 2]]) { $0[0].mean(alongAxes: [-1]) }
    checkGradient(shapes: [[3, 4]]) { $0[0].mean() }
    checkGradient(shapes: [[3, 4]]) { $0[0].max(alongAxes: [1]) }
    checkGradient(shapes: [[3, 4]]) { $0[0].min(alongAxes: [0], keepingDimensions: true) }
    checkGradient(shapes: [[3, 4]]) { $0[0].max() }
    checkGradient(shapes: [[3, 4]]) { $0[0].logSumExp(alongAxes: [1]) }
    checkGradient(shapes: [[2, 3, 4]], low: -30, high: 30) { $0[0].logSumExp(alongAxes: [0, 2]) }
  }

  func testMatmul() {
    checkGradient(shapes: [[3, 4], [4, 5]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[2, 3, 4], [4, 5]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[3, 4], [2, 4, 5]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[2, 1, 3, 4], [3, 4, 2]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[4], [4, 3]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[3, 4], [4]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[4], [4]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[4], [2, 4, 3]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[1, 1], [1, 1]]) { matmul($0[0], $0[1]) }
    checkGradient(shapes: [[4, 3], [4, 5]]) { matmul($0[0], $0[1], transposeA: true) }
    checkGradient(shapes: [[3, 4], [5, 4]]) { matmul($0[0], $0[1], transposeB: true) }
    checkGradient(shapes: [[2, 4, 3], [5, 4]]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) }
    checkGradient(shapes: [[4, 3], [2, 5, 4]]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) }
    // A batch against a shared matrix (a layer's weight): its gradient is one flattened product.
    checkGradient(shapes: [[2, 3, 4], [5, 4]]) { matmul($0[0], $0[1], transposeB: true) }
    checkGradient(shapes: [[2, 2, 3, 4], [4, 5]]) { matmul($0[0], $0[1]) }
  }

  /// x·Wᵀ + b in every form `linear` takes: fused (one layer, a batch of layers, one input to a
  /// batch of layers, a shared layer over a batch as one tall product) and composed (a bias per
  /// batch element on a shared layer, a full bias, a bias that enlarges the result, a vector).
  func testLinear() {
    checkGradient(shapes: [[3, 4], [5, 4], [5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[2, 3, 4], [2, 5, 4], [2, 1, 5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[3, 4], [2, 5, 4], [2, 1, 5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[2, 3, 4], [5, 4], [5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[2, 3, 4], [5, 4], [2, 1, 5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[3, 4], [5, 4], [3, 5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[3, 4], [5, 4], [2, 3, 5]]) { linear($0[0], $0[1], $0[2]) }
    checkGradient(shapes: [[4], [5, 4], [5]]) { linear($0[0], $0[1], $0[2]) }
  }

  func testMovement() {
    checkGradient(shapes: [[3, 4]]) { $0[0].reshaped(to: [2, 6]) * Tensor(shape: [6], scalars: [1, 2, 3, 4, 5, 6]) }
    checkGradient(shapes: [[2, 3, 4]]) { $0[0].permuted([2, 0, 1]) * Tensor([1, 2, 3]) }
    checkGradient(shapes: [[3, 4]]) { $0[0].transposed() * Tensor([1, 2, 3]) }
    checkGradient(shapes: [[3, 1]]) { $0[0].expanded(to: [2, 3, 4]) * Tensor.uniformFixed([2, 3, 4]) }
    checkGradient(shapes: [[3, 1, 2]]) { $0[0].squeezed(axis: 1) * Tensor([1, 2]) }
    checkGradient(shapes: [[3, 2]]) { $0[0].unsqueezed(axis: 1) * Tensor([1, 2]) }
    checkGradient(shapes: [[5, 3]]) { $0[0].slice(alongAxis: 0, 1..<5, step: 2) * Tensor([1, 2, 3]) }
    checkGradient(shapes: [[4, 3]]) { $0[0].slice(alongAxis: -1, 1..<3) }
    checkGradient(shapes: [[2, 3], [4, 3]]) {
      Tensor.concatenate([$0[0], $0[1], $0[0]], alongAxis: 0) * Tensor([1, 2, 3])
    }
    checkGradient(shapes: [[2, 3], [2, 1]]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }
    checkGradient(shapes: [[2, 3], [2, 3]]) { Tensor.stack([$0[0], $0[1]], alongAxis: 1) * Tensor([1, 2, 3]) }
  }

  func testGatherAndScatter() {
    let senders = Indices([0, 2, 2, 1, 0])
    checkGradient(shapes: [[3, 4]]) { $0[0].gathering(senders, alongAxis: 0) * Tensor.uniformFixed([5, 4]) }
    checkGradient(shapes: [[2, 3]]) { $0[0].gathering(Indices([2, 2, 0]), alongAxis: 1) * Tensor([1, 2, 3]) }
    checkGradient(shapes: [[5, 4]]) { $0[0].scatterAdding(senders, alongAxis: 0, size: 3) * Tensor([1, 2, 3, 4]) }
    checkGradient(shapes: [[2, 5]]) { $0[0].scatterAdding(senders, alongAxis: 1, size: 4) * Tensor([1, 2, 3, 4]) }
  }

  func testSelectAndClamp() {
    let mask = Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
    checkGradient(shapes: [[2, 3], [3]]) { select(mask, $0[0], $0[1]) }
    checkGradient([Tensor([-2, -0.5, 0.3, 1.7])]) { clamp($0[0], min: -1, max: 1) }
    checkGradient([Tensor([1, -2, 3]), Tensor([0.5, 0.5, 4])]) { maximum($0[0], $0[1]) }
    checkGradient([Tensor([1, -2, 3]), Tensor([0.5, 0.5, 4])]) { minimum($0[0], $0[1]) }
  }

  func testTriangles() {
    let l = Tensor(shape: [3, 3], scalars: [2, 0, 0, 0.5, 1.5, 0, -0.3, 0.2, 1.2])
    checkGradient([l, Tensor.uniformFixed([3, 2])]) { triangularSolve($0[0], $0[1], lower: true) }
    checkGradient([l, Tensor.uniformFixed([3])]) { triangularSolve($0[0], $0[1], lower: true, transpose: true) }
    checkGradient([l.transposed(), Tensor.uniformFixed([3, 2])]) { triangularSolve($0[0], $0[1], lower: false) }
    checkGradient([l, Tensor.uniformFixed([3, 2])]) { triangularMultiply($0[0], $0[1]) }
    checkGradient([l, Tensor.uniformFixed([3])]) { triangularMultiply($0[0], $0[1], transpose: true) }
  }

  func testQuadraticForm() {
    // P = C⁻¹ of a small covariance; its value must equal |L⁻¹r|², the whitened form.
    let c = Tensor(shape: [3, 3], scalars: [2, 0.3, -0.2, 0.3, 1.5, 0.1, -0.2, 0.1, 1.2])
    let p = try! inverseSPD(c)
    checkGradient([Tensor.uniformFixed([3, 2])]) { quadraticForm($0[0], precision: p) }
    checkGradient([Tensor.uniformFixed([3])]) { quadraticForm($0[0], precision: p) }
    let r = Tensor.uniformFixed([3, 2])
    let whitened = triangularSolve(try! cholesky(c), r)
    assertClose([quadraticForm(r, precision: p).scalar], [(whitened * whitened).sum().scalar], relative: 1e-13)
  }

  func testCastIsDifferentiable() {
    // Finite differences through Float32 would measure rounding, so compare with the exact 3·x².
    let x = Tensor([0.5, -1.25, 2])
    let (_, g) = valueAndGradient(at: x) { pow($0.to(.float32), 3).to(.float64).sum() }
    XCTAssertEqual(g.dtype, .float64)
    assertClose(g.scalars, [0.75, 4.6875, 12], relative: 1e-6)
  }

  func testComposedExpression() {
    // A small MLP layer with a χ² whitening: the shape of the supernova loss.
    let l = Tensor(shape: [3, 3], scalars: [2, 0, 0, 0.5, 1.5, 0, -0.3, 0.2, 1.2])
    checkGradient(shapes: [[3, 1], [1, 4], [4], [4, 1]]) { p in
      let h = tanh(matmul(p[0], p[1]) + p[2])
      let r = triangularSolve(l, matmul(h, p[3]))
      return (r * r).sum()
    }
  }
}

extension Tensor {
  /// Deterministic, distinct weights for reducing an output in a test.
  static func uniformFixed(_ shape: [Int]) -> Tensor {
    var generator = RandomGenerator(seed: 99)
    return Tensor.uniform(shape, low: -1, high: 1, using: &generator)
  }
}
