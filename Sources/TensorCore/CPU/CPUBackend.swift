/// The CPU backend: OpenBLAS for matrix products and triangles, plain Swift loops (vectorised by
/// the compiler) for everything else. Stateless, so one instance can serve every tensor.
public final class CPUBackend: Backend, @unchecked Sendable {
  public static let shared = CPUBackend()
  public var name: String { "cpu" }

  /// Changes nothing outside the instance: the allocator's and OpenBLAS's process-wide settings
  /// are the program's, applied at its start (`ProcessSettings`).
  public init() {}

  func make(_ count: Int, _ dtype: DType) -> CPUBuffer { CPUBuffer(count: count, dtype: dtype) }

  public func upload(_ values: [Double], dtype: DType) -> DeviceBuffer {
    let out = make(values.count, dtype)
    switch dtype {
    case .float64:
      values.withUnsafeBufferPointer { out.raw.copyMemory(from: $0.baseAddress!, byteCount: values.count * 8) }
    case .float32:
      let p = out.pointer(Float.self)
      for i in values.indices { p[i] = Float(values[i]) }
    }
    return out
  }

  public func upload(_ values: [Float]) -> DeviceBuffer {
    let out = make(values.count, .float32)
    values.withUnsafeBufferPointer { out.raw.copyMemory(from: $0.baseAddress!, byteCount: values.count * 4) }
    return out
  }

  public func download(_ buffer: DeviceBuffer) -> [Double] {
    let b = buffer.cpu
    switch b.dtype {
    case .float64: return Array(UnsafeBufferPointer(start: b.pointer(Double.self), count: b.count))
    case .float32: return UnsafeBufferPointer(start: b.pointer(Float.self), count: b.count).map(Double.init)
    }
  }

  public func downloadFloats(_ buffer: DeviceBuffer) -> [Float] {
    let b = buffer.cpu
    switch b.dtype {
    case .float32: return Array(UnsafeBufferPointer(start: b.pointer(Float.self), count: b.count))
    case .float64: return UnsafeBufferPointer(start: b.pointer(Double.self), count: b.count).map(Float.init)
    }
  }

  public func uploadIndices(_ indices: [Int]) -> DeviceBuffer { CPUIndexBuffer(indices) }

  public func fill(_ value: Double, count: Int, dtype: DType) -> DeviceBuffer {
    let out = make(count, dtype)
    dispatch(dtype) { scalar in fillKernel(out, value, scalar) }
    return out
  }

  private func fillKernel<T: TensorScalar>(_ out: CPUBuffer, _ value: Double, _: T.Type) {
    out.pointer(T.self).initialize(repeating: T(value), count: out.count)
  }

  public func cast(_ x: DeviceBuffer, to dtype: DType) -> DeviceBuffer {
    let x = x.cpu
    if x.dtype == dtype { return stridedCopy(x, shape: [x.count], strides: [1], offset: 0) }
    let out = make(x.count, dtype)
    if dtype == .float64 {
      let (s, d) = (x.pointer(Float.self), out.pointer(Double.self))
      for i in 0..<x.count { d[i] = Double(s[i]) }
    } else {
      let (s, d) = (x.pointer(Double.self), out.pointer(Float.self))
      for i in 0..<x.count { d[i] = Float(s[i]) }
    }
    return out
  }
}
