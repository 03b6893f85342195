import CCUDA
import TensorCore

/// Matrix products and triangles through cuBLAS. cuBLAS is column-major and our buffers are
/// row-major, so every call works on the transposes: C = op(A)·op(B) is computed as
/// Cᵀ = op(B)ᵀ·op(A)ᵀ, and op(A)·X = B as Xᵀ·op(A)ᵀ = Bᵀ (a right-side solve).
extension CUDABackend {
  public func matmul(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer {
    let (a, b) = (a.cuda, b.cuda)
    let out = make(batch * m * n, a.dtype)
    guard batch * m * n > 0 else { return out }
    if k == 0 { return fill(0, count: batch * m * n, dtype: a.dtype) }
    let opB = Int32(transposeB ? GRAVITAS_CUBLAS_OP_T : GRAVITAS_CUBLAS_OP_N)
    let opA = Int32(transposeA ? GRAVITAS_CUBLAS_OP_T : GRAVITAS_CUBLAS_OP_N)
    let (ldb, lda) = (Int32(transposeB ? k : n), Int32(transposeA ? m : k))
    let strideB = broadcastB ? 0 : Int64(k * n)
    let strideA = broadcastA ? 0 : Int64(m * k)
    let blas = device.blas
    device.runBLAS("cublas\(a.dtype == .float64 ? "D" : "S")gemmStridedBatched") { handle in
      if a.dtype == .float64 {
        var (one, zero) = (1.0, 0.0)
        return blas.cublasDgemmStridedBatched!(
          handle, opB, opA, Int32(n), Int32(m), Int32(k), &one,
          pointer(b, Double.self), ldb, strideB, pointer(a, Double.self), lda, strideA,
          &zero, pointer(out, Double.self), Int32(n), Int64(m * n), Int32(batch))
      } else {
        var (one, zero): (Float, Float) = (1, 0)
        return blas.cublasSgemmStridedBatched!(
          handle, opB, opA, Int32(n), Int32(m), Int32(k), &one,
          pointer(b, Float.self), ldb, strideB, pointer(a, Float.self), lda, strideA,
          &zero, pointer(out, Float.self), Int32(n), Int64(m * n), Int32(batch))
      }
    }
    return out
  }

  public func triangularSolve(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int, lower: Bool, transpose: Bool)
    -> DeviceBuffer
  {
    let (a, b) = (a.cuda, b.cuda)
    // trsm overwrites its right-hand side: solve in a copy.
    let x = make(n * k, b.dtype)
    device.copyOnDevice(x.pointer, from: b.pointer, bytes: n * k * b.dtype.byteSize)
    guard n * k > 0 else { return x }
    let (side, uplo, trans, diag) = Self.triangleFlags(lower: lower, transpose: transpose)
    let blas = device.blas
    device.runBLAS("cublas\(a.dtype == .float64 ? "D" : "S")trsm") { handle in
      if a.dtype == .float64 {
        var one = 1.0
        return blas.cublasDtrsm!(
          handle, side, uplo, trans, diag, Int32(k), Int32(n), &one,
          pointer(a, Double.self), Int32(n), pointer(x, Double.self), Int32(k))
      } else {
        var one: Float = 1
        return blas.cublasStrsm!(
          handle, side, uplo, trans, diag, Int32(k), Int32(n), &one,
          pointer(a, Float.self), Int32(n), pointer(x, Float.self), Int32(k))
      }
    }
    return x
  }

  public func triangularMultiply(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int, lower: Bool, transpose: Bool)
    -> DeviceBuffer
  {
    let (a, b) = (a.cuda, b.cuda)
    let out = make(n * k, b.dtype)
    guard n * k > 0 else { return out }
    let (side, uplo, trans, diag) = Self.triangleFlags(lower: lower, transpose: transpose)
    let blas = device.blas
    device.runBLAS("cublas\(a.dtype == .float64 ? "D" : "S")trmm") { handle in
      if a.dtype == .float64 {
        var one = 1.0
        return blas.cublasDtrmm!(
          handle, side, uplo, trans, diag, Int32(k), Int32(n), &one,
          pointer(a, Double.self), Int32(n), pointer(b, Double.self), Int32(k),
          pointer(out, Double.self), Int32(k))
      } else {
        var one: Float = 1
        return blas.cublasStrmm!(
          handle, side, uplo, trans, diag, Int32(k), Int32(n), &one,
          pointer(a, Float.self), Int32(n), pointer(b, Float.self), Int32(k),
          pointer(out, Float.self), Int32(k))
      }
    }
    return out
  }

  /// The row-major triangle A seen column-major is Aᵀ: its lower triangle becomes the upper, and
  /// the product moves to the right-hand side.
  static func triangleFlags(lower: Bool, transpose: Bool) -> (Int32, Int32, Int32, Int32) {
    (
      Int32(GRAVITAS_CUBLAS_SIDE_RIGHT), Int32(lower ? GRAVITAS_CUBLAS_FILL_UPPER : GRAVITAS_CUBLAS_FILL_LOWER),
      Int32(transpose ? GRAVITAS_CUBLAS_OP_T : GRAVITAS_CUBLAS_OP_N), Int32(GRAVITAS_CUBLAS_DIAG_NON_UNIT)
    )
  }
}

/// A device address as the typed pointer cuBLAS's prototypes ask for (it is never dereferenced on the host).
private func pointer<T>(_ buffer: CUDABuffer, _: T.Type) -> UnsafeMutablePointer<T> {
  UnsafeMutablePointer<T>(bitPattern: UInt(buffer.pointer))!
}
