/// Reshape, permute, expand, squeeze, slice, concatenate and stack. Tensors are always dense, so
/// every move that is not a reshape is one strided copy on the backend.
extension Tensor {
  /// Same buffer, new shape, no history.
  func reshapedRaw(_ newShape: [Int]) -> Tensor { like(newShape, buffer) }

  /// The same elements in row-major order under a new shape; one axis may be −1 (inferred).
  public func reshaped(to newShape: [Int]) -> Tensor {
    var target = newShape
    if let hole = newShape.firstIndex(of: -1) {
      let known = newShape.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
      if known > 0 && count % known == 0 { target[hole] = count / known }
    }
    guard Shape.count(target) == count, target.allSatisfy({ $0 >= 0 }) else {
      fail(.shapeMismatch(op: "reshape", shapes: [shape, newShape], reason: "element counts differ (\(count))"))
    }
    if target == shape { return self }
    let source = shape
    return record(reshapedRaw(target), inputs: [self]) { g in [g.reshaped(to: source)] }
  }

  /// Axes reordered: output axis i is input axis `permutation[i]`.
  public func permuted(_ permutation: [Int]) -> Tensor {
    guard permutation.sorted() == Array(0..<rank) else {
      fail(.invalidArgument(op: "permute", reason: "\(permutation) is not a permutation of the axes of shape \(shape)"))
    }
    if permutation == Array(0..<rank) { return self }
    let own = strides
    let y = like(
      permutation.map { shape[$0] },
      backend.stridedCopy(buffer, shape: permutation.map { shape[$0] }, strides: permutation.map { own[$0] }, offset: 0)
    )
    var inverse = [Int](repeating: 0, count: rank)
    for (i, p) in permutation.enumerated() { inverse[p] = i }
    return record(y, inputs: [self]) { g in [g.permuted(inverse)] }
  }

  /// The last two axes swapped (the matrix transpose).
  public func transposed() -> Tensor {
    precondition(rank >= 2, "transpose: needs rank ≥ 2, got shape \(shape)")
    var p = Array(0..<rank)
    p.swapAt(rank - 1, rank - 2)
    return permuted(p)
  }

  /// Broadcast to `target` shape (NumPy rules), materialised.
  public func expanded(to target: [Int]) -> Tensor {
    if target == shape { return self }
    do throws(TensorError) {
      guard try Shape.broadcast(shape, target, op: "expand") == target else {
        throw TensorError.shapeMismatch(
          op: "expand", shapes: [shape, target], reason: "cannot expand to a smaller shape")
      }
    } catch { fail(error) }
    let y = like(
      target, backend.stridedCopy(buffer, shape: target, strides: Shape.broadcastStrides(shape, to: target), offset: 0))
    let source = shape
    return record(y, inputs: [self]) { g in [g.unbroadcast(to: source)] }
  }

  /// Removes axis `axis`, which must have size 1 (or every size-1 axis when nil).
  public func squeezed(axis: Int? = nil) -> Tensor {
    guard let axis else { return reshaped(to: shape.filter { $0 != 1 }) }
    let a = checkedAxis(axis, "squeeze")
    precondition(shape[a] == 1, "squeeze: axis \(axis) of shape \(shape) has size \(shape[a]), not 1")
    var s = shape
    s.remove(at: a)
    return reshaped(to: s)
  }

  /// Inserts a size-1 axis at `axis` (−1 appends).
  public func unsqueezed(axis: Int) -> Tensor {
    let a: Int
    do { a = try Shape.axis(axis, rank: rank + 1, op: "unsqueeze") } catch { fail(error) }
    var s = shape
    s.insert(1, at: a)
    return reshaped(to: s)
  }

  func checkedAxis(_ axis: Int, _ op: String) -> Int {
    do { return try Shape.axis(axis, rank: rank, op: op) } catch { fail(error) }
  }

  /// Elements `range` (with `step`) along `axis`.
  public func slice(alongAxis axis: Int, _ range: Range<Int>, step: Int = 1) -> Tensor {
    let a = checkedAxis(axis, "slice")
    guard range.lowerBound >= 0, range.upperBound <= shape[a], step >= 1 else {
      fail(
        .invalidArgument(op: "slice", reason: "range \(range) step \(step) does not fit axis \(axis) of shape \(shape)")
      )
    }
    var outShape = shape
    outShape[a] = (range.count + step - 1) / step
    var viewStrides = strides
    let offset = range.lowerBound * viewStrides[a]
    viewStrides[a] *= step
    let y = like(outShape, backend.stridedCopy(buffer, shape: outShape, strides: viewStrides, offset: offset))
    let source = shape
    return record(y, inputs: [self]) { g in
      let full = Tensor.zeros(source, dtype: g.dtype, on: g.backend)
      g.backend.copy(g.buffer, into: full.buffer, shape: outShape, strides: viewStrides, offset: offset)
      return [full]
    }
  }

  /// Joins tensors along an existing axis.
  public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "concatenate: no tensors given")
    let first = tensors[0]
    let a = first.checkedAxis(axis, "concatenate")
    for t in tensors {
      _ = first.meet(t.constant(0), "concatenate")  // dtype and backend
      var (s0, s1) = (first.shape, t.shape)
      if s0.count == s1.count {
        s0[a] = 0
        s1[a] = 0
      }
      if s0 != s1 {
        fail(.shapeMismatch(op: "concatenate", shapes: tensors.map(\.shape), reason: "shapes differ off axis \(axis)"))
      }
    }
    var outShape = first.shape
    outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
    let out = first.backend.fill(0, count: Shape.count(outShape), dtype: first.dtype)
    let outStrides = Shape.strides(outShape)
    var start = 0
    var ranges: [Range<Int>] = []
    for t in tensors {
      first.backend.copy(t.buffer, into: out, shape: t.shape, strides: outStrides, offset: start * outStrides[a])
      ranges.append(start..<(start + t.shape[a]))
      start += t.shape[a]
    }
    return first.record(first.like(outShape, out), inputs: tensors) { g in
      ranges.map { g.slice(alongAxis: a, $0) }
    }
  }

  /// Joins tensors of one shape along a new axis.
  public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "stack: no tensors given")
    return concatenate(tensors.map { $0.unsqueezed(axis: axis) }, alongAxis: axis)
  }
}
