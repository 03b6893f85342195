import CCUDA
import TensorCore

/// The tensor core on an NVIDIA GPU: the driver API, NVRTC-compiled kernels and cuBLAS, all
/// opened at run time, so Gravitas builds and runs on machines with no CUDA at all.
///
/// Values stay on the device between ops; they cross to the host only through `download`
/// (which waits for the stream). Float64 is supported everywhere, at the GPU's Float64 speed.
public final class CUDABackend: Backend, @unchecked Sendable {
  /// How scatter-add sums rows that land on the same output.
  public enum ScatterMode: Sendable {
    /// Each output sums its rows in index order (sorted segments): the same bits on every run,
    /// and the same bits as the CPU backend. The default.
    case deterministic
    /// Atomic adds: can be faster on wide fan-in; the last bits vary from run to run.
    case atomic
  }

  let device: CUDADevice
  let pool: DeviceMemoryPool
  public let scatterMode: ScatterMode

  /// Opens device `ordinal`; throws `CUDAError` naming what is missing (driver, GPU, NVRTC,
  /// cuBLAS) or which call failed.
  public convenience init(ordinal: Int = 0, scatterMode: ScatterMode = .deterministic) throws {
    try self.init(libraries: try .system(), ordinal: ordinal, scatterMode: scatterMode)
  }

  init(libraries: CUDALibraries, ordinal: Int = 0, scatterMode: ScatterMode = .deterministic) throws {
    device = try CUDADevice(ordinal: ordinal, libraries: libraries)
    pool = DeviceMemoryPool(device: device)
    self.scatterMode = scatterMode
  }

  public var name: String { "cuda:\(device.ordinal)" }
  /// The GPU's name and architecture, for "which device did I get" messages.
  public var deviceDescription: String { "\(device.name), \(device.architecture)" }

  /// Waits for every queued kernel (for timing).
  public func synchronize() { device.synchronize() }

  func make(_ count: Int, _ dtype: DType) -> CUDABuffer {
    CUDABuffer(count: count, dtype: dtype, memory: pool.allocate(max(count, 1) * dtype.byteSize))
  }

  private func suffix(_ dtype: DType) -> String { dtype == .float64 ? "_f64" : "_f32" }

  // MARK: Transfers and creation

  public func upload(_ values: [Double], dtype: DType) -> DeviceBuffer {
    dtype == .float32 ? upload(values.map(Float.init)) : copyIn(values, .float64)
  }

  public func upload(_ values: [Float]) -> DeviceBuffer { copyIn(values, .float32) }

  public func download(_ buffer: DeviceBuffer) -> [Double] {
    let b = buffer.cuda
    return b.dtype == .float32 ? copyOut(b, Float.self).map(Double.init) : copyOut(b, Double.self)
  }

  public func downloadFloats(_ buffer: DeviceBuffer) -> [Float] {
    let b = buffer.cuda
    return b.dtype == .float64 ? copyOut(b, Double.self).map(Float.init) : copyOut(b, Float.self)
  }

  /// Host values, already in the element type of `dtype`, into a new device buffer.
  private func copyIn<T>(_ values: [T], _ dtype: DType) -> CUDABuffer {
    let out = make(values.count, dtype)
    copy(values, to: out.pointer)
    return out
  }

  private func copy<T>(_ values: [T], to destination: CUdeviceptr) {
    values.withUnsafeBytes { bytes in
      if let base = bytes.baseAddress { device.copyToDevice(destination, from: base, bytes: bytes.count) }
    }
  }

  /// A device buffer's elements, read as `T` (its own element type).
  private func copyOut<T: BinaryFloatingPoint>(_ b: CUDABuffer, _: T.Type) -> [T] {
    var values = [T](repeating: 0, count: b.count)
    values.withUnsafeMutableBytes { bytes in
      if let base = bytes.baseAddress { device.copyToHost(base, from: b.pointer, bytes: bytes.count) }
    }
    return values
  }

  public func uploadIndices(_ indices: [Int]) -> DeviceBuffer {
    precondition(indices.allSatisfy { $0 >= 0 }, "CUDABackend.uploadIndices: negative index")
    let (order, starts) = CUDAIndexBuffer.sortedRuns(indices)
    func put(_ values: [Int64]) -> DeviceAllocation {
      let memory = pool.allocate(max(values.count, 1) * 8)
      copy(values, to: memory.pointer)
      return memory
    }
    return CUDAIndexBuffer(
      count: indices.count, indices: put(indices.map(Int64.init)), order: put(order),
      starts: put(starts), segments: starts.count - 1)
  }

  public func fill(_ value: Double, count: Int, dtype: DType) -> DeviceBuffer {
    let out = make(count, dtype)
    let scalar: CUDADevice.Argument = dtype == .float64 ? .double(value) : .float(Float(value))
    device.launch("fill" + suffix(dtype), count: count, [.pointer(out.pointer), scalar, .int64(Int64(count))])
    return out
  }

  public func cast(_ x: DeviceBuffer, to dtype: DType) -> DeviceBuffer {
    let x = x.cuda
    let out = make(x.count, dtype)
    if x.dtype == dtype {
      device.copyOnDevice(out.pointer, from: x.pointer, bytes: x.count * dtype.byteSize)
    } else {
      device.launch(
        dtype == .float64 ? "cast_f32_f64" : "cast_f64_f32", count: x.count,
        [.pointer(x.pointer), .pointer(out.pointer), .int64(Int64(x.count))])
    }
    return out
  }

  // MARK: Elementwise

  public func unary(_ op: UnaryOp, _ x: DeviceBuffer) -> DeviceBuffer {
    let x = x.cuda
    let out = make(x.count, x.dtype)
    device.launch(
      "unary" + suffix(x.dtype), count: x.count,
      [.int32(op.kernelCode), .pointer(x.pointer), .pointer(out.pointer), .int64(Int64(x.count))])
    return out
  }

  public func binary(
    _ op: BinaryOp, _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer {
    let (a, b) = (a.cuda, b.cuda)
    let count = Shape.count(outShape)
    let out = make(count, a.dtype)
    if aShape == outShape && bShape == outShape {
      device.launch(
        "binary_dense" + suffix(a.dtype), count: count,
        [.int32(op.kernelCode), .pointer(a.pointer), .pointer(b.pointer), .pointer(out.pointer), .int64(Int64(count))])
    } else {
      let layout = Self.layout(outShape, [aShape, bShape].map { Shape.broadcastStrides($0, to: outShape) })
      device.launch(
        "binary" + suffix(a.dtype), count: count,
        [
          .int32(op.kernelCode), .pointer(a.pointer), .pointer(b.pointer), .pointer(out.pointer),
          .layout(layout), .int64(Int64(count)),
        ])
    }
    return out
  }

  public func select(
    _ condition: DeviceBuffer, shape cShape: [Int], _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer {
    let (c, a, b) = (condition.cuda, a.cuda, b.cuda)
    let count = Shape.count(outShape)
    let out = make(count, a.dtype)
    let layout = Self.layout(outShape, [cShape, aShape, bShape].map { Shape.broadcastStrides($0, to: outShape) })
    device.launch(
      "select" + suffix(a.dtype), count: count,
      [
        .pointer(c.pointer), .pointer(a.pointer), .pointer(b.pointer), .pointer(out.pointer),
        .layout(layout), .int64(Int64(count)),
      ])
    return out
  }

  /// The kernels' `Layout`: the coalesced shape and up to three operands' strides, 8 axes at most.
  static func layout(_ shape: [Int], _ strides: [[Int]]) -> [Int64] {
    let (shape, strides) = Shape.coalesce(shape, strides)
    precondition(shape.count <= 8, "CUDABackend: \(shape.count) axes that do not merge (at most 8)")
    var values = [Int64](repeating: 0, count: 33)
    for (axis, extent) in shape.enumerated() { values[axis] = Int64(extent) }
    for (k, operand) in strides.prefix(3).enumerated() {
      for (axis, stride) in operand.enumerated() { values[8 + 8 * k + axis] = Int64(stride) }
    }
    values[32] = Int64(shape.count)
    return values
  }

  // MARK: Reductions

  public func reduce(_ op: ReduceOp, _ x: DeviceBuffer, outer: Int, size: Int, inner: Int) -> DeviceBuffer {
    let x = x.cuda
    let out = make(outer * inner, x.dtype)
    if inner == 1 && outer > 0 {
      device.launch(
        "reduce_rows" + suffix(x.dtype), count: outer, grid: outer,
        [.int32(op.kernelCode), .pointer(x.pointer), .pointer(out.pointer), .int64(Int64(size))])
    } else {
      device.launch(
        "reduce_columns" + suffix(x.dtype), count: outer * inner,
        [
          .int32(op.kernelCode), .pointer(x.pointer), .pointer(out.pointer),
          .int64(Int64(outer)), .int64(Int64(size)), .int64(Int64(inner)),
        ])
    }
    return out
  }

  // MARK: Movement

  public func stridedCopy(_ x: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) -> DeviceBuffer {
    let x = x.cuda
    let count = Shape.count(shape)
    let out = make(count, x.dtype)
    device.launch(
      "strided_copy" + suffix(x.dtype), count: count,
      [
        .pointer(x.pointer), .pointer(out.pointer), .layout(Self.layout(shape, [strides])),
        .int64(Int64(offset)), .int64(Int64(count)),
      ])
    return out
  }

  public func copy(_ source: DeviceBuffer, into destination: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) {
    let (source, destination) = (source.cuda, destination.cuda)
    let count = Shape.count(shape)
    device.launch(
      "copy_into" + suffix(source.dtype), count: count,
      [
        .pointer(source.pointer), .pointer(destination.pointer), .layout(Self.layout(shape, [strides])),
        .int64(Int64(offset)), .int64(Int64(count)),
      ])
  }

  public func gather(_ x: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer) -> DeviceBuffer {
    let (x, index) = (x.cuda, indices.cudaIndices(for: "gather"))
    let out = make(outer * index.count * inner, x.dtype)
    device.launch(
      "gather" + suffix(x.dtype), count: out.count,
      [
        .pointer(x.pointer), .pointer(out.pointer), .pointer(index.indices.pointer),
        .int64(Int64(outer)), .int64(Int64(size)), .int64(Int64(inner)), .int64(Int64(index.count)),
      ])
    return out
  }

  public func scatterAdd(_ source: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer)
    -> DeviceBuffer
  {
    let (source, index) = (source.cuda, indices.cudaIndices(for: "scatterAdd"))
    precondition(
      index.segments <= size, "CUDABackend.scatterAdd: index \(index.segments - 1) out of range for size \(size)")
    let dimensions: [CUDADevice.Argument] = [
      .int64(Int64(outer)), .int64(Int64(size)), .int64(Int64(inner)),
      .int64(Int64(index.count)),
    ]
    switch scatterMode {
    case .deterministic:
      let out = make(outer * size * inner, source.dtype)
      device.launch(
        "scatter_add_sorted" + suffix(source.dtype), count: out.count,
        [
          .pointer(source.pointer), .pointer(out.pointer), .pointer(index.order.pointer),
          .pointer(index.starts.pointer), .int64(Int64(index.segments)),
        ] + dimensions)
      return out
    case .atomic:
      let out = fill(0, count: outer * size * inner, dtype: source.dtype).cuda
      device.launch(
        "scatter_add_atomic" + suffix(source.dtype), count: outer * index.count * inner,
        [.pointer(source.pointer), .pointer(out.pointer), .pointer(index.indices.pointer)] + dimensions)
      return out
    }
  }
}

extension UnaryOp {
  /// The operation's number in the kernels' `apply_unary` switch.
  var kernelCode: Int32 {
    switch self {
    case .negate: 0
    case .exp: 1
    case .log: 2
    case .log1p: 3
    case .sqrt: 4
    case .abs: 5
    case .sign: 6
    case .tanh: 7
    case .sigmoid: 8
    case .relu: 9
    case .softplus: 10
    case .sin: 11
    case .cos: 12
    case .erf: 13
    case .silu: 14
    }
  }
}

extension BinaryOp {
  /// The operation's number in the kernels' `apply_binary` switch.
  var kernelCode: Int32 {
    switch self {
    case .add: 0
    case .subtract: 1
    case .multiply: 2
    case .divide: 3
    case .pow: 4
    case .maximum: 5
    case .minimum: 6
    case .greater: 7
    case .greaterEqual: 8
    case .less: 9
    case .lessEqual: 10
    case .equal: 11
    case .notEqual: 12
    case .tanhBackward: 13
    case .siluBackward: 14
    }
  }
}

extension ReduceOp {
  var kernelCode: Int32 {
    switch self {
    case .sum: 0
    case .max: 1
    case .min: 2
    }
  }
}
