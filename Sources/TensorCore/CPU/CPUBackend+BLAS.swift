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

  /// trsm/trmm in place on a copy of B (BLAS overwrites its right-hand side).
  private func triangle(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
                        lower: Bool, transpose: Bool, solve: Bool) -> DeviceBuffer {
    let (a, x) = (a.cpu, stridedCopy(b, shape: [n * k], strides: [1], offset: 0).cpu)
    guard n > 0 && k > 0 else { return x }
    let (uplo, trans) = (lower ? CblasLower : CblasUpper, transpose ? CblasTrans : CblasNoTrans)
    switch a.dtype {
    case .float64:
      let (pa, px) = (a.pointer(Double.self), x.pointer(Double.self))
      if solve {
        if k == 1 { cblas_dtrsv(CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), pa, Int32(n), px, 1) }
        else { cblas_dtrsm(CblasRowMajor, CblasLeft, uplo, trans, CblasNonUnit, Int32(n), Int32(k), 1, pa, Int32(n), px, Int32(k)) }
      } else {
        cblas_dtrmm(CblasRowMajor, CblasLeft, uplo, trans, CblasNonUnit, Int32(n), Int32(k), 1, pa, Int32(n), px, Int32(k))
      }
    case .float32:
      let (pa, px) = (a.pointer(Float.self), x.pointer(Float.self))
      if solve {
        if k == 1 { cblas_strsv(CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), pa, Int32(n), px, 1) }
        else { cblas_strsm(CblasRowMajor, CblasLeft, uplo, trans, CblasNonUnit, Int32(n), Int32(k), 1, pa, Int32(n), px, Int32(k)) }
      } else {
        cblas_strmm(CblasRowMajor, CblasLeft, uplo, trans, CblasNonUnit, Int32(n), Int32(k), 1, pa, Int32(n), px, Int32(k))
      }
    }
    return x
  }
}
