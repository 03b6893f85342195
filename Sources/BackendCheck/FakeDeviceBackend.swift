import TensorCore

/// A stand-in "device" for machines with no GPU: the CPU backend's kernels behind buffers of
/// their own type, so that anything above the `Backend` protocol that reaches for host memory
/// directly, or mixes a device tensor with a CPU one, traps here just as it would on CUDA.
/// It is what the comparison suite runs against when no GPU is at hand.
public final class FakeDeviceBackend: Backend, @unchecked Sendable {
  private let host = CPUBackend()

  public init() {}
  public var name: String { "fake-device" }

  final class Buffer: DeviceBuffer {
    let inner: DeviceBuffer
    init(_ inner: DeviceBuffer) { self.inner = inner }
    var count: Int { inner.count }
    var dtype: DType { inner.dtype }
  }

  private func wrap(_ buffer: DeviceBuffer) -> DeviceBuffer { Buffer(buffer) }
  private func unwrap(_ buffer: DeviceBuffer) -> DeviceBuffer {
    guard let buffer = buffer as? Buffer else {
      preconditionFailure("FakeDeviceBackend: given a \(type(of: buffer)); move the tensor to the device first")
    }
    return buffer.inner
  }

  public func upload(_ values: [Double], dtype: DType) -> DeviceBuffer { wrap(host.upload(values, dtype: dtype)) }
  public func upload(_ values: [Float]) -> DeviceBuffer { wrap(host.upload(values)) }
  public func download(_ buffer: DeviceBuffer) -> [Double] { host.download(unwrap(buffer)) }
  public func downloadFloats(_ buffer: DeviceBuffer) -> [Float] { host.downloadFloats(unwrap(buffer)) }
  public func uploadIndices(_ indices: [Int]) -> DeviceBuffer { wrap(host.uploadIndices(indices)) }
  public func fill(_ value: Double, count: Int, dtype: DType) -> DeviceBuffer {
    wrap(host.fill(value, count: count, dtype: dtype))
  }
  public func cast(_ x: DeviceBuffer, to dtype: DType) -> DeviceBuffer { wrap(host.cast(unwrap(x), to: dtype)) }
  public func unary(_ op: UnaryOp, _ x: DeviceBuffer) -> DeviceBuffer { wrap(host.unary(op, unwrap(x))) }

  public func binary(
    _ op: BinaryOp, _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer {
    wrap(host.binary(op, unwrap(a), shape: aShape, unwrap(b), shape: bShape, outShape: outShape))
  }

  public func select(
    _ condition: DeviceBuffer, shape cShape: [Int], _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer {
    wrap(
      host.select(
        unwrap(condition), shape: cShape, unwrap(a), shape: aShape, unwrap(b), shape: bShape, outShape: outShape))
  }

  public func reduce(_ op: ReduceOp, _ x: DeviceBuffer, outer: Int, size: Int, inner: Int) -> DeviceBuffer {
    wrap(host.reduce(op, unwrap(x), outer: outer, size: size, inner: inner))
  }

  public func matmul(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool, _ b: DeviceBuffer, transposeB: Bool,
    broadcastB: Bool, batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer {
    wrap(
      host.matmul(
        unwrap(a), transposeA: transposeA, broadcastA: broadcastA, unwrap(b), transposeB: transposeB,
        broadcastB: broadcastB, batch: batch, m: m, n: n, k: k))
  }

  public func triangularSolve(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int, lower: Bool, transpose: Bool)
    -> DeviceBuffer
  {
    wrap(host.triangularSolve(unwrap(a), unwrap(b), n: n, k: k, lower: lower, transpose: transpose))
  }

  public func triangularMultiply(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int, lower: Bool, transpose: Bool)
    -> DeviceBuffer
  {
    wrap(host.triangularMultiply(unwrap(a), unwrap(b), n: n, k: k, lower: lower, transpose: transpose))
  }

  public func stridedCopy(_ x: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) -> DeviceBuffer {
    wrap(host.stridedCopy(unwrap(x), shape: shape, strides: strides, offset: offset))
  }

  public func copy(_ source: DeviceBuffer, into destination: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) {
    host.copy(unwrap(source), into: unwrap(destination), shape: shape, strides: strides, offset: offset)
  }

  public func gather(_ x: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer) -> DeviceBuffer {
    wrap(host.gather(unwrap(x), outer: outer, size: size, inner: inner, indices: unwrap(indices)))
  }

  public func scatterAdd(_ source: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer)
    -> DeviceBuffer
  {
    wrap(host.scatterAdd(unwrap(source), outer: outer, size: size, inner: inner, indices: unwrap(indices)))
  }
}
