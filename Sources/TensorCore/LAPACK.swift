import CBLAS
import CLAPACKE
import Foundation

/// Thin, value-typed wrappers over LAPACKE for dense row-major `[Double]` matrices.
///
/// A matrix of `n` rows and `m` columns is stored as `a[i * m + j]`. Every function copies its
/// input, so callers keep their arrays. Bad shapes are programmer errors (`preconditionFailure`);
/// data that LAPACK rejects (not positive definite, singular) throws `LinalgError`.
public enum LAPACK {
  /// Lower Cholesky factor `L` with `A = L·Lᵀ` (`dpotrf`); entries above the diagonal are zero.
  /// Only the lower triangle of `a` is read.
  public static func cholesky(_ a: [Double], n: Int) throws -> [Double] {
    checkSquare(a, n, "cholesky")
    if n == 0 { return [] }
    var l = a
    let info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, ascii("L"), Int32(n), &l, Int32(n))
    try checkPositiveDefinite(info, n, "cholesky (dpotrf)")
    for i in 0..<n { for j in (i + 1)..<n { l[i * n + j] = 0 } }
    return l
  }

  /// Solves `T·X = B` (or `Tᵀ·X = B` when `transpose`) for a triangular `T` (`dtrsm`).
  /// `l` is n×n (only the triangle named by `lower` is read); `b` is n×nrhs; returns X, n×nrhs.
  ///
  /// Through CBLAS, which reads row-major storage as it is: LAPACKE's row-major `dtrtrs` copied
  /// and NaN-scanned the whole n×n factor on every call, and a ΛCDM fit solves with the same
  /// factor hundreds of times (11 % of a default `cosmo fit`).
  public static func solveTriangular(
    _ l: [Double], n: Int, _ b: [Double], nrhs: Int, lower: Bool, transpose: Bool
  ) -> [Double] {
    checkSquare(l, n, "solveTriangular")
    precondition(
      b.count == n * nrhs,
      "solveTriangular: right-hand side has \(b.count) values, expected \(n)×\(nrhs)")
    if n == 0 || nrhs == 0 { return b }
    if let zero = (0..<n).first(where: { l[$0 * n + $0] == 0 }) {
      preconditionFailure("solveTriangular: diagonal entry \(zero + 1) of the \(n)×\(n) factor is zero")
    }
    var x = b
    cblas_dtrsm(
      CblasRowMajor, CblasLeft, lower ? CblasLower : CblasUpper, transpose ? CblasTrans : CblasNoTrans,
      CblasNonUnit, Int32(n), Int32(nrhs), 1, l, Int32(n), &x, Int32(nrhs))
    return x
  }

  /// Solves `A·X = B` given the lower Cholesky factor `l` of `A` (`dpotrs`); `b` is n×nrhs.
  public static func choleskySolve(_ l: [Double], n: Int, _ b: [Double], nrhs: Int) -> [Double] {
    let y = solveTriangular(l, n: n, b, nrhs: nrhs, lower: true, transpose: false)
    return solveTriangular(l, n: n, y, nrhs: nrhs, lower: true, transpose: true)
  }

  /// `A⁻¹` of a symmetric positive-definite `A` (`dpotrf` + `dpotri`), full symmetric result.
  public static func inverseSPD(_ a: [Double], n: Int) throws -> [Double] {
    try inverseSPD(choleskyFactor: try cholesky(a, n: n), n: n)
  }

  /// `A⁻¹` from the lower Cholesky factor of `A` (`dpotri`), for a caller that has factorised it.
  public static func inverseSPD(choleskyFactor l: [Double], n: Int) throws -> [Double] {
    checkSquare(l, n, "inverseSPD")
    var inv = l
    if n == 0 { return inv }
    let info = LAPACKE_dpotri(LAPACK_ROW_MAJOR, ascii("L"), Int32(n), &inv, Int32(n))
    try checkPositiveDefinite(info, n, "inverseSPD (dpotri)")
    for i in 0..<n { for j in (i + 1)..<n { inv[i * n + j] = inv[j * n + i] } }
    return inv
  }

  /// `log det A = 2 Σ log Lᵢᵢ` for symmetric positive-definite `A`.
  public static func logDeterminantSPD(_ a: [Double], n: Int) throws -> Double {
    let l = try cholesky(a, n: n)
    var sum = 0.0
    for i in 0..<n { sum += 2 * Foundation.log(l[i * n + i]) }
    return sum
  }

  /// Solves `A·X = B` for a general square `A` by LU with partial pivoting (`dgesv`).
  public static func solve(_ a: [Double], n: Int, _ b: [Double], nrhs: Int) throws -> [Double] {
    checkSquare(a, n, "solve")
    precondition(b.count == n * nrhs, "solve: right-hand side has \(b.count) values, expected \(n)×\(nrhs)")
    if n == 0 || nrhs == 0 { return b }
    var lu = a
    var x = b
    var pivots = [Int32](repeating: 0, count: n)
    let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), &lu, Int32(n), &pivots, &x, Int32(nrhs))
    precondition(info >= 0, "solve: dgesv rejected argument \(-info)")
    if info > 0 { throw LinalgError.singular(pivot: Int(info), order: n) }
    return x
  }

  /// The least-squares solution x of A x ≈ b for a tall m×n A of full column rank, by
  /// Householder QR (`dgels`): no normal equations, so the condition number is not squared.
  public static func leastSquares(_ a: [Double], rows m: Int, columns n: Int, _ b: [Double]) throws -> [Double] {
    precondition(a.count == m * n && b.count == m && m >= n, "leastSquares: A must be \(m)×\(n) with m ≥ n, b of \(m)")
    var (qr, x) = (a, b)
    let info = LAPACKE_dgels(LAPACK_ROW_MAJOR, ascii("N"), Int32(m), Int32(n), 1, &qr, Int32(n), &x, 1)
    if info > 0 { throw LinalgError.singular(pivot: Int(info), order: n) }
    precondition(info == 0, "leastSquares: dgels rejected argument \(-info)")
    return Array(x.prefix(n))
  }

  private static func ascii(_ s: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: s)) }

  private static func checkSquare(_ a: [Double], _ n: Int, _ op: String) {
    precondition(n >= 0 && a.count == n * n, "\(op): expected an \(n)×\(n) matrix, got \(a.count) values")
  }

  private static func checkPositiveDefinite(_ info: Int32, _ n: Int, _ op: String) throws {
    precondition(info >= 0, "\(op): LAPACK rejected argument \(-info)")
    if info > 0 { throw LinalgError.notPositiveDefinite(pivot: Int(info), order: n) }
  }
}
