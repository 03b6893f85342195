import CKernels

/// Elementwise kernels. Binary and ternary kernels walk the output in row-major order with an
/// odometer over all axes but the last, and a tight loop over the last axis (stride 0 or 1 for
/// each operand), which is where the time goes.
extension CPUBackend {
  public func unary(_ op: UnaryOp, _ x: DeviceBuffer) -> DeviceBuffer {
    let x = x.cpu
    let out = make(x.count, x.dtype)
    dispatch(x.dtype) { scalar in unaryKernel(op, x, out, scalar) }
    return out
  }

  private func unaryKernel<T: TensorScalar>(_ op: UnaryOp, _ x: CPUBuffer, _ out: CPUBuffer, _: T.Type) {
    parallelRanges(x.count, grain: elementwiseGrain) { range in
      unaryKernel(op, x.pointer(T.self) + range.lowerBound, out.pointer(T.self) + range.lowerBound, range.count)
    }
  }

  private func unaryKernel<T: TensorScalar>(
    _ op: UnaryOp, _ s: UnsafeMutablePointer<T>, _ d: UnsafeMutablePointer<T>, _ n: Int
  ) {
    switch op {
    case .negate: for i in 0..<n { d[i] = -s[i] }
    case .exp: for i in 0..<n { d[i] = T.exp(s[i]) }
    case .log: for i in 0..<n { d[i] = T.log(s[i]) }
    case .log1p: for i in 0..<n { d[i] = T.log1p(s[i]) }
    case .sqrt: for i in 0..<n { d[i] = s[i].squareRoot() }
    case .abs: for i in 0..<n { d[i] = Swift.abs(s[i]) }
    case .sign: for i in 0..<n { d[i] = s[i] > 0 ? 1 : (s[i] < 0 ? -1 : 0) }
    case .tanh:
      if T.self == Double.self {
        gravitas_vector_tanh(
          UnsafeRawPointer(s).assumingMemoryBound(to: Double.self),
          UnsafeMutableRawPointer(d).assumingMemoryBound(to: Double.self), n)
      } else {
        for i in 0..<n { d[i] = T.tanh(s[i]) }
      }
    case .sigmoid:
      // Written so neither branch overflows: e^{-|x|} ≤ 1.
      for i in 0..<n {
        let e = T.exp(-Swift.abs(s[i]))
        d[i] = s[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
      }
    case .relu: for i in 0..<n { d[i] = s[i] > 0 ? s[i] : 0 }
    case .softplus:
      // log(1 + eˣ) = max(x, 0) + log1p(e^{-|x|}), exact for large |x|.
      for i in 0..<n { d[i] = Swift.max(s[i], 0) + T.log1p(T.exp(-Swift.abs(s[i]))) }
    case .sin: for i in 0..<n { d[i] = T.sin(s[i]) }
    case .cos: for i in 0..<n { d[i] = T.cos(s[i]) }
    case .erf: for i in 0..<n { d[i] = T.erf(s[i]) }
    case .silu:
      if T.self == Double.self {
        gravitas_vector_silu_f64(
          UnsafeRawPointer(s).assumingMemoryBound(to: Double.self),
          UnsafeMutableRawPointer(d).assumingMemoryBound(to: Double.self), n)
      } else {
        gravitas_vector_silu_f32(
          UnsafeRawPointer(s).assumingMemoryBound(to: Float.self),
          UnsafeMutableRawPointer(d).assumingMemoryBound(to: Float.self), n)
      }
    }
  }

  public func binary(
    _ op: BinaryOp, _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer {
    let (a, b) = (a.cpu, b.cpu)
    let out = make(Shape.count(outShape), a.dtype)
    dispatch(a.dtype) { scalar in
      binaryKernel(
        op, a, Shape.broadcastStrides(aShape, to: outShape),
        b, Shape.broadcastStrides(bShape, to: outShape), out, outShape, scalar)
    }
    return out
  }

  private func binaryKernel<T: TensorScalar>(
    _ op: BinaryOp, _ a: CPUBuffer, _ aStrides: [Int],
    _ b: CPUBuffer, _ bStrides: [Int],
    _ out: CPUBuffer, _ shape: [Int], _: T.Type
  ) {
    let (pa, pb, po) = (a.pointer(T.self), b.pointer(T.self), out.pointer(T.self))
    parallelRanges(out.count, grain: elementwiseGrain) { elements in
      forEachRow(shape, [aStrides, bStrides], elements: elements) { o, offsets, n, inner in
        let (sa, sb) = (inner[0], inner[1])
        let (x, y, z) = (pa + offsets[0], pb + offsets[1], po + o)
        func loop(_ f: (T, T) -> T) {
          if sa == 1 && sb == 1 {
            for i in 0..<n { z[i] = f(x[i], y[i]) }
          } else if sa == 1 {
            let v = y[0]
            for i in 0..<n { z[i] = f(x[i], v) }
          } else if sb == 1 {
            let v = x[0]
            for i in 0..<n { z[i] = f(v, y[i]) }
          } else {
            for i in 0..<n { z[i] = f(x[i * sa], y[i * sb]) }
          }
        }
        switch op {
        case .add: loop(+)
        case .subtract: loop(-)
        case .multiply: loop(*)
        case .divide: loop(/)
        case .pow: loop(T.pow)
        // NaN propagates, as in NumPy's maximum/minimum.
        case .maximum: loop { $0.isNaN || $1.isNaN ? .nan : ($0 >= $1 ? $0 : $1) }
        case .minimum: loop { $0.isNaN || $1.isNaN ? .nan : ($0 <= $1 ? $0 : $1) }
        case .greater: loop { $0 > $1 ? 1 : 0 }
        case .greaterEqual: loop { $0 >= $1 ? 1 : 0 }
        case .less: loop { $0 < $1 ? 1 : 0 }
        case .lessEqual: loop { $0 <= $1 ? 1 : 0 }
        case .equal: loop { $0 == $1 ? 1 : 0 }
        case .notEqual: loop { $0 != $1 ? 1 : 0 }
        case .tanhBackward: loop { $0 * (1 - $1 * $1) }
        case .siluBackward: siluBackward(x, sa, y, sb, z, n)
        }
      }
    }
  }

  /// z[i] = g[i·sg]·silu'(x[i·sx]) through vector_silu.c, whose σ the forward pass shares.
  private func siluBackward<T: TensorScalar>(
    _ g: UnsafeMutablePointer<T>, _ sg: Int, _ x: UnsafeMutablePointer<T>, _ sx: Int,
    _ z: UnsafeMutablePointer<T>, _ n: Int
  ) {
    if T.self == Double.self {
      gravitas_silu_backward_f64(
        UnsafeRawPointer(g).assumingMemoryBound(to: Double.self), sg,
        UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), sx,
        UnsafeMutableRawPointer(z).assumingMemoryBound(to: Double.self), n)
    } else {
      gravitas_silu_backward_f32(
        UnsafeRawPointer(g).assumingMemoryBound(to: Float.self), sg,
        UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), sx,
        UnsafeMutableRawPointer(z).assumingMemoryBound(to: Float.self), n)
    }
  }

  public func select(
    _ condition: DeviceBuffer, shape cShape: [Int], _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer {
    let (c, a, b) = (condition.cpu, a.cpu, b.cpu)
    let out = make(Shape.count(outShape), a.dtype)
    let strides = [cShape, aShape, bShape].map { Shape.broadcastStrides($0, to: outShape) }
    dispatch(a.dtype) { scalar in selectKernel(c, a, b, out, strides, outShape, scalar) }
    return out
  }

  private func selectKernel<T: TensorScalar>(
    _ c: CPUBuffer, _ a: CPUBuffer, _ b: CPUBuffer, _ out: CPUBuffer,
    _ strides: [[Int]], _ shape: [Int], _: T.Type
  ) {
    let (pc, pa, pb, po) = (c.pointer(T.self), a.pointer(T.self), b.pointer(T.self), out.pointer(T.self))
    parallelRanges(out.count, grain: elementwiseGrain) { elements in
      forEachRow(shape, strides, elements: elements) { o, offsets, n, inner in
        for i in 0..<n {
          po[o + i] = pc[offsets[0] + i * inner[0]] != 0 ? pa[offsets[1] + i * inner[1]] : pb[offsets[2] + i * inner[2]]
        }
      }
    }
  }
}

/// Visits the rows (last axis) of a row-major `shape`, giving the output offset, each operand's
/// offset, the row length and each operand's stride along the row. With `elements`, only that
/// range of output elements (a thread's share): its first and last rows may be partial.
@inline(__always)
func forEachRow(
  _ shape: [Int], _ operandStrides: [[Int]], elements: Range<Int>? = nil,
  _ body: (_ out: Int, _ offsets: [Int], _ n: Int, _ inner: [Int]) -> Void
) {
  let (shape, operandStrides) = Shape.coalesce(shape, operandStrides)
  let count = Shape.count(shape)
  let elements = elements ?? 0..<count
  guard count > 0, !elements.isEmpty else { return }
  guard let n = shape.last else {  // 0-d
    body(0, operandStrides.map { _ in 0 }, 1, operandStrides.map { _ in 0 })
    return
  }
  let inner = operandStrides.map { $0.last! }
  let outerRank = shape.count - 1
  // The odometer at the row holding the first element.
  var index = [Int](repeating: 0, count: outerRank)
  var row = elements.lowerBound / n
  for axis in stride(from: outerRank - 1, through: 0, by: -1) {
    (row, index[axis]) = row.quotientAndRemainder(dividingBy: shape[axis])
  }
  var offsets = operandStrides.indices.map { k in (0..<outerRank).reduce(0) { $0 + index[$1] * operandStrides[k][$1] } }
  var out = elements.lowerBound
  var column = elements.lowerBound % n
  while out < elements.upperBound {
    let length = min(n - column, elements.upperBound - out)
    if column == 0 {
      body(out, offsets, length, inner)
    } else {
      body(out, offsets.indices.map { offsets[$0] + column * inner[$0] }, length, inner)
    }
    out += length
    column = 0
    // Advance the odometer over the outer axes, keeping each operand's offset in step.
    var axis = outerRank - 1
    while axis >= 0 {
      index[axis] += 1
      for k in offsets.indices { offsets[k] += operandStrides[k][axis] }
      if index[axis] < shape[axis] { break }
      for k in offsets.indices { offsets[k] -= operandStrides[k][axis] * shape[axis] }
      index[axis] = 0
      axis -= 1
    }
  }
}
