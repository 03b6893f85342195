/// Strided copies (the one kernel behind permute, expand, slice and concatenate) and the
/// index select / index add pair that message passing is built on.
extension CPUBackend {
  public func stridedCopy(_ x: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) -> DeviceBuffer {
    let x = x.cpu
    let out = make(Shape.count(shape), x.dtype)
    dispatch(x.dtype) { scalar in stridedCopyKernel(x, out, shape, strides, offset, scalar) }
    return out
  }

  private func stridedCopyKernel<T: TensorScalar>(
    _ x: CPUBuffer, _ out: CPUBuffer, _ shape: [Int],
    _ strides: [Int], _ offset: Int, _: T.Type
  ) {
    let (s, d) = (x.pointer(T.self) + offset, out.pointer(T.self))
    forEachRow(shape, [strides]) { o, offsets, n, inner in
      let (src, step) = (s + offsets[0], inner[0])
      if step == 1 { (d + o).update(from: src, count: n) } else { for i in 0..<n { d[o + i] = src[i * step] } }
    }
  }

  public func copy(_ source: DeviceBuffer, into destination: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) {
    let (src, dst) = (source.cpu, destination.cpu)
    dispatch(src.dtype) { scalar in copyKernel(src, dst, shape, strides, offset, scalar) }
  }

  private func copyKernel<T: TensorScalar>(
    _ src: CPUBuffer, _ dst: CPUBuffer, _ shape: [Int],
    _ strides: [Int], _ offset: Int, _: T.Type
  ) {
    let (s, d) = (src.pointer(T.self), dst.pointer(T.self) + offset)
    forEachRow(shape, [strides]) { o, offsets, n, inner in
      let (out, step) = (d + offsets[0], inner[0])
      if step == 1 { out.update(from: s + o, count: n) } else { for i in 0..<n { out[i * step] = s[o + i] } }
    }
  }

  public func gather(_ x: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer) -> DeviceBuffer {
    let (x, idx) = (x.cpu, indices.cpuIndices(for: "gather"))
    let out = make(outer * idx.count * inner, x.dtype)
    dispatch(x.dtype) { scalar in gatherKernel(x, out, outer, size, inner, idx, scalar) }
    return out
  }

  private func gatherKernel<T: TensorScalar>(
    _ x: CPUBuffer, _ out: CPUBuffer, _ outer: Int, _ size: Int,
    _ inner: Int, _ idx: [Int], _: T.Type
  ) {
    let (s, d) = (x.pointer(T.self), out.pointer(T.self))
    for o in 0..<outer {
      for (j, i) in idx.enumerated() {
        (d + (o * idx.count + j) * inner).update(from: s + (o * size + i) * inner, count: inner)
      }
    }
  }

  public func scatterAdd(_ source: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer)
    -> DeviceBuffer
  {
    let (src, idx) = (source.cpu, indices.cpuIndices(for: "scatterAdd"))
    let out = make(outer * size * inner, src.dtype)
    dispatch(src.dtype) { scalar in scatterAddKernel(src, out, outer, size, inner, idx, scalar) }
    return out
  }

  private func scatterAddKernel<T: TensorScalar>(
    _ src: CPUBuffer, _ out: CPUBuffer, _ outer: Int, _ size: Int,
    _ inner: Int, _ idx: [Int], _: T.Type
  ) {
    let (s, d) = (src.pointer(T.self), out.pointer(T.self))
    d.initialize(repeating: 0, count: outer * size * inner)
    for o in 0..<outer {
      for (j, i) in idx.enumerated() {
        let (to, from) = (d + (o * size + i) * inner, s + (o * idx.count + j) * inner)
        for e in 0..<inner { to[e] += from[e] }
      }
    }
  }
}
