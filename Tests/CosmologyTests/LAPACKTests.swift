import TensorCore
import XCTest

final class LAPACKTests: XCTestCase {
  /// A fixed SPD matrix: AᵀA + n·I from a seeded pseudo-random A.
  private func spd(_ n: Int, seed: UInt64 = 7) -> [Double] {
    var state = seed
    let a = (0..<(n * n)).map { _ -> Double in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    var m = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var s = 0.0
        for k in 0..<n { s += a[k * n + i] * a[k * n + j] }
        m[i * n + j] = s + (i == j ? Double(n) : 0)
      }
    }
    return m
  }

  private func matmul(_ a: [Double], _ b: [Double], _ n: Int, _ m: Int, transposeB: Bool = false) -> [Double] {
    var c = [Double](repeating: 0, count: n * m)
    for i in 0..<n {
      for j in 0..<m {
        for k in 0..<n {
          c[i * m + j] += a[i * n + k] * (transposeB ? b[j * n + k] : b[k * m + j])
        }
      }
    }
    return c
  }

  func testCholeskyReconstructsAndIsLower() throws {
    let n = 6
    let a = spd(n)
    let l = try LAPACK.cholesky(a, n: n)
    for i in 0..<n { for j in (i + 1)..<n { XCTAssertEqual(l[i * n + j], 0) } }
    let llt = matmul(l, l, n, n, transposeB: true)
    for k in 0..<(n * n) { XCTAssertEqual(llt[k], a[k], accuracy: 1e-12 * Double(n)) }
  }

  func testSolvesHaveSmallResiduals() throws {
    let n = 5
    let a = spd(n)
    let b = (0..<(n * 2)).map { Double($0) - 3 }
    let l = try LAPACK.cholesky(a, n: n)
    for x in [LAPACK.choleskySolve(l, n: n, b, nrhs: 2), try LAPACK.solve(a, n: n, b, nrhs: 2)] {
      let ax = matmul(a, x, n, 2)
      for k in 0..<b.count { XCTAssertEqual(ax[k], b[k], accuracy: 1e-11) }
    }
    // Lᵀ·x = b via the transposed triangular solve.
    let x = LAPACK.solveTriangular(l, n: n, Array(b[0..<n]), nrhs: 1, lower: true, transpose: true)
    for i in 0..<n {
      var s = 0.0
      for k in 0..<n { s += l[k * n + i] * x[k] }
      XCTAssertEqual(s, b[i], accuracy: 1e-11)
    }
    // An upper factor U = Lᵀ, both ways round, three right-hand sides: U·X = B and Uᵀ·X = B.
    var u = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { u[i * n + j] = l[j * n + i] } }
    let b3 = (0..<(n * 3)).map { Double($0 % 7) - 2.5 }
    for transpose in [false, true] {
      let x3 = LAPACK.solveTriangular(u, n: n, b3, nrhs: 3, lower: false, transpose: transpose)
      let ux = matmul(transpose ? l : u, x3, n, 3)
      for k in 0..<b3.count { XCTAssertEqual(ux[k], b3[k], accuracy: 1e-11, "transpose \(transpose)") }
    }
    let inv = try LAPACK.inverseSPD(a, n: n)
    let identity = matmul(a, inv, n, n)
    for i in 0..<n { for j in 0..<n { XCTAssertEqual(identity[i * n + j], i == j ? 1 : 0, accuracy: 1e-12) } }
  }

  func testLogDeterminantMatchesDiagonalCase() throws {
    XCTAssertEqual(try LAPACK.logDeterminantSPD([4, 0, 0, 0, 9, 0, 0, 0, 0.25], n: 3), log(9.0), accuracy: 1e-14)
    // det [[2,1],[1,2]] = 3
    XCTAssertEqual(try LAPACK.logDeterminantSPD([2, 1, 1, 2], n: 2), log(3.0), accuracy: 1e-14)
  }

  func testNonPositiveDefiniteNamesPivot() {
    // Leading minors: 1 > 0, 1·1 − 2·2 < 0 → LAPACK stops at pivot 2.
    let a: [Double] = [1, 2, 0, 2, 1, 0, 0, 0, 1]
    XCTAssertThrowsError(try LAPACK.cholesky(a, n: 3)) { error in
      XCTAssertEqual(error as? LinalgError, .notPositiveDefinite(pivot: 2, order: 3))
      XCTAssertTrue("\(error)".contains("pivot 2"), "\(error)")
    }
    XCTAssertThrowsError(try LAPACK.solve([1, 2, 2, 4], n: 2, [1, 1], nrhs: 1)) { error in
      XCTAssertEqual(error as? LinalgError, .singular(pivot: 2, order: 2))
    }
  }
}
