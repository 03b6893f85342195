/// Reductions over the middle axis of [outer, size, inner]; a reduction over several axes is a
/// sequence of these (see `Tensor.sum(alongAxes:)`).
extension CPUBackend {
  public func reduce(_ op: ReduceOp, _ x: DeviceBuffer, outer: Int, size: Int, inner: Int) -> DeviceBuffer {
    let x = x.cpu
    let out = make(outer * inner, x.dtype)
    dispatch(x.dtype) { T in reduceKernel(op, x, out, outer, size, inner, T) }
    return out
  }

  private func reduceKernel<T: TensorScalar>(_ op: ReduceOp, _ x: CPUBuffer, _ out: CPUBuffer,
                                             _ outer: Int, _ size: Int, _ inner: Int, _: T.Type) {
    let (s, d) = (x.pointer(T.self), out.pointer(T.self))
    let initial: T = op == .sum ? 0 : (op == .max ? -.infinity : .infinity)
    for o in 0..<outer {
      let row = d + o * inner
      row.initialize(repeating: initial, count: inner)
      // Walk the reduced axis in the outer loop so the inner loop reads contiguous memory.
      for r in 0..<size {
        let src = s + (o * size + r) * inner
        switch op {
        case .sum: for i in 0..<inner { row[i] += src[i] }
        case .max: for i in 0..<inner where !(src[i] <= row[i]) { row[i] = src[i] }  // NaN wins
        case .min: for i in 0..<inner where !(src[i] >= row[i]) { row[i] = src[i] }
        }
      }
    }
  }
}
