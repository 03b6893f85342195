/// Float64 factorisations and solves on tensors. They compute on the host through LAPACK (a
/// covariance is factorised once, not every step) and return tensors on the input's backend.
extension Tensor {
  fileprivate func squareOrder(_ op: String) throws -> Int {
    guard rank == 2 && shape[0] == shape[1] else { throw LinalgError.invalidShape(op: op, shape: shape) }
    return shape[0]
  }
}

/// The lower Cholesky factor L of a symmetric positive-definite matrix (A = LLᵀ). Not
/// differentiable: it is applied to data (covariances), not to parameters.
public func cholesky(_ a: Tensor) throws -> Tensor {
  let n = try a.squareOrder("cholesky")
  return Tensor(shape: [n, n], scalars: try LAPACK.cholesky(a.scalars, n: n), dtype: a.dtype, on: a.backend)
}

/// X with A X = B for a general square A; B is [n] or [n, k]. Differentiable in A and B:
/// dB = A⁻ᵀG, dA = −dB Xᵀ.
public func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
  let n = try a.squareOrder("solve")
  guard b.shape.first == n, b.rank <= 2 else {
    fail(
      .shapeMismatch(op: "solve", shapes: [a.shape, b.shape], reason: "right-hand side must be [\(n)] or [\(n), k]"))
  }
  let k = b.rank == 2 ? b.shape[1] : 1
  let x = Tensor(
    shape: b.shape, scalars: try LAPACK.solve(a.scalars, n: n, b.scalars, nrhs: k), dtype: b.dtype, on: b.backend)
  let (at, xs) = (a.detached().transposed(), x.reshaped(to: [n, k]))
  return a.record(x, inputs: [a, b]) { g in
    // Aᵀ is as square and as regular as A, which the forward solve accepted.
    let gb: Tensor
    do { gb = try solve(at, g.reshaped(to: [n, k])) } catch {
      preconditionFailure("solve backward: Aᵀ \(at.shape) against \(g.shape) failed where A did not (\(error))")
    }
    return [-matmul(gb, xs, transposeB: true), gb.reshaped(to: b.shape)]
  }
}

/// A⁻¹ for a symmetric positive-definite A, of which only the lower triangle is read.
/// Differentiable: −A⁻¹ G A⁻¹ with respect to the symmetric matrix, folded onto the triangle read.
public func inverseSPD(_ a: Tensor) throws -> Tensor {
  let n = try a.squareOrder("inverseSPD")
  let inverse = Tensor(shape: [n, n], scalars: try LAPACK.inverseSPD(a.scalars, n: n), dtype: a.dtype, on: a.backend)
  return a.record(inverse, inputs: [a]) { g in [foldOntoLowerTriangle(-matmul(matmul(inverse, g), inverse))] }
}

/// log det A for a symmetric positive-definite A, of which only the lower triangle is read.
/// Differentiable: A⁻¹ with respect to the symmetric matrix, folded onto the triangle read.
public func logDeterminantSPD(_ a: Tensor) throws -> Tensor {
  let n = try a.squareOrder("logDeterminantSPD")
  let value = Tensor(try LAPACK.logDeterminantSPD(a.scalars, n: n), dtype: a.dtype, on: a.backend)
  let inverse = Tensor(shape: [n, n], scalars: try LAPACK.inverseSPD(a.scalars, n: n), dtype: a.dtype, on: a.backend)
  return a.record(value, inputs: [a]) { g in [foldOntoLowerTriangle(g * inverse)] }
}

/// A function that reads only the lower triangle of a symmetric matrix sees entry (i, j), i > j,
/// in two places; its gradient there is Gᵢⱼ + Gⱼᵢ, on the diagonal Gᵢᵢ, above it zero.
func foldOntoLowerTriangle(_ g: Tensor) -> Tensor {
  triangularPart(g + g.transposed(), lower: true) - g * Tensor.identity(g.shape[0], dtype: g.dtype, on: g.backend)
}
