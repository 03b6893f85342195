import CKernels

/// Reductions over the middle axis of [outer, size, inner]; a reduction over several axes is a
/// sequence of these (see `Tensor.sum(alongAxes:)`).
extension CPUBackend {
  public func reduce(_ op: ReduceOp, _ x: DeviceBuffer, outer: Int, size: Int, inner: Int) -> DeviceBuffer {
    let x = x.cpu
    let out = make(outer * inner, x.dtype)
    dispatch(x.dtype) { scalar in reduceKernel(op, x, out, outer, size, inner, scalar) }
    return out
  }

  /// Jobs own whole outputs, so a split never changes a sum: whole [size, inner] slabs when
  /// there are enough of them, else ranges of the inner columns.
  private func reduceKernel<T: TensorScalar>(
    _ op: ReduceOp, _ x: CPUBuffer, _ out: CPUBuffer,
    _ outer: Int, _ size: Int, _ inner: Int, _: T.Type
  ) {
    let work = outer * size * inner
    if outer >= Self.threadCount || inner == 1 {
      parallelRanges(outer, grain: max(1, outer * elementwiseGrain / max(work, 1))) { slabs in
        reduceKernel(op, x.pointer(T.self), out.pointer(T.self), slabs, size, inner, 0..<inner)
      }
    } else {
      parallelRanges(inner, grain: max(1, inner * elementwiseGrain / max(work, 1))) { columns in
        reduceKernel(op, x.pointer(T.self), out.pointer(T.self), 0..<outer, size, inner, columns)
      }
    }
  }

  private func reduceKernel<T: TensorScalar>(
    _ op: ReduceOp, _ s: UnsafeMutablePointer<T>, _ d: UnsafeMutablePointer<T>,
    _ slabs: Range<Int>, _ size: Int, _ inner: Int, _ columns: Range<Int>
  ) {
    if op == .sum {
      // The C kernel keeps a block of column sums in registers down the rows: the same sums, in
      // the same order.
      for o in slabs {
        let (x, out) = (UnsafeRawPointer(s + o * size * inner), UnsafeMutableRawPointer(d + o * inner))
        if T.self == Double.self {
          gravitas_column_sum_f64(
            x.assumingMemoryBound(to: Double.self), out.assumingMemoryBound(to: Double.self),
            size, inner, columns.lowerBound, columns.upperBound)
        } else {
          gravitas_column_sum_f32(
            x.assumingMemoryBound(to: Float.self), out.assumingMemoryBound(to: Float.self),
            size, inner, columns.lowerBound, columns.upperBound)
        }
      }
      return
    }
    let initial: T = op == .max ? -.infinity : .infinity
    let width = columns.count
    for o in slabs {
      let row = d + o * inner + columns.lowerBound
      row.initialize(repeating: initial, count: width)
      // Walk the reduced axis in the outer loop so the inner loop reads contiguous memory.
      for r in 0..<size {
        let src = s + (o * size + r) * inner + columns.lowerBound
        if op == .max {
          for i in 0..<width where !(src[i] <= row[i]) { row[i] = src[i] }  // NaN wins
        } else {
          for i in 0..<width where !(src[i] >= row[i]) { row[i] = src[i] }
        }
      }
    }
  }
}
