/// Matrix products: [m, k]·[k, n], vectors, and batches with NumPy broadcasting over the leading
/// axes. Operands are never copied to transpose them: BLAS reads them transposed.
extension Tensor {
  /// The raw product of two dense operands, each optionally transposed, with batch axes already
  /// broadcast-compatible, plus `bias` when given (broadcast to the result). Returns the
  /// [batch..., m, n] result, unrecorded.
  static func rawMatmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool, plus bias: Tensor? = nil)
    -> Tensor
  {
    let (ar, br) = (a.rank, b.rank)
    let (m, ka) = transposeA ? (a.shape[ar - 1], a.shape[ar - 2]) : (a.shape[ar - 2], a.shape[ar - 1])
    let (kb, n) = transposeB ? (b.shape[br - 1], b.shape[br - 2]) : (b.shape[br - 2], b.shape[br - 1])
    let (batchA, batchB) = (Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)))
    let batchShape: [Int]
    do throws(TensorError) {
      guard ka == kb else {
        throw TensorError.shapeMismatch(
          op: "matmul", shapes: [a.shape, b.shape],
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
    let outShape = batchShape + [m, n]
    // A bias that is one row, or one row per batch element, goes into the product (`affine`).
    let rowBias: (buffer: DeviceBuffer, shared: Bool)? = bias.flatMap { bias in
      if Shape.count(bias.shape) == n && bias.shape.last == n { return (bias.buffer, true) }
      if bias.shape == batchShape + [1, n] { return (bias.buffer, false) }
      return nil
    }
    // [B, m, k]·[k, n] is one tall product, m·B rows at once (its bias, if any, one shared row).
    let tall = shareB && !shareA && !transposeA
    if let bias, rowBias == nil || (tall && rowBias?.shared == false) {
      return rawMatmul(a, transposeA: transposeA, b, transposeB: transposeB).apply(.add, bias, "matmul bias")
    }
    if tall {
      let flat =
        rowBias.map {
          a.backend.affine(
            pa.buffer, transposeA: false, broadcastA: false, pb.buffer, transposeB: transposeB, broadcastB: false,
            bias: $0.buffer, broadcastBias: true, batch: 1, m: batch * m, n: n, k: ka)
        }
        ?? a.backend.matmul(
          pa.buffer, transposeA: false, broadcastA: false, pb.buffer, transposeB: transposeB,
          broadcastB: false, batch: 1, m: batch * m, n: n, k: ka)
      return a.like(outShape, flat)
    }
    let out =
      rowBias.map {
        a.backend.affine(
          pa.buffer, transposeA: transposeA, broadcastA: shareA, pb.buffer, transposeB: transposeB, broadcastB: shareB,
          bias: $0.buffer, broadcastBias: $0.shared, batch: batch, m: m, n: n, k: ka)
      }
      ?? a.backend.matmul(
        pa.buffer, transposeA: transposeA, broadcastA: shareA, pb.buffer, transposeB: transposeB,
        broadcastB: shareB, batch: batch, m: m, n: n, k: ka)
    return a.like(outShape, out)
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
    let y = matmul(
      a.rank == 1 ? a.unsqueezed(axis: 0) : a, b.rank == 1 ? b.unsqueezed(axis: -1) : b,
      transposeA: transposeA && a.rank > 1, transposeB: transposeB && b.rank > 1)
    let columnDropped = b.rank == 1 ? y.squeezed(axis: -1) : y
    return a.rank == 1 ? columnDropped.squeezed(axis: b.rank == 1 ? -1 : -2) : columnDropped
  }
  let (x, y) = (a.detached(), b.detached())
  let (tA, tB, needsA, needsB) = (transposeA, transposeB, a.isRecorded, b.isRecorded)
  let z = Tensor.rawMatmul(x, transposeA: tA, y, transposeB: tB)
  return a.record(z, inputs: [a, b]) { g in
    matmulGradients(g, x, transposeA: tA, needsA: needsA, y, transposeB: tB, needsB: needsB)
  }
}

/// x·Wᵀ + b, a layer's affine map: `matmul(x, weight, transposeB: true) + bias` with the bias
/// added inside the product where the backend can (`Backend.affine`), so the output is written
/// once. x is [..., rows, in], the weight [out, in] or [..., out, in], the bias broadcast to the
/// result ([out], or [..., 1, out] for a batch of layers).
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor) -> Tensor {
  _ = x.meet(weight.constant(0), "linear")
  _ = x.meet(bias.constant(0), "linear")
  // The fused form needs matrices and a bias that does not enlarge the product.
  let productShape =
    x.rank >= 2 && weight.rank >= 2
    ? (try? Shape.broadcast(Array(x.shape.dropLast(2)), Array(weight.shape.dropLast(2)), op: "linear"))
      .map { $0 + [x.shape[x.rank - 2], weight.shape[weight.rank - 2]] }
    : nil
  guard let productShape, (try? Shape.broadcast(productShape, bias.shape, op: "linear")) == productShape else {
    return matmul(x, weight, transposeB: true) + bias
  }
  let (a, w, b) = (x.detached(), weight.detached(), bias.detached())
  let (needsX, needsW, needsBias, biasShape) = (x.isRecorded, weight.isRecorded, bias.isRecorded, bias.shape)
  let z = Tensor.rawMatmul(a, transposeA: false, w, transposeB: true, plus: b)
  return x.record(z, inputs: [x, weight, bias]) { g in
    matmulGradients(g, a, transposeA: false, needsA: needsX, w, transposeB: true, needsB: needsW)
      + [needsBias ? g.unbroadcast(to: biasShape) : nil]
  }
}

/// C = op(A)·op(B): d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G, transposed back where the operand
/// was read transposed; then summed over batch axes it was broadcast along. A constant operand
/// (data, a fixed matrix) gets no gradient computed.
private func matmulGradients(
  _ g: Tensor, _ x: Tensor, transposeA tA: Bool, needsA: Bool,
  _ y: Tensor, transposeB tB: Bool, needsB: Bool
) -> [Tensor?] {
  let ga =
    !needsA
    ? nil
    : tA
      ? Tensor.rawMatmul(y, transposeA: tB, g, transposeB: true)
      : Tensor.rawMatmul(g, transposeA: false, y, transposeB: !tB)
  // A matrix shared by a batch of A (a layer's weight) gets its gradient from one tall product
  // over the flattened batch, not a product per batch element summed afterwards.
  if needsB && y.rank == 2 && x.rank > 2 && !tA {
    let (rows, k, n) = (Shape.count(Array(x.shape.dropLast())), x.shape[x.rank - 1], g.shape[g.rank - 1])
    let (x2, g2) = (x.reshaped(to: [rows, k]), g.reshaped(to: [rows, n]))
    let gb =
      tB
      ? Tensor.rawMatmul(g2, transposeA: true, x2, transposeB: false)
      : Tensor.rawMatmul(x2, transposeA: true, g2, transposeB: false)
    return [ga?.unbroadcast(to: x.shape), gb]
  }
  let gb =
    !needsB
    ? nil
    : tB
      ? Tensor.rawMatmul(g, transposeA: true, x, transposeB: tA)
      : Tensor.rawMatmul(x, transposeA: !tA, g, transposeB: false)
  return [ga?.unbroadcast(to: x.shape), gb?.unbroadcast(to: y.shape)]
}
