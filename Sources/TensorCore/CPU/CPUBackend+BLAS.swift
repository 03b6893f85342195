import CBLAS

/// Matrix products and triangles through OpenBLAS.
extension CPUBackend {
  public func matmul(_ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
                     _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
                     batch: Int, m: Int, n: Int, k: Int) -> DeviceBuffer {
    let (a, b) = (a.cpu, b.cpu)
    let out = make(batch * m * n, a.dtype)
    let (ta, tb) = (transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans)
    let (lda, ldb) = (Int32(transposeA ? m : k), Int32(transposeB ? k : n))
    let (strideA, strideB) = (broadcastA ? 0 : m * k, broadcastB ? 0 : k * n)
    if k == 0 { return fill(0, count: batch * m * n, dtype: a.dtype) }
    for i in 0..<batch where m > 0 && n > 0 {
      switch a.dtype {
      case .float64:
        cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                    a.pointer(Double.self) + i * strideA, lda, b.pointer(Double.self) + i * strideB, ldb,
                    0, out.pointer(Double.self) + i * m * n, Int32(n))
      case .float32:
        cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                    a.pointer(Float.self) + i * strideA, lda, b.pointer(Float.self) + i * strideB, ldb,
                    0, out.pointer(Float.self) + i * m * n, Int32(n))
      }
    }
    return out
  }

  public func triangularSolve(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
                              lower: Bool, transpose: Bool) -> DeviceBuffer {
    triangle(a, b, n: n, k: k, lower: lower, transpose: transpose, solve: true)
  }

  public func triangularMultiply(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
                                 lower: Bool, transpose: Bool) -> DeviceBuffer {
    triangle(a, b, n: n, k: k, lower: lower, transpose: transpose, solve: false)
  }

  /// trsv/trsm/trmm on a copy of B (BLAS overwrites its right-hand side).
  ///
  /// With many right-hand sides B is transposed to [k, n] so that each column is contiguous and
  /// BLAS runs column-major, reading the row-major triangle as its transpose (OpenBLAS's
  /// row-major trsm costs k single solves).
  private func triangle(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
                        lower: Bool, transpose: Bool, solve: Bool) -> DeviceBuffer {
    let a = a.cpu
    guard n > 0 && k > 0 else { return stridedCopy(b, shape: [n * k], strides: [1], offset: 0) }
    // A few right-hand sides (an ensemble's members): one trsv/trmv per column, on the columns
    // laid out contiguously. OpenBLAS's trsm packs the whole triangle on every call, which made
    // four columns cost more than four single solves.
    if k <= 8 {
      let x = (k == 1 ? stridedCopy(b, shape: [n], strides: [1], offset: 0) : stridedCopy(b, shape: [k, n], strides: [1, k], offset: 0)).cpu
      let (uplo, trans) = (lower ? CblasLower : CblasUpper, transpose ? CblasTrans : CblasNoTrans)
      for column in 0..<k {
        let offset = column * n
        switch (a.dtype, solve) {
        case (.float64, true): cblas_dtrsv(CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.doublePointer, Int32(n), x.doublePointer + offset, 1)
        case (.float64, false): cblas_dtrmv(CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.doublePointer, Int32(n), x.doublePointer + offset, 1)
        case (.float32, true): cblas_strsv(CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.floatPointer, Int32(n), x.floatPointer + offset, 1)
        case (.float32, false): cblas_strmv(CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.floatPointer, Int32(n), x.floatPointer + offset, 1)
        }
      }
      return k == 1 ? x : stridedCopy(x, shape: [n, k], strides: [1, n], offset: 0)
    }
    // Column-major view: the row-major triangle is its transpose (lower ↔ upper, op flipped).
    let x = stridedCopy(b, shape: [k, n], strides: [1, k], offset: 0).cpu
    let (uplo, trans) = (lower ? CblasUpper : CblasLower, transpose ? CblasNoTrans : CblasTrans)
    let (nn, kk) = (Int32(n), Int32(k))
    switch (a.dtype, solve) {
    case (.float64, true):
      cblas_dtrsm(CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.doublePointer, nn, x.doublePointer, nn)
    case (.float64, false):
      cblas_dtrmm(CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.doublePointer, nn, x.doublePointer, nn)
    case (.float32, true):
      cblas_strsm(CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.floatPointer, nn, x.floatPointer, nn)
    case (.float32, false):
      cblas_strmm(CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.floatPointer, nn, x.floatPointer, nn)
    }
    return stridedCopy(x, shape: [n, k], strides: [1, n], offset: 0)
  }
}
