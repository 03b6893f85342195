import Foundation
import TensorCore
import TestSupport
import XCTest

final class LinalgTests: XCTestCase {
  /// A fixed SPD matrix: MMᵀ + 3I.
  private func spd(_ n: Int) -> Tensor {
    var g = RandomGenerator(seed: 21)
    let m = Tensor.uniform([n, n], low: -1, high: 1, using: &g)
    return matmul(m, m, transposeB: true) + 3 * Tensor.identity(n)
  }

  func testCholeskyReconstructs() throws {
    let a = spd(6)
    let l = try cholesky(a)
    assertClose(matmul(l, l, transposeB: true).scalars, a.scalars, relative: 1e-13)
    let values = l.scalars
    for i in 0..<6 { for j in (i + 1)..<6 { XCTAssertEqual(values[i * 6 + j], 0) } }
  }

  func testNotPositiveDefiniteNamesThePivot() {
    // The leading 2×2 minor [[1, 2], [2, 1]] has determinant −3.
    let a = Tensor(shape: [3, 3], scalars: [1, 2, 0, 2, 1, 0, 0, 0, 1])
    XCTAssertThrowsError(try cholesky(a)) { error in
      XCTAssertEqual(error as? LinalgError, .notPositiveDefinite(pivot: 2, order: 3))
      XCTAssertTrue("\(error)".contains("at pivot 2"))
    }
    XCTAssertThrowsError(try cholesky(Tensor([1, 2]))) { error in
      XCTAssertEqual("\(error)", "cholesky: needs a square matrix, got shape [2]")
    }
  }

  func testSolveInverseAndLogDeterminant() throws {
    let a = spd(5)
    var g = RandomGenerator(seed: 4)
    let b = Tensor.uniform([5, 2], using: &g)
    assertClose(matmul(a, try solve(a, b)).scalars, b.scalars, relative: 1e-12)
    assertClose(matmul(a, try inverseSPD(a)).scalars, Tensor.identity(5).scalars, relative: 1e-12)
    let l = try cholesky(a).scalars
    let expected = (0..<5).reduce(0.0) { $0 + 2 * Foundation.log(l[$1 * 5 + $1]) }
    XCTAssertEqual(try logDeterminantSPD(a).scalar, expected, accuracy: 1e-12)
    // det of diag(2, 3) is 6.
    XCTAssertEqual(
      try logDeterminantSPD(Tensor(shape: [2, 2], scalars: [2, 0, 0, 3])).scalar, Foundation.log(6), accuracy: 1e-15)
    XCTAssertThrowsError(try solve(Tensor(shape: [2, 2], scalars: [1, 2, 2, 4]), Tensor([1, 1])))
  }

  func testGradients() {
    let a = spd(4)
    checkGradient([a, Tensor.uniformFixed([4, 2])]) { try! solve($0[0], $0[1]) }
    checkGradient([a, Tensor.uniformFixed([4])]) { try! solve($0[0], $0[1]) }
    checkGradient([a]) { try! logDeterminantSPD($0[0]) }
    checkGradient([a]) { try! inverseSPD($0[0]) }
  }
}
