/// Memory owned by a backend: host memory for the CPU, device memory for CUDA.
///
/// Nothing above the `Backend` protocol reads a buffer's bytes directly; values cross
/// between host and device only through `upload` and `download`.
public protocol DeviceBuffer: AnyObject {
  var count: Int { get }
  var dtype: DType { get }
}

/// Elementwise functions of one tensor.
public enum UnaryOp: Sendable {
  case negate, exp, log, log1p, sqrt, abs, sign, tanh, sigmoid, relu, softplus, sin, cos, erf
  /// x·σ(x) in one pass instead of two ops (its backward is `BinaryOp.siluBackward`).
  case silu
}

/// Elementwise functions of two tensors. Comparisons return 1 or 0 in the operands' dtype.
public enum BinaryOp: Sendable {
  case add, subtract, multiply, divide, pow, maximum, minimum
  case greater, greaterEqual, less, lessEqual, equal, notEqual
  /// g·(1 − y²): tanh's backward from the gradient g and tanh's output y, in one pass and with no
  /// temporary (a training step's largest tensors go through it twice per hidden layer).
  case tanhBackward
  /// g·σ(x)(1 + x(1 − σ(x))): SiLU's backward from the gradient g and SiLU's input x, in one pass
  /// (not the derivative written out, then a product reading it back).
  case siluBackward
}

/// Reductions along an axis.
public enum ReduceOp: Sendable { case sum, max, min }

/// The small set of kernels everything else is composed from.
///
/// Buffers are dense and row-major; shapes travel beside them. A new backend (CUDA) implements
/// these and inherits every op, gradient and layer above.
public protocol Backend: AnyObject {
  /// A short name for messages ("cpu", "cuda:0").
  var name: String { get }

  // Transfers and creation.
  func upload(_ values: [Double], dtype: DType) -> DeviceBuffer
  func upload(_ values: [Float]) -> DeviceBuffer
  func download(_ buffer: DeviceBuffer) -> [Double]
  func downloadFloats(_ buffer: DeviceBuffer) -> [Float]
  func uploadIndices(_ indices: [Int]) -> DeviceBuffer
  func fill(_ value: Double, count: Int, dtype: DType) -> DeviceBuffer
  func cast(_ x: DeviceBuffer, to dtype: DType) -> DeviceBuffer

  // Elementwise, with broadcasting for the binary and ternary forms.
  func unary(_ op: UnaryOp, _ x: DeviceBuffer) -> DeviceBuffer
  func binary(
    _ op: BinaryOp, _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer
  /// `condition != 0 ? a : b`, elementwise, all three broadcast to `outShape`.
  func select(
    _ condition: DeviceBuffer, shape cShape: [Int], _ a: DeviceBuffer, shape aShape: [Int],
    _ b: DeviceBuffer, shape bShape: [Int], outShape: [Int]
  ) -> DeviceBuffer

  /// Reduces `x` (viewed as [outer, size, inner]) along the middle axis → [outer, inner].
  func reduce(_ op: ReduceOp, _ x: DeviceBuffer, outer: Int, size: Int, inner: Int) -> DeviceBuffer

  /// C[b] = op(A[b]) · op(B[b]) for b in 0..<batch; A is [m, k] (or [k, m] when transposed),
  /// B is [k, n] (or [n, k]). A batch stride of zero shares that operand across the batch.
  func matmul(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer
  /// C[b] = op(A[b]) · op(B[b]) + bias[b], the bias row [n] added to every row of C (a layer's
  /// affine map); `broadcastBias` shares one row across the batch. A backend may add the bias
  /// inside the product instead of in a pass after it.
  func affine(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    bias: DeviceBuffer, broadcastBias: Bool, batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer

  /// Solves op(A) X = B for X, A an n×n triangle and B n×k (the covariance whitening L⁻¹r).
  func triangularSolve(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int, lower: Bool, transpose: Bool)
    -> DeviceBuffer
  /// op(A) B with A an n×n triangle (the other triangle of A is ignored).
  func triangularMultiply(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int, lower: Bool, transpose: Bool)
    -> DeviceBuffer
  /// A·B for a symmetric A [n, n] and B [n, k] (a precision matrix times residuals). A backend
  /// may read either triangle of A alone.
  func symmetricMatmul(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int) -> DeviceBuffer

  /// Reads the strided view (shape, strides, offset) of `x` into a new dense buffer:
  /// permutes, expands and slices are all this one kernel.
  func stridedCopy(_ x: DeviceBuffer, shape: [Int], strides: [Int], offset: Int) -> DeviceBuffer
  /// Writes dense `source` into the strided region (shape, strides, offset) of `destination`.
  func copy(_ source: DeviceBuffer, into destination: DeviceBuffer, shape: [Int], strides: [Int], offset: Int)

  /// Index select: x viewed as [outer, size, inner] → [outer, indices.count, inner].
  func gather(_ x: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer) -> DeviceBuffer
  /// Index add: source viewed as [outer, indices.count, inner] summed into [outer, size, inner].
  /// Deterministic: each output is accumulated in index order.
  func scatterAdd(_ source: DeviceBuffer, outer: Int, size: Int, inner: Int, indices: DeviceBuffer) -> DeviceBuffer

  /// One Adam step on a parameter θ with gradient g and moments m, v (see `AdamCoefficients`);
  /// returns the new (θ, m, v).
  func adamStep(
    _ parameter: DeviceBuffer, _ gradient: DeviceBuffer, _ firstMoment: DeviceBuffer,
    _ secondMoment: DeviceBuffer, _ coefficients: AdamCoefficients
  ) -> (DeviceBuffer, DeviceBuffer, DeviceBuffer)
}

extension Backend {
  /// Adam's step from the elementwise kernels, for backends without a fused one.
  public func adamStep(
    _ parameter: DeviceBuffer, _ gradient: DeviceBuffer, _ firstMoment: DeviceBuffer,
    _ secondMoment: DeviceBuffer, _ c: AdamCoefficients
  ) -> (DeviceBuffer, DeviceBuffer, DeviceBuffer) {
    let count = parameter.count
    func scalar(_ value: Double) -> DeviceBuffer { fill(value, count: 1, dtype: parameter.dtype) }
    func apply(_ op: BinaryOp, _ a: DeviceBuffer, _ b: DeviceBuffer) -> DeviceBuffer {
      binary(op, a, shape: [a.count], b, shape: [b.count], outShape: [count])
    }
    let m = apply(
      .add, apply(.multiply, scalar(c.beta1), firstMoment), apply(.multiply, scalar(c.oneMinusBeta1), gradient))
    let v = apply(
      .add, apply(.multiply, scalar(c.beta2), secondMoment),
      apply(.multiply, apply(.multiply, scalar(c.oneMinusBeta2), gradient), gradient))
    let denominator = apply(.add, unary(.sqrt, apply(.divide, v, scalar(c.secondBiasCorrection))), scalar(c.epsilon))
    let theta = apply(.subtract, parameter, apply(.divide, apply(.multiply, scalar(c.stepSize), m), denominator))
    return (theta, m, v)
  }

  /// The product, then the bias added in a pass of its own.
  public func affine(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    bias: DeviceBuffer, broadcastBias: Bool, batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer {
    composedAffine(
      a, transposeA: transposeA, broadcastA: broadcastA, b, transposeB: transposeB, broadcastB: broadcastB,
      bias: bias, broadcastBias: broadcastBias, batch: batch, m: m, n: n, k: k)
  }

  func composedAffine(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    bias: DeviceBuffer, broadcastBias: Bool, batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer {
    let product = matmul(
      a, transposeA: transposeA, broadcastA: broadcastA, b, transposeB: transposeB,
      broadcastB: broadcastB, batch: batch, m: m, n: n, k: k)
    return binary(
      .add, product, shape: [batch, m, n], bias, shape: [broadcastBias ? 1 : batch, 1, n], outShape: [batch, m, n])
  }

  /// The general product, for backends that do not exploit the symmetry.
  public func symmetricMatmul(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int) -> DeviceBuffer {
    matmul(a, transposeA: false, broadcastA: false, b, transposeB: false, broadcastB: false, batch: 1, m: n, n: k, k: n)
  }
}
