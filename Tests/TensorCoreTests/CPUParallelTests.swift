import CKernels
import Foundation
import TestSupport
import XCTest

@testable import TensorCore

/// The CPU backend's own kernels and job splits (CPUBackend+Parallel.swift, skinny_matmul.c,
/// symmetric_matmul.c, column_sum.c),
/// on shapes large enough to take them, against plain loops.
final class CPUParallelTests: XCTestCase {
  private func naive(
    _ a: [Double], _ b: [Double], batch: Int, m: Int, k: Int, n: Int,
    transposeA: Bool = false, transposeB: Bool = false, broadcastA: Bool = false, broadcastB: Bool = false
  ) -> [Double] {
    var c = [Double](repeating: 0, count: batch * m * n)
    for i in 0..<batch {
      let (oa, ob) = (broadcastA ? 0 : i * m * k, broadcastB ? 0 : i * k * n)
      for r in 0..<m {
        for col in 0..<n {
          var sum = 0.0
          for j in 0..<k {
            sum += a[oa + (transposeA ? j * m + r : r * k + j)] * b[ob + (transposeB ? col * k + j : j * n + col)]
          }
          c[(i * m + r) * n + col] = sum
        }
      }
    }
    return c
  }

  /// Every path of `CPUBackend.matmul`: few columns (the C kernel, with odd rows and a k that
  /// is not a multiple of the vector width), row blocks, and Aᵀ·B with its inner sum in chunks.
  func testMatmulPathsAgainstNaiveLoops() {
    var generator = RandomGenerator(seed: 11)
    let cases: [(batch: Int, m: Int, k: Int, n: Int, ta: Bool, tb: Bool, ba: Bool, bb: Bool)] = [
      (1, 1361, 1363, 4, false, false, false, false),  // a precision matrix times four residuals
      (3, 517, 37, 1, false, true, false, true),  // a layer narrowing to one output, B shared
      (2, 301, 129, 7, false, false, true, false),  // A shared across the batch
      (2, 700, 33, 32, false, false, false, false),  // row blocks
      (2, 24, 9000, 20, true, false, false, false),  // Aᵀ·B: inner sum in chunks
      (1, 16, 20000, 3, true, true, false, false),
    ]
    for c in cases {
      let a = Tensor.uniform([(c.ba ? 1 : c.batch) * c.m * c.k], using: &generator) - 0.5
      let b = Tensor.uniform([(c.bb ? 1 : c.batch) * c.k * c.n], using: &generator) - 0.5
      let expected = naive(
        a.scalars, b.scalars, batch: c.batch, m: c.m, k: c.k, n: c.n,
        transposeA: c.ta, transposeB: c.tb, broadcastA: c.ba, broadcastB: c.bb)
      for dtype in [DType.float64, .float32] {
        let out = CPUBackend.shared.matmul(
          a.to(dtype).buffer, transposeA: c.ta, broadcastA: c.ba,
          b.to(dtype).buffer, transposeB: c.tb, broadcastB: c.bb,
          batch: c.batch, m: c.m, n: c.n, k: c.k)
        let tolerance = dtype == .float64 ? 1e-12 : 2e-5 * Double(c.k).squareRoot()
        assertClose(CPUBackend.shared.download(out), expected, relative: tolerance, "\(c) \(dtype)")
      }
    }
  }

  /// A row of the few-columns kernel comes out the same bits whichever call, block or thread
  /// computes it: rows in one call against the same rows in pieces of odd sizes.
  func testSkinnyKernelRowsDoNotDependOnTheSplit() {
    var generator = RandomGenerator(seed: 12)
    let (m, k, n) = (203, 1001, 5)
    let a = (Tensor.uniform([m * k], using: &generator) - 0.5).scalars
    let bt = (Tensor.uniform([n * k], using: &generator) - 0.5).scalars
    var whole = [Double](repeating: 0, count: m * n)
    var pieces = whole
    gravitas_skinny_matmul_f64(a, bt, &whole, n, k, 0, m)
    for (begin, end) in [(0, 1), (1, 4), (4, 77), (77, 78), (78, 203)] {
      gravitas_skinny_matmul_f64(a, bt, &pieces, n, k, begin, end)
    }
    XCTAssertEqual(whole, pieces)
  }

  /// The symmetric product reads A's lower triangle only (its upper triangle holds junk here),
  /// on sizes that take the C kernel with one and with eight row blocks, odd n and k.
  func testSymmetricMatmulReadsTheLowerTriangle() {
    var generator = RandomGenerator(seed: 15)
    for (n, k) in [(65, 1), (600, 3), (1001, 5), (257, 8), (40, 2)] {
      var lower = (Tensor.uniform([n * n], using: &generator) - 0.5).scalars
      var junk = lower
      for i in 0..<n {
        for j in 0..<i {
          lower[j * n + i] = lower[i * n + j]
          junk[j * n + i] = 1e3
        }
      }
      let b = (Tensor.uniform([n * k], using: &generator) - 0.5).scalars
      let expected = naive(lower, b, batch: 1, m: n, k: n, n: k)
      for dtype in [DType.float64, .float32] {
        let put = { (x: [Double]) in Tensor(shape: [x.count], scalars: x).to(dtype).buffer }
        let out = CPUBackend.shared.download(
          CPUBackend.shared.symmetricMatmul(put(n * n >= 4096 ? junk : lower), put(b), n: n, k: k))
        assertClose(
          out, expected, relative: dtype == .float64 ? 1e-12 : 2e-5 * Double(n).squareRoot(), "n \(n) k \(k) \(dtype)")
      }
    }
  }

  /// A row pair's dot products do not depend on where a block starts or ends (blocks are cut
  /// at even rows), and the mirrored terms land in the block's own partial sums.
  func testSymmetricKernelBlocksAddUpToTheWhole() {
    var generator = RandomGenerator(seed: 16)
    let (m, n) = (203, 3)
    var a = (Tensor.uniform([m * m], using: &generator) - 0.5).scalars
    for i in 0..<m { for j in 0..<i { a[j * m + i] = a[i * m + j] } }
    let bt = (Tensor.uniform([n * m], using: &generator) - 0.5).scalars
    var whole = [Double](repeating: 0, count: m * n)
    var pieces = whole
    var wholePartial = [Double](repeating: 0, count: n * m)
    gravitas_symmetric_matmul_f64(a, bt, &whole, &wholePartial, n, m, 0, m)
    var blockPartials = [Double]()
    for (begin, end) in [(0, 2), (2, 78), (78, 80), (80, 203)] {
      var partial = [Double](repeating: 0, count: n * m)
      gravitas_symmetric_matmul_f64(a, bt, &pieces, &partial, n, m, begin, end)
      blockPartials = blockPartials.isEmpty ? partial : zip(blockPartials, partial).map(+)
    }
    XCTAssertEqual(whole, pieces)
    assertClose(blockPartials, wholePartial, relative: 1e-13)
  }

  /// Elementwise kernels split the output across threads, so a thread's share can start and
  /// end inside a row: broadcasting, strided and partial rows against plain loops.
  func testSplitElementwiseKernelsAgainstLoops() {
    var generator = RandomGenerator(seed: 13)
    let (p, q, r) = (37, 41, 53)  // 80,401 elements: several jobs, none aligned to a row of 53
    let a = Tensor.uniform([p, q, r], using: &generator)
    let b = Tensor.uniform([p, 1, r], using: &generator)  // broadcast along the middle axis
    let c = Tensor.uniform([p, q, 1], using: &generator)  // broadcast along the row (stride 0)
    let (av, bv, cv) = (a.scalars, b.scalars, c.scalars)
    var sum = [Double]()
    var product = [Double]()
    var chosen = [Double]()
    for i in 0..<p {
      for j in 0..<q {
        for l in 0..<r {
          let x = av[(i * q + j) * r + l]
          sum.append(x + bv[i * r + l])
          product.append(x * cv[i * q + j])
          chosen.append(x > 0.5 ? x : cv[i * q + j])
        }
      }
    }
    XCTAssertEqual((a + b).scalars, sum)
    XCTAssertEqual((c * a).scalars, product)
    XCTAssertEqual(select(a .> 0.5, a, c).scalars, chosen)
    assertClose(tanh(a).scalars, av.map(Foundation.tanh), relative: 1e-15)
  }

  /// Column sums come out of the C kernel with the bits of the plain row-order loop: register
  /// blocks of 32 (Float64) or 64 (Float32) columns and a tail of leftovers.
  func testColumnSumsAreThePlainLoopBitForBit() {
    var generator = RandomGenerator(seed: 17)
    let (rows, columns) = (3001, 203)
    let x = Tensor.uniform([rows, columns], using: &generator) - 0.5
    for dtype in [DType.float64, .float32] {
      let values = x.to(dtype).scalars
      var expected = [Double](repeating: 0, count: columns)
      for j in 0..<columns {
        if dtype == .float64 {
          var sum = 0.0
          for r in 0..<rows { sum += values[r * columns + j] }
          expected[j] = sum
        } else {
          var sum: Float = 0
          for r in 0..<rows { sum += Float(values[r * columns + j]) }
          expected[j] = Double(sum)
        }
      }
      XCTAssertEqual(x.to(dtype).sum(alongAxes: [0]).scalars, expected, "\(dtype)")
    }
  }

  /// Reductions split over slabs or over columns; each output is still one sum in order.
  func testSplitReductionsAgainstLoops() {
    var generator = RandomGenerator(seed: 14)
    let x = Tensor.uniform([3, 9000, 40], using: &generator)
    let v = x.scalars
    for axis in [0, 1, 2] {
      let sums = x.sum(alongAxes: [axis]).scalars
      let shape = [3, 9000, 40]
      var expected = [Double](repeating: 0, count: v.count / shape[axis])
      for i in 0..<3 {
        for j in 0..<9000 {
          for l in 0..<40 {
            let index = [i, j, l]
            var reduced = shape
            var position = index
            reduced.remove(at: axis)
            position.remove(at: axis)
            expected[position[0] * reduced[1] + position[1]] += v[(i * 9000 + j) * 40 + l]
          }
        }
      }
      assertClose(sums, expected, relative: 1e-12, "axis \(axis)")
    }
    XCTAssertEqual(x.max(alongAxes: [1]).scalars.count, 120)
  }
}
