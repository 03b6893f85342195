/// Matrix products: [m, k]·[k, n], vectors, and batches with NumPy broadcasting over the leading
/// axes. Operands are never copied to transpose them: BLAS reads them transposed.
extension Tensor {
  /// The raw product of two dense operands, each optionally transposed, with batch axes already
  /// broadcast-compatible. Returns the [batch..., m, n] result, unrecorded.
  static func rawMatmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor {
    let (ar, br) = (a.rank, b.rank)
    let (m, ka) = transposeA ? (a.shape[ar - 1], a.shape[ar - 2]) : (a.shape[ar - 2], a.shape[ar - 1])
    let (kb, n) = transposeB ? (b.shape[br - 1], b.shape[br - 2]) : (b.shape[br - 2], b.shape[br - 1])
    let (batchA, batchB) = (Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)))
    let batchShape: [Int]
    do throws(TensorError) {
      guard ka == kb else {
        throw TensorError.shapeMismatch(op: "matmul", shapes: [a.shape, b.shape],
                                        reason: "inner dimensions \(ka) and \(kb) differ")
      }
      batchShape = try Shape.broadcast(batchA, batchB, op: "matmul")
    } catch { fail(error) }
    let batch = Shape.count(batchShape)
    // An operand without batch axes is shared by every batch element; one whose batch axes only
    // partly match is expanded first.
    func operand(_ t: Tensor, _ own: [Int], _ rows: Int, _ cols: Int) -> (Tensor, Bool) {
      if Shape.count(own) == 1 { return (t, batch > 1) }
      if own == batchShape { return (t, false) }
      return (t.detached().expanded(to: batchShape + [rows, cols]), false)
    }
    let (pa, shareA) = operand(a, batchA, a.shape[ar - 2], a.shape[ar - 1])
    let (pb, shareB) = operand(b, batchB, b.shape[br - 2], b.shape[br - 1])
    // [B, m, k]·[k, n] is one tall product, m·B rows at once.
    if shareB && !shareA && !transposeA {
      let flat = a.backend.matmul(pa.buffer, transposeA: false, broadcastA: false, pb.buffer, transposeB: transposeB,
                                  broadcastB: false, batch: 1, m: batch * m, n: n, k: ka)
      return a.like(batchShape + [m, n], flat)
    }
    let out = a.backend.matmul(pa.buffer, transposeA: transposeA, broadcastA: shareA, pb.buffer, transposeB: transposeB,
                               broadcastB: shareB, batch: batch, m: m, n: n, k: ka)
    return a.like(batchShape + [m, n], out)
  }
}

/// The matrix product op(A)·op(B), op transposing the last two axes when asked (read transposed
/// by BLAS, never copied). 1-d operands are treated as a row (left) or column (right) vector and
/// that axis is dropped from the result, as in NumPy.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
  guard a.rank >= 1, b.rank >= 1 else {
    fail(.shapeMismatch(op: "matmul", shapes: [a.shape, b.shape], reason: "0-d operands have no matrix product"))
  }
  _ = a.meet(b.constant(0), "matmul")
  if a.rank == 1 || b.rank == 1 {
    // Promote to matrices, multiply, then drop the promoted axes (a vector's transpose is itself).
    let y = matmul(a.rank == 1 ? a.unsqueezed(axis: 0) : a, b.rank == 1 ? b.unsqueezed(axis: -1) : b,
                   transposeA: transposeA && a.rank > 1, transposeB: transposeB && b.rank > 1)
    let columnDropped = b.rank == 1 ? y.squeezed(axis: -1) : y
    return a.rank == 1 ? columnDropped.squeezed(axis: b.rank == 1 ? -1 : -2) : columnDropped
  }
  let (x, y) = (a.detached(), b.detached())
  let (tA, tB, needsA, needsB) = (transposeA, transposeB, a.isRecorded, b.isRecorded)
  let z = Tensor.rawMatmul(x, transposeA: tA, y, transposeB: tB)
  return a.record(z, inputs: [a, b]) { g in
    // C = op(A)·op(B): d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G, transposed back where the
    // operand was read transposed; then summed over batch axes it was broadcast along.
    // A constant operand (data, a fixed matrix) gets no gradient computed.
    let ga = !needsA ? nil : tA ? Tensor.rawMatmul(y, transposeA: tB, g, transposeB: true)
                                : Tensor.rawMatmul(g, transposeA: false, y, transposeB: !tB)
    // A matrix shared by a batch of A (a layer's weight) gets its gradient from one tall product
    // over the flattened batch, not a product per batch element summed afterwards.
    if needsB && y.rank == 2 && x.rank > 2 && !tA {
      let (rows, k, n) = (Shape.count(Array(x.shape.dropLast())), x.shape[x.rank - 1], g.shape[g.rank - 1])
      let (x2, g2) = (x.reshaped(to: [rows, k]), g.reshaped(to: [rows, n]))
      let gb = tB ? Tensor.rawMatmul(g2, transposeA: true, x2, transposeB: false)
                  : Tensor.rawMatmul(x2, transposeA: true, g2, transposeB: false)
      return [ga?.unbroadcast(to: x.shape), gb]
    }
    let gb = !needsB ? nil : tB ? Tensor.rawMatmul(g, transposeA: true, x, transposeB: tA)
                                : Tensor.rawMatmul(x, transposeA: !tA, g, transposeB: false)
    return [ga?.unbroadcast(to: x.shape), gb?.unbroadcast(to: y.shape)]
  }
}
