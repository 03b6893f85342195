import CLAPACKE

/// Float64 dense linear algebra through LAPACKE, on row-major [Double] matrices. Factorisations
/// run on the host: they happen once per covariance, not once per step.
public enum LAPACK {
  /// The lower Cholesky factor L of a symmetric positive-definite A (A = LLᵀ); only A's lower
  /// triangle is read, and L's upper triangle is zero.
  public static func cholesky(_ a: [Double], n: Int) throws -> [Double] {
    precondition(a.count == n * n, "LAPACK.cholesky: \(a.count) values for order \(n)")
    var l = a
    let info = l.withUnsafeMutableBufferPointer {
      LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), $0.baseAddress, Int32(n))
    }
    if info > 0 { throw LinalgError.notPositiveDefinite(pivot: Int(info), order: n) }
    precondition(info == 0, "LAPACKE_dpotrf: argument \(-info) is invalid")
    for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { l[i * n + j] = 0 } }
    return l
  }

  /// X with A X = B for a general square A (LU with partial pivoting); B is n×k.
  public static func solve(_ a: [Double], n: Int, _ b: [Double], k: Int) throws -> [Double] {
    precondition(a.count == n * n && b.count == n * k, "LAPACK.solve: sizes \(a.count), \(b.count) for order \(n), \(k) columns")
    var (lu, x) = (a, b)
    var pivots = [Int32](repeating: 0, count: n)
    let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(k), &lu, Int32(n), &pivots, &x, Int32(k))
    if info > 0 { throw LinalgError.singular(pivot: Int(info), order: n) }
    precondition(info == 0, "LAPACKE_dgesv: argument \(-info) is invalid")
    return x
  }

  /// A⁻¹ of a symmetric positive-definite A, through its Cholesky factor.
  public static func inverseSPD(_ a: [Double], n: Int) throws -> [Double] {
    var inverse = try cholesky(a, n: n)
    let info = LAPACKE_dpotri(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &inverse, Int32(n))
    precondition(info == 0, "LAPACKE_dpotri: info \(info) after a successful factorisation")
    for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { inverse[i * n + j] = inverse[j * n + i] } }
    return inverse
  }

  /// log det A of a symmetric positive-definite A: 2 Σ log Lᵢᵢ.
  public static func logDeterminantSPD(_ a: [Double], n: Int) throws -> Double {
    let l = try cholesky(a, n: n)
    return 2 * (0..<n).reduce(0) { $0 + Foundation.log(l[$1 * n + $1]) }
  }
}

import Foundation
