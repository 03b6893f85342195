/// An n-dimensional array of Float32 or Float64 on a backend, dense and row-major.
///
/// A tensor is a value: ops return new tensors and never change their inputs. Inside
/// `valueAndGradient` a tensor also carries the node that records how it was made.
public struct Tensor {
  public let shape: [Int]
  public let buffer: DeviceBuffer
  public let backend: Backend
  /// The recorded history, when this tensor depends on a variable being differentiated.
  let node: GradientNode?

  init(shape: [Int], buffer: DeviceBuffer, backend: Backend, node: GradientNode? = nil) {
    precondition(buffer.count == Shape.count(shape), "Tensor: buffer of \(buffer.count) elements for shape \(shape)")
    self.shape = shape
    self.buffer = buffer
    self.backend = backend
    self.node = node
  }

  public var dtype: DType { buffer.dtype }
  public var rank: Int { shape.count }
  public var count: Int { buffer.count }
  /// Row-major strides in elements (tensors are always dense).
  public var strides: [Int] { Shape.strides(shape) }
  /// Whether this tensor is recorded for differentiation.
  public var isRecorded: Bool { node != nil }

  /// The same values with no history: gradients do not flow through it.
  public func detached() -> Tensor { Tensor(shape: shape, buffer: buffer, backend: backend) }
}

// MARK: Creation

extension Tensor {
  /// A tensor of `shape` holding `scalars` in row-major order.
  public init(shape: [Int], scalars: [Double], dtype: DType = .float64, on backend: Backend = CPUBackend.shared) {
    precondition(
      scalars.count == Shape.count(shape),
      "Tensor(shape:scalars:): \(scalars.count) scalars for shape \(shape) (\(Shape.count(shape)) elements)")
    self.init(shape: shape, buffer: backend.upload(scalars, dtype: dtype), backend: backend)
  }

  /// A Float32 tensor of `shape` holding `scalars`.
  public init(shape: [Int], floats: [Float], on backend: Backend = CPUBackend.shared) {
    precondition(
      floats.count == Shape.count(shape),
      "Tensor(shape:floats:): \(floats.count) scalars for shape \(shape) (\(Shape.count(shape)) elements)")
    self.init(shape: shape, buffer: backend.upload(floats), backend: backend)
  }

  /// A 1-d tensor.
  public init(_ scalars: [Double], dtype: DType = .float64, on backend: Backend = CPUBackend.shared) {
    self.init(shape: [scalars.count], scalars: scalars, dtype: dtype, on: backend)
  }

  /// A 0-d tensor.
  public init(_ scalar: Double, dtype: DType = .float64, on backend: Backend = CPUBackend.shared) {
    self.init(shape: [], scalars: [scalar], dtype: dtype, on: backend)
  }

  public static func full(
    _ value: Double, shape: [Int], dtype: DType = .float64,
    on backend: Backend = CPUBackend.shared
  ) -> Tensor {
    Tensor(shape: shape, buffer: backend.fill(value, count: Shape.count(shape), dtype: dtype), backend: backend)
  }

  public static func zeros(_ shape: [Int], dtype: DType = .float64, on backend: Backend = CPUBackend.shared) -> Tensor {
    full(0, shape: shape, dtype: dtype, on: backend)
  }

  public static func ones(_ shape: [Int], dtype: DType = .float64, on backend: Backend = CPUBackend.shared) -> Tensor {
    full(1, shape: shape, dtype: dtype, on: backend)
  }

  /// The n×n identity matrix.
  public static func identity(_ n: Int, dtype: DType = .float64, on backend: Backend = CPUBackend.shared) -> Tensor {
    var scalars = [Double](repeating: 0, count: n * n)
    for i in 0..<n { scalars[i * n + i] = 1 }
    return Tensor(shape: [n, n], scalars: scalars, dtype: dtype, on: backend)
  }

  /// A tensor of this one's dtype and backend.
  func like(_ shape: [Int], _ buffer: DeviceBuffer) -> Tensor { Tensor(shape: shape, buffer: buffer, backend: backend) }
  func constant(_ value: Double, shape: [Int] = []) -> Tensor {
    Tensor.full(value, shape: shape, dtype: dtype, on: backend)
  }
}

// MARK: Reading values

extension Tensor {
  /// All elements in row-major order, as Double (copied from the device).
  public var scalars: [Double] { backend.download(buffer) }
  /// All elements in row-major order, as Float.
  public var floats: [Float] { backend.downloadFloats(buffer) }
  /// The single element of a tensor with one element.
  public var scalar: Double {
    precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements, not 1")
    return scalars[0]
  }
}

// MARK: dtype and backend moves

extension Tensor {
  /// The same values in another dtype; gradients are cast back.
  public func to(_ dtype: DType) -> Tensor {
    if dtype == self.dtype { return self }
    let sourceType = self.dtype
    return record(like(shape, backend.cast(buffer, to: dtype)), inputs: [self]) { grad in [grad.to(sourceType)] }
  }

  /// The same values on another backend (no history: moves happen outside differentiation).
  public func to(backend other: Backend) -> Tensor {
    if other === backend { return self }
    let buffer = dtype == .float64 ? other.upload(scalars, dtype: .float64) : other.upload(floats)
    return Tensor(shape: shape, buffer: buffer, backend: other)
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let values = scalars
    let shown = values.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor<\(dtype)>\(shape)[\(shown)\(values.count > 8 ? ", …" : "")]"
  }
}
