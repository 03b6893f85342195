import Foundation
import TensorCore
import TestSupport
import XCTest

/// The fused SiLU kernels (vector_silu.c) against libm over twenty decades of |x| and both
/// signs, in Float64 and Float32, values and derivatives; extremes neither overflow nor NaN. The
/// backward pass takes the gradient in (`BinaryOp.siluBackward`), broadcasting like any binary op.
final class VectorSiLUTests: XCTestCase {
  var arguments: [Double] {
    let magnitudes = (0...400).map { Foundation.pow(10, -10 + 0.05 * Double($0)) }  // 1e-10 … 1e10
    return [0] + magnitudes.flatMap { [$0, -$0] }
  }

  /// Values, derivatives, and the size of the derivative's terms s + |x|s(1 − s): the
  /// derivative cancels near x = −1.28, so its error is relative to those.
  func reference(_ x: Double) -> (value: Double, derivative: Double, terms: Double) {
    let s = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    return (x * s, s * (1 + x * (1 - s)), s + Swift.abs(x) * s * (1 - s))
  }

  func testFloat64AgainstLibm() {
    let xs = arguments
    let x = Tensor(xs)
    let values = silu(x).scalars
    let (_, gradient) = valueAndGradient(at: [x]) { silu($0[0]).sum() }
    for (i, v) in xs.enumerated() {
      let (value, derivative, terms) = reference(v)
      XCTAssertEqual(values[i], value, accuracy: 4e-15 * Swift.abs(value) + 1e-300, "silu(\(v))")
      XCTAssertEqual(gradient[0].scalars[i], derivative, accuracy: 4e-15 * terms + 1e-300, "silu'(\(v))")
    }
  }

  func testFloat32AgainstLibm() {
    let xs = arguments.filter { Swift.abs($0) < 1e30 }
    let x = Tensor(shape: [xs.count], floats: xs.map(Float.init))
    let values = silu(x).floats
    let (_, gradient) = valueAndGradient(at: [x]) { silu($0[0]).sum() }
    for (i, v) in xs.enumerated() {
      let (value, derivative, terms) = reference(Double(Float(v)))
      // Below x = −87, e^{-|x|} is taken as 0: |x|e^{-|x|} < 2e-36 is lost there.
      XCTAssertEqual(Double(values[i]), value, accuracy: 1e-6 * Swift.abs(value) + 2e-36, "silu(\(v))")
      XCTAssertEqual(Double(gradient[0].floats[i]), derivative, accuracy: 1e-6 * terms + 2e-36, "silu'(\(v))")
    }
  }

  /// Broadcast operands (stride 0 along the last axis, either one) give the bits of the same
  /// operands made dense first, which take the kernel's vectorised loop.
  func testBackwardBroadcastsLikeDenseOperands() {
    for dtype in [DType.float64, .float32] {
      let g = Tensor(shape: [3, 1], scalars: [0.5, -2, 3]).to(dtype)
      let x = Tensor(shape: [1, 4], scalars: [-30, -1.28, 0.25, 9]).to(dtype)
      let (gDense, xDense) = (g.expanded(to: [3, 4]) + 0, x.expanded(to: [3, 4]) + 0)
      let backend = x.backend
      func backward(_ a: Tensor, _ b: Tensor) -> [Double] {
        backend.download(
          backend.binary(.siluBackward, a.buffer, shape: a.shape, b.buffer, shape: b.shape, outShape: [3, 4]))
      }
      let dense = backward(gDense, xDense)
      XCTAssertEqual(backward(g, x), dense, "\(dtype)")
      XCTAssertEqual(backward(g, xDense), dense, "\(dtype)")
      XCTAssertEqual(backward(gDense, x), dense, "\(dtype)")
      // Against libm at the values the dtype holds, to within the derivative's terms (it cancels
      // near x = −1.28).
      let xs = x.to(.float64).scalars
      for (i, gi) in [0.5, -2, 3].enumerated() {
        for (j, xj) in xs.enumerated() {
          let (_, derivative, terms) = reference(xj)
          XCTAssertEqual(dense[i * 4 + j], gi * derivative, accuracy: 1e-6 * Swift.abs(gi) * terms, "\(dtype)")
        }
      }
    }
  }
}
