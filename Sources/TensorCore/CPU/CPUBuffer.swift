/// Host memory, 64-byte aligned so BLAS and the vectoriser see aligned rows.
public final class CPUBuffer: DeviceBuffer {
  public let count: Int
  public let dtype: DType
  let raw: UnsafeMutableRawPointer

  init(count: Int, dtype: DType) {
    self.count = count
    self.dtype = dtype
    raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * dtype.byteSize, alignment: 64)
  }

  deinit { raw.deallocate() }

  func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
    precondition(T.dtype == dtype, "CPUBuffer: read as \(T.dtype) but holds \(dtype)")
    return raw.assumingMemoryBound(to: T.self)
  }
}

/// Host memory holding indices for gather and scatter.
final class CPUIndexBuffer: DeviceBuffer {
  let indices: [Int]
  var count: Int { indices.count }
  var dtype: DType { .float64 }  // unused: index buffers never enter arithmetic
  init(_ indices: [Int]) { self.indices = indices }
}

extension DeviceBuffer {
  /// The CPU view of a buffer; any other kind here is a bug in the caller.
  @inline(__always) var cpu: CPUBuffer {
    guard let buffer = self as? CPUBuffer else {
      preconditionFailure("CPUBackend: given a \(type(of: self)); move the tensor to the CPU first")
    }
    return buffer
  }

  /// The host indices of a gather or scatter `op`; any other kind here is a bug in the caller.
  @inline(__always) func cpuIndices(for op: String) -> [Int] {
    guard let buffer = self as? CPUIndexBuffer else {
      preconditionFailure(
        "CPUBackend.\(op): indices are a \(type(of: self)), not CPU indices (upload them with this backend)")
    }
    return buffer.indices
  }
}

/// Runs `body` with the buffer's dtype as a generic parameter.
@inline(__always)
func dispatch<R>(_ dtype: DType, _ body: (any TensorScalar.Type) -> R) -> R {
  dtype == .float64 ? body(Double.self) : body(Float.self)
}

extension CPUBuffer {
  /// Raw element pointers, for code that calls BLAS directly on a tensor's memory (benchmarks).
  public var doublePointer: UnsafeMutablePointer<Double> { pointer(Double.self) }
  public var floatPointer: UnsafeMutablePointer<Float> { pointer(Float.self) }
}
