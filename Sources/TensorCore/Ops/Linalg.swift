/// Products and solves with a fixed triangle: the covariance whitening r ↦ L⁻¹r runs on any
/// backend through these.
extension Tensor {
  fileprivate func asColumns(_ op: String, order n: Int) -> (Tensor, Int) {
    guard (rank == 1 || rank == 2) && shape[0] == n else {
      fail(.shapeMismatch(op: op, shapes: [[n, n], shape], reason: "right-hand side must be [\(n)] or [\(n), k]"))
    }
    return (rank == 1 ? reshaped(to: [n, 1]) : self, rank == 1 ? 1 : shape[1])
  }
}

private func checkTriangle(_ a: Tensor, _ b: Tensor, _ op: String) -> Int {
  guard a.rank == 2 && a.shape[0] == a.shape[1] else {
    fail(.shapeMismatch(op: op, shapes: [a.shape, b.shape], reason: "the triangle must be square"))
  }
  _ = a.meet(b.constant(0), op)
  return a.shape[0]
}

/// Zeroes the triangle that `lower` does not name (gradients of a triangle live on it alone).
func triangularPart(_ m: Tensor, lower: Bool) -> Tensor {
  let n = m.shape[0]
  var mask = [Double](repeating: 0, count: n * n)
  for i in 0..<n { for j in 0..<n where lower ? j <= i : j >= i { mask[i * n + j] = 1 } }
  return m * Tensor(shape: [n, n], scalars: mask, dtype: m.dtype, on: m.backend)
}

/// X = op(A)⁻¹ B for a triangular A (only its `lower` or upper triangle is read); B is [n] or [n, k].
public func triangularSolve(_ a: Tensor, _ b: Tensor, lower: Bool = true, transpose: Bool = false) -> Tensor {
  let n = checkTriangle(a, b, "triangularSolve")
  let (rhs, k) = b.asColumns("triangularSolve", order: n)
  let tri = a.detached()
  let x = b.like(
    rhs.shape, b.backend.triangularSolve(tri.buffer, rhs.buffer, n: n, k: k, lower: lower, transpose: transpose))
  let y = b.rank == 1 ? x.reshapedRaw([n]) : x
  let (bShape, needsA) = (b.shape, a.isRecorded)
  return a.record(y, inputs: [a, b]) { g in
    // dB = op(A)⁻ᵀ G;  dA = −dB Xᵀ (or −X dBᵀ when A was transposed), on A's triangle. A is
    // usually a fixed covariance factor: its n×n gradient is formed only when it is recorded.
    let gb = triangularSolve(tri, g.reshaped(to: [n, k]), lower: lower, transpose: !transpose)
    guard needsA else { return [nil, gb.reshaped(to: bShape)] }
    let outer = transpose ? matmul(x, gb, transposeB: true) : matmul(gb, x, transposeB: true)
    return [triangularPart(-outer, lower: lower), gb.reshaped(to: bShape)]
  }
}

/// op(A) B for a triangular A (only its `lower` or upper triangle is read); B is [n] or [n, k].
public func triangularMultiply(_ a: Tensor, _ b: Tensor, lower: Bool = true, transpose: Bool = false) -> Tensor {
  let n = checkTriangle(a, b, "triangularMultiply")
  let (rhs, k) = b.asColumns("triangularMultiply", order: n)
  let (tri, v) = (a.detached(), rhs.detached())
  let x = b.like(
    rhs.shape, b.backend.triangularMultiply(tri.buffer, rhs.buffer, n: n, k: k, lower: lower, transpose: transpose))
  let y = b.rank == 1 ? x.reshapedRaw([n]) : x
  let (bShape, needsA) = (b.shape, a.isRecorded)
  return a.record(y, inputs: [a, b]) { g in
    let g2 = g.reshaped(to: [n, k])
    let gb = triangularMultiply(tri, g2, lower: lower, transpose: !transpose)
    guard needsA else { return [nil, gb.reshaped(to: bShape)] }
    let outer = transpose ? matmul(v, g2, transposeB: true) : matmul(g2, v, transposeB: true)
    return [triangularPart(outer, lower: lower), gb.reshaped(to: bShape)]
  }
}

/// Σ over columns of rᵀ P r, for a symmetric P [n, n] (a precision matrix C⁻¹) and r [n] or
/// [n, k]: the χ² of k residual vectors. Differentiable in r: ∂/∂r = 2 P r, the product the value
/// already formed, so value and gradient cost one pass over P — where whitening with a Cholesky
/// factor costs two triangular passes (L⁻¹r forward, L⁻ᵀ back); the CPU reads half of P. P is
/// data: not differentiated.
public func quadraticForm(_ r: Tensor, precision p: Tensor) -> Tensor {
  guard p.rank == 2 && p.shape[0] == p.shape[1] else {
    fail(
      .shapeMismatch(op: "quadraticForm", shapes: [p.shape, r.shape], reason: "the precision matrix must be square"))
  }
  let n = p.shape[0]
  let (columns, k) = r.asColumns("quadraticForm", order: n)
  let v = columns.detached()
  _ = p.meet(v.constant(0), "quadraticForm")
  let pr = v.like([n, k], v.backend.symmetricMatmul(p.buffer, v.buffer, n: n, k: k))
  let value = (v * pr).sum()
  let shape = r.shape
  return r.record(value, inputs: [r]) { g in [(2 * g * pr).reshaped(to: shape)] }
}
