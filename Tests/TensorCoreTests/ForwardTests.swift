import Foundation
import TensorCore
import TestSupport
import XCTest

/// Each op's forward values against plain loops and closed forms.
final class ForwardTests: XCTestCase {
  func testBroadcastArithmetic() {
    let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = Tensor([10, 20, 30])
    XCTAssertEqual((a + b).scalars, [11, 22, 33, 14, 25, 36])
    XCTAssertEqual((a * Tensor(shape: [2, 1], scalars: [2, 3])).scalars, [2, 4, 6, 12, 15, 18])
    XCTAssertEqual((b - a).shape, [2, 3])
    XCTAssertEqual((1.0 / Tensor([2, 4])).scalars, [0.5, 0.25])
    XCTAssertEqual((Tensor(3) * a).scalars, [3, 6, 9, 12, 15, 18])
    XCTAssertEqual(pow(Tensor([-2, 3]), 2).scalars, [4, 9])
    let c = Tensor(shape: [3, 1, 2], scalars: [1, 2, 3, 4, 5, 6]) + Tensor(shape: [4, 1], scalars: [0, 10, 20, 30])
    XCTAssertEqual(c.shape, [3, 4, 2])
    XCTAssertEqual(c.scalars[10], 3 + 10)  // [1, 1, 0]
  }

  func testUnaryAgainstFoundation() {
    let xs: [Double] = [-3, -0.7, 0, 0.4, 2.5]
    let x = Tensor(xs)
    assertClose(exp(x).scalars, xs.map(Foundation.exp))
    assertClose(tanh(x).scalars, xs.map(Foundation.tanh))
    assertClose(sigmoid(x).scalars, xs.map { 1 / (1 + Foundation.exp(-$0)) })
    assertClose(softplus(x).scalars, xs.map { Foundation.log(1 + Foundation.exp($0)) })
    assertClose(relu(x).scalars, xs.map { max($0, 0) })
    assertClose(leakyRelu(x, negativeSlope: 0.2).scalars, xs.map { $0 > 0 ? $0 : 0.2 * $0 })
    assertClose(silu(x).scalars, xs.map { $0 / (1 + Foundation.exp(-$0)) })
    assertClose(gelu(x).scalars, xs.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) })
    assertClose(abs(x).scalars, xs.map(Swift.abs))
    assertClose(sin(x).scalars, xs.map(Foundation.sin))
    assertClose(cos(x).scalars, xs.map(Foundation.cos))
    assertClose(sqrt(abs(x)).scalars, xs.map { Swift.abs($0).squareRoot() })
    // Extremes do not overflow.
    XCTAssertEqual(sigmoid(Tensor([-1000, 1000])).scalars, [0, 1])
    XCTAssertEqual(softplus(Tensor([-1000, 1000])).scalars, [0, 1000])
  }

  func testReductionsAgainstLoops() {
    var generator = RandomGenerator(seed: 3)
    let x = Tensor.uniform([2, 3, 4], using: &generator)
    let v = x.scalars
    func at(_ i: Int, _ j: Int, _ k: Int) -> Double { v[i * 12 + j * 4 + k] }
    let s = x.sum(alongAxes: [1])
    XCTAssertEqual(s.shape, [2, 4])
    assertClose(s.scalars, (0..<2).flatMap { i in (0..<4).map { k in (0..<3).reduce(0) { $0 + at(i, $1, k) } } })
    let m = x.max(alongAxes: [0, 2], keepingDimensions: true)
    XCTAssertEqual(m.shape, [1, 3, 1])
    assertClose(m.scalars, (0..<3).map { j in (0..<2).flatMap { i in (0..<4).map { at(i, j, $0) } }.max()! })
    XCTAssertEqual(x.min().scalar, v.min()!)
    assertClose([x.mean().scalar], [v.reduce(0, +) / 24])
    let lse = Tensor([1000, 1000]).logSumExp()
    assertClose([lse.scalar], [1000 + Foundation.log(2)])
    XCTAssertEqual(Tensor([-Double.infinity, -Double.infinity]).logSumExp().scalar, -.infinity)
  }

  /// Matmul against a naive triple loop for odd shapes.
  func testMatmulAgainstNaiveLoops() {
    var generator = RandomGenerator(seed: 5)
    func naive(_ a: [Double], _ b: [Double], _ m: Int, _ k: Int, _ n: Int) -> [Double] {
      (0..<m).flatMap { i in (0..<n).map { j in (0..<k).reduce(0) { $0 + a[i * k + $1] * b[$1 * n + j] } } }
    }
    for (m, k, n) in [(1, 1, 1), (7, 3, 5), (2, 9, 4)] {
      let a = Tensor.uniform([m, k], using: &generator)
      let b = Tensor.uniform([k, n], using: &generator)
      assertClose(matmul(a, b).scalars, naive(a.scalars, b.scalars, m, k, n))
      // Float32 path too.
      assertClose(matmul(a.to(.float32), b.to(.float32)).scalars, naive(a.scalars, b.scalars, m, k, n), relative: 1e-5)
    }
    let a0 = Tensor.uniform([4, 3], using: &generator)
    let b0 = Tensor.uniform([5, 4], using: &generator)
    assertClose(
      matmul(a0, b0, transposeA: true, transposeB: true).scalars, matmul(a0.transposed(), b0.transposed()).scalars)
    XCTAssertEqual(matmul(Tensor([1, 2]), Tensor([3, 4])).shape, [])
    XCTAssertEqual(matmul(Tensor([1, 2]), Tensor([3, 4])).scalar, 11)
    XCTAssertEqual(matmul(Tensor([1, 2]), Tensor(shape: [3, 2, 1], scalars: [1, 1, 2, 2, 3, 3])).scalars, [3, 6, 9])
    // Batched with broadcasting: [2, 1, 3, 4] · [5, 4, 2] → [2, 5, 3, 2].
    let a = Tensor.uniform([2, 1, 3, 4], using: &generator)
    let b = Tensor.uniform([5, 4, 2], using: &generator)
    let c = matmul(a, b)
    XCTAssertEqual(c.shape, [2, 5, 3, 2])
    let (av, bv, cv) = (a.scalars, b.scalars, c.scalars)
    for i in 0..<2 {
      for j in 0..<5 {
        let expected = naive(Array(av[(i * 12)..<(i * 12 + 12)]), Array(bv[(j * 8)..<(j * 8 + 8)]), 3, 4, 2)
        assertClose(Array(cv[((i * 5 + j) * 6)..<((i * 5 + j) * 6 + 6)]), expected)
      }
    }
  }

  /// `linear` gives `matmul(x, W, transposeB: true) + b` bit for bit in both dtypes, on the fused
  /// path (the bias written first, the gemm adding to it) and on the skinny and composed ones, at
  /// sizes that split into several jobs.
  func testLinearIsMatmulPlusBias() {
    var generator = RandomGenerator(seed: 11)
    for (x, w, b) in [
      ([700, 32], [4, 32, 32], [4, 1, 32]), ([700, 1], [4, 32, 1], [4, 1, 32]),
      ([4, 700, 32], [4, 1, 32], [4, 1, 1]),
      ([3, 700, 24], [40, 24], [40]), ([3, 700, 24], [40, 24], [3, 1, 40]), ([9, 5], [6, 5], [9, 6]),
    ] {
      let (xt, wt, bt) = (
        Tensor.uniform(x, using: &generator), Tensor.uniform(w, using: &generator), Tensor.uniform(b, using: &generator)
      )
      for dtype in [DType.float64, .float32] {
        let (x, w, b) = (xt.to(dtype), wt.to(dtype), bt.to(dtype))
        let fused = linear(x, w, b)
        let composed = matmul(x, w, transposeB: true) + b
        XCTAssertEqual(fused.shape, composed.shape)
        XCTAssertEqual(fused.scalars, composed.scalars, "\(x.shape)·\(w.shape)ᵀ + \(b.shape), \(dtype)")
      }
    }
  }

  func testMovement() {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(x.transposed().scalars, [1, 4, 2, 5, 3, 6])
    XCTAssertEqual(x.reshaped(to: [3, -1]).shape, [3, 2])
    XCTAssertEqual(x.slice(alongAxis: 1, 0..<3, step: 2).scalars, [1, 3, 4, 6])
    XCTAssertEqual(x.expanded(to: [2, 2, 3]).scalars, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
    XCTAssertEqual(Tensor.concatenate([x, x.slice(alongAxis: 0, 0..<1)]).scalars, [1, 2, 3, 4, 5, 6, 1, 2, 3])
    XCTAssertEqual(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1).scalars, [1, 3, 2, 4])
    XCTAssertEqual(x.unsqueezed(axis: 0).squeezed().shape, [2, 3])
    let p = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Double.init)).permuted([2, 0, 1])
    XCTAssertEqual(p.shape, [4, 2, 3])
    XCTAssertEqual(p.scalars[0..<6].map { $0 }, [0, 4, 8, 12, 16, 20])
  }

  func testGatherScatterAgainstLoops() {
    let x = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(x.gathering(Indices([2, 0, 2])).scalars, [5, 6, 1, 2, 5, 6])
    let messages = Tensor(shape: [4, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40])
    // Receivers 1, 0, 1, 1: node 0 gets message 1; node 1 gets 0, 2, 3; node 2 none.
    XCTAssertEqual(messages.scatterAdding(Indices([1, 0, 1, 1]), size: 3).scalars, [2, 20, 8, 80, 0, 0])
  }

  func testSelectComparisonsClamp() {
    let x = Tensor([-2, 0, 3])
    XCTAssertEqual((x .> 0).scalars, [0, 0, 1])
    XCTAssertEqual((x .<= 0).scalars, [1, 1, 0])
    XCTAssertEqual((x .== 0).scalars, [0, 1, 0])
    XCTAssertEqual(select(x .> 0, x, Tensor(-1)).scalars, [-1, -1, 3])
    XCTAssertEqual(clamp(x, min: -1, max: 1).scalars, [-1, 0, 1])
    XCTAssertEqual(maximum(x, Tensor(1)).scalars, [1, 1, 3])
  }

  func testTrianglesAgainstReconstruction() {
    let l = Tensor(shape: [3, 3], scalars: [2, 0, 0, 0.5, 1.5, 0, -0.3, 0.2, 1.2])
    let b = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    assertClose(matmul(l, triangularSolve(l, b)).scalars, b.scalars)
    assertClose(matmul(l.transposed(), triangularSolve(l, b, transpose: true)).scalars, b.scalars)
    assertClose(triangularMultiply(l, b).scalars, matmul(l, b).scalars)
    // The upper triangle is never read.
    let dirty = l + Tensor(shape: [3, 3], scalars: [0, 9, 9, 0, 0, 9, 0, 0, 0])
    assertClose(triangularSolve(dirty, b).scalars, triangularSolve(l, b).scalars)
    // Float32.
    assertClose(triangularSolve(l.to(.float32), b.to(.float32)).scalars, triangularSolve(l, b).scalars, relative: 1e-6)
  }

  func testFloat32Elementwise() {
    let x = Tensor(shape: [3], floats: [0.5, -1, 2])
    XCTAssertEqual(x.dtype, .float32)
    XCTAssertEqual((x * x + 1).floats, [1.25, 2, 5])
    XCTAssertEqual(tanh(x).floats, [0.5, -1, 2].map(Foundation.tanhf))
    XCTAssertEqual(x.sum().floats, [1.5])
  }
}

final class VectorTanhTests: XCTestCase {
  /// The vectorised Float64 tanh against libm over eighteen decades, both signs, around the
  /// reduction's boundaries (|2x| near ln2/2) and the clamp at 20: within 4 ulp (relative 1e-15).
  func testAgainstLibm() {
    var g = RandomGenerator(seed: 12)
    var xs = (0..<20_000).map { _ in (g.uniform() < 0.5 ? -1 : 1) * Foundation.pow(10, -16 + 17.5 * g.uniform()) }
    xs += [
      0, -0.0, 0.3, -0.3, 0.29999999999999999, 0.30000000000000004, 0.1732867951399863, 0.17328679513998635,
      0.5198603854199589, 19.9, 20, 20.1, 40, 1000, .infinity, -.infinity,
    ]
    let ys = tanh(Tensor(xs)).scalars
    for (x, y) in zip(xs, ys) {
      let expected = Foundation.tanh(x)
      XCTAssertLessThanOrEqual(abs(y - expected), 1e-15 * abs(expected), "tanh(\(x)) = \(y), libm \(expected)")
    }
    XCTAssertTrue(tanh(Tensor([.nan])).scalar.isNaN)
    XCTAssertEqual(tanh(Tensor([-0.0])).scalar.sign, .minus)
  }
}
