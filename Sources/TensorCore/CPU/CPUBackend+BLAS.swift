import CBLAS
import CKernels

/// Matrix products and triangles through OpenBLAS.
extension CPUBackend {
  public func matmul(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer {
    let (a, b) = (a.cpu, b.cpu)
    if k == 0 { return fill(0, count: batch * m * n, dtype: a.dtype) }
    let out = make(batch * m * n, a.dtype)
    guard m > 0 && n > 0 else { return out }
    let (strideA, strideB) = (broadcastA ? 0 : m * k, broadcastB ? 0 : k * n)
    if Self.takesSkinnyKernel(transposeA: transposeA, m: m, n: n, k: k) {
      skinnyMatmul(
        a, strideA: strideA, b, transposeB: transposeB, strideB: strideB, into: out, batch: batch, m: m, n: n, k: k)
      return out
    }
    let product = Product(a: a, transposeA: transposeA, b: b, transposeB: transposeB, m: m, n: n, k: k)
    if !transposeA {
      forEachRowBlock(batch: batch, m: m, n: n, k: k) { i, rows in
        product.gemm(a: i * strideA, b: i * strideB, c: out, at: i * m * n, rows: rows, inner: 0..<k)
      }
      return out
    }
    // Aᵀ·B sums over A's rows: split that sum into chunks (fixed by k, so the same bits on any
    // thread count), each into its own partial product, then add the partials in order.
    let chunks = min(8, max(1, k / 4096))
    if chunks == 1 {
      parallelJobs(batch) { i in
        product.gemm(a: i * strideA, b: i * strideB, c: out, at: i * m * n, rows: 0..<m, inner: 0..<k)
      }
      return out
    }
    let partials = make(batch * chunks * m * n, a.dtype)
    let size = (k + chunks - 1) / chunks
    parallelJobs(batch * chunks) { job in
      let i = job / chunks
      let inner = ((job % chunks) * size)..<min(k, (job % chunks + 1) * size)
      product.gemm(a: i * strideA, b: i * strideB, c: partials, at: job * m * n, rows: 0..<m, inner: inner)
    }
    return reduce(.sum, partials, outer: batch, size: chunks, inner: m * n)
  }

  /// The product with the bias written into each job's block of C first and the gemm adding to
  /// it (β = 1), so C is made in one pass. Products the skinny kernel or an A-transposed split
  /// serve take the composed path.
  public func affine(
    _ a: DeviceBuffer, transposeA: Bool, broadcastA: Bool,
    _ b: DeviceBuffer, transposeB: Bool, broadcastB: Bool,
    bias: DeviceBuffer, broadcastBias: Bool, batch: Int, m: Int, n: Int, k: Int
  ) -> DeviceBuffer {
    guard !transposeA, !Self.takesSkinnyKernel(transposeA: false, m: m, n: n, k: k), k > 0, m > 0, n > 0 else {
      return composedAffine(
        a, transposeA: transposeA, broadcastA: broadcastA, b, transposeB: transposeB,
        broadcastB: broadcastB, bias: bias, broadcastBias: broadcastBias, batch: batch, m: m, n: n, k: k)
    }
    let (a, b, bias) = (a.cpu, b.cpu, bias.cpu)
    let out = make(batch * m * n, a.dtype)
    let (strideA, strideB) = (broadcastA ? 0 : m * k, broadcastB ? 0 : k * n)
    let product = Product(a: a, transposeA: false, b: b, transposeB: transposeB, m: m, n: n, k: k)
    forEachRowBlock(batch: batch, m: m, n: n, k: k) { i, rows in
      let (from, to) = (broadcastBias ? 0 : i * n, i * m * n)
      let size = a.dtype.byteSize
      gravitas_fill_rows(out.raw + (to + rows.lowerBound * n) * size, bias.raw + from * size, rows.count, n * size)
      product.gemm(a: i * strideA, b: i * strideB, c: out, at: to, rows: rows, inner: 0..<k, accumulate: true)
    }
    return out
  }

  /// Rows of A are rows of C: runs `body(i, rows)` on every block of rows of every batch item i
  /// as its own job, the blocks fixed by the shape.
  private func forEachRowBlock(batch: Int, m: Int, n: Int, k: Int, _ body: (Int, Range<Int>) -> Void) {
    let chunks = Self.chunkCount(m * n * k, limit: m / 16)
    let rows = (m + chunks - 1) / chunks
    parallelJobs(batch * chunks) { job in
      let (i, chunk) = job.quotientAndRemainder(dividingBy: chunks)
      body(i, (chunk * rows)..<min(m, (chunk + 1) * rows))
    }
  }

  /// One row-major gemm's operands, for jobs that each compute a block of it.
  private struct Product {
    let a: CPUBuffer, transposeA: Bool, b: CPUBuffer, transposeB: Bool
    let m: Int, n: Int, k: Int

    /// C[rows, :] (+ at `c` + `at`) = op(A)[rows, inner] · op(B)[inner, :], with A and B offset
    /// by `a` and `b` elements (a batch item); with `accumulate`, added to what C holds.
    func gemm(
      a offsetA: Int, b offsetB: Int, c: CPUBuffer, at offsetC: Int, rows: Range<Int>, inner: Range<Int>,
      accumulate: Bool = false
    ) {
      guard !rows.isEmpty && !inner.isEmpty else { return }
      let (ta, tb) = (transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans)
      let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
      // Element (r, j) of op(A) and (j, col) of op(B) in row-major storage.
      let aStart =
        offsetA + (transposeA ? inner.lowerBound * lda + rows.lowerBound : rows.lowerBound * lda + inner.lowerBound)
      let bStart = offsetB + (transposeB ? inner.lowerBound : inner.lowerBound * ldb)
      let cStart = offsetC + rows.lowerBound * n
      let (mm, kk, beta) = (Int32(rows.count), Int32(inner.count), accumulate ? 1.0 : 0.0)
      switch a.dtype {
      case .float64:
        cblas_dgemm(
          CblasRowMajor, ta, tb, mm, Int32(n), kk, 1, a.doublePointer + aStart, Int32(lda),
          b.doublePointer + bStart, Int32(ldb), beta, c.doublePointer + cStart, Int32(n))
      case .float32:
        cblas_sgemm(
          CblasRowMajor, ta, tb, mm, Int32(n), kk, 1, a.floatPointer + aStart, Int32(lda),
          b.floatPointer + bStart, Int32(ldb), Float(beta), c.floatPointer + cStart, Int32(n))
      }
    }
  }

  /// Jobs for `work` multiply-adds: one per 2¹⁸ (~10 µs), at most 8 and at most `limit`; a
  /// function of the shapes only.
  static func chunkCount(_ work: Int, limit: Int) -> Int {
    max(1, min(8, limit, work >> 18))
  }

  /// Whether a product goes to `gravitas_skinny_matmul` rather than OpenBLAS.
  static func takesSkinnyKernel(transposeA: Bool, m: Int, n: Int, k: Int) -> Bool {
    !transposeA && n <= skinnyColumns && m * k >= skinnyMinimumSize
  }

  /// Products with at most this many output columns and A not transposed skip OpenBLAS.
  static let skinnyColumns = 8
  /// …when A has at least this many elements; below it OpenBLAS's small-matrix path is as quick.
  static let skinnyMinimumSize = 4096
  /// Rows of A per thread below which one thread does the whole product.
  static let skinnyRowsPerThread = 64

  /// C = A·B with few columns through `gravitas_skinny_matmul`, A's rows split across the
  /// threads. Each row's dot products do not depend on the split: the same bits on any thread
  /// count.
  private func skinnyMatmul(
    _ a: CPUBuffer, strideA: Int, _ b: CPUBuffer, transposeB: Bool, strideB: Int,
    into out: CPUBuffer, batch: Int, m: Int, n: Int, k: Int
  ) {
    // Bᵀ, each column of B contiguous; with transposeB, B is stored that way already.
    let bt =
      transposeB
      ? b
      : stridedCopy(
        b, shape: [broadcastCount(strideB, batch), n, k],
        strides: [strideB, 1, n], offset: 0
      ).cpu
    let strideBt = strideB == 0 ? 0 : n * k
    let threads = max(1, min(Self.threadCount, m / Self.skinnyRowsPerThread))
    let rowsPerChunk = ((m + threads - 1) / threads + 1) & ~1  // even, so row pairs are never split
    let chunks = (m + rowsPerChunk - 1) / rowsPerChunk
    let work = { (job: Int) in
      let (i, chunk) = job.quotientAndRemainder(dividingBy: chunks)
      let (begin, end) = (chunk * rowsPerChunk, min(m, (chunk + 1) * rowsPerChunk))
      switch a.dtype {
      case .float64:
        gravitas_skinny_matmul_f64(
          a.doublePointer + i * strideA, bt.doublePointer + i * strideBt,
          out.doublePointer + i * m * n, n, k, begin, end)
      case .float32:
        gravitas_skinny_matmul_f32(
          a.floatPointer + i * strideA, bt.floatPointer + i * strideBt,
          out.floatPointer + i * m * n, n, k, begin, end)
      }
    }
    parallelJobs(batch * chunks, work)
  }

  /// A·B for a symmetric A with few columns in B, reading A's lower triangle only
  /// (`gravitas_symmetric_matmul`): half the memory traffic of the general product, which is
  /// what a training step pays once its precision matrix no longer stays in cache.
  public func symmetricMatmul(_ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int) -> DeviceBuffer {
    guard k <= Self.skinnyColumns && n * n >= Self.skinnyMinimumSize else {
      return matmul(
        a, transposeA: false, broadcastA: false, b, transposeB: false, broadcastB: false, batch: 1, m: n, n: k, k: n)
    }
    let (a, b) = (a.cpu, b.cpu)
    let bt = stridedCopy(b, shape: [k, n], strides: [1, k], offset: 0).cpu
    // Blocks of rows with equal shares of the triangle, boundaries even (row pairs are never
    // split) and fixed by the shape: the same bits on any thread count.
    let chunks = Self.chunkCount(n * n * k / 2, limit: n / 64)
    let bounds = (0...chunks).map { c in
      c == chunks ? n : Int(Double(n) * (Double(c) / Double(chunks)).squareRoot()) & ~1
    }
    let out = make(n * k, a.dtype)
    let partials = fill(0, count: chunks * k * n, dtype: a.dtype).cpu
    parallelJobs(chunks) { c in
      switch a.dtype {
      case .float64:
        gravitas_symmetric_matmul_f64(
          a.doublePointer, bt.doublePointer, out.doublePointer,
          partials.doublePointer + c * k * n, k, n, bounds[c], bounds[c + 1])
      case .float32:
        gravitas_symmetric_matmul_f32(
          a.floatPointer, bt.floatPointer, out.floatPointer,
          partials.floatPointer + c * k * n, k, n, bounds[c], bounds[c + 1])
      }
    }
    dispatch(a.dtype) { addPartials($0, partials, into: out, chunks: chunks, rows: n, columns: k) }
    return out
  }

  /// C[i, q] += Σ over blocks, in block order, of partial[block, q, i].
  private func addPartials<T: TensorScalar>(
    _: T.Type, _ partials: CPUBuffer, into out: CPUBuffer, chunks: Int, rows: Int, columns: Int
  ) {
    let (p, c) = (partials.pointer(T.self), out.pointer(T.self))
    for chunk in 0..<chunks {
      for q in 0..<columns {
        let block = p + (chunk * columns + q) * rows
        for i in 0..<rows { c[i * columns + q] += block[i] }
      }
    }
  }

  private func broadcastCount(_ stride: Int, _ batch: Int) -> Int { stride == 0 ? 1 : batch }

  public func triangularSolve(
    _ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
    lower: Bool, transpose: Bool
  ) -> DeviceBuffer {
    triangle(a, b, n: n, k: k, lower: lower, transpose: transpose, solve: true)
  }

  public func triangularMultiply(
    _ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
    lower: Bool, transpose: Bool
  ) -> DeviceBuffer {
    triangle(a, b, n: n, k: k, lower: lower, transpose: transpose, solve: false)
  }

  /// trsv/trsm/trmm on a copy of B (BLAS overwrites its right-hand side).
  ///
  /// With many right-hand sides B is transposed to [k, n] so that each column is contiguous and
  /// BLAS runs column-major, reading the row-major triangle as its transpose (OpenBLAS's
  /// row-major trsm costs k single solves).
  private func triangle(
    _ a: DeviceBuffer, _ b: DeviceBuffer, n: Int, k: Int,
    lower: Bool, transpose: Bool, solve: Bool
  ) -> DeviceBuffer {
    let a = a.cpu
    guard n > 0 && k > 0 else { return stridedCopy(b, shape: [n * k], strides: [1], offset: 0) }
    // A few right-hand sides (an ensemble's members): one trsv/trmv per column, on the columns
    // laid out contiguously. OpenBLAS's trsm packs the whole triangle on every call, which made
    // four columns cost more than four single solves.
    if k <= 8 {
      let x =
        (k == 1
        ? stridedCopy(b, shape: [n], strides: [1], offset: 0)
        : stridedCopy(b, shape: [k, n], strides: [1, k], offset: 0)).cpu
      let (uplo, trans) = (lower ? CblasLower : CblasUpper, transpose ? CblasTrans : CblasNoTrans)
      for column in 0..<k {
        let offset = column * n
        switch (a.dtype, solve) {
        case (.float64, true):
          cblas_dtrsv(
            CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.doublePointer, Int32(n), x.doublePointer + offset, 1)
        case (.float64, false):
          cblas_dtrmv(
            CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.doublePointer, Int32(n), x.doublePointer + offset, 1)
        case (.float32, true):
          cblas_strsv(
            CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.floatPointer, Int32(n), x.floatPointer + offset, 1)
        case (.float32, false):
          cblas_strmv(
            CblasRowMajor, uplo, trans, CblasNonUnit, Int32(n), a.floatPointer, Int32(n), x.floatPointer + offset, 1)
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
      cblas_dtrsm(
        CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.doublePointer, nn, x.doublePointer, nn)
    case (.float64, false):
      cblas_dtrmm(
        CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.doublePointer, nn, x.doublePointer, nn)
    case (.float32, true):
      cblas_strsm(
        CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.floatPointer, nn, x.floatPointer, nn)
    case (.float32, false):
      cblas_strmm(
        CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, nn, kk, 1, a.floatPointer, nn, x.floatPointer, nn)
    }
    return stridedCopy(x, shape: [n, k], strides: [1, n], offset: 0)
  }
}
