import ArgumentParser
import CBLAS
import TensorCore

/// GFLOP/s of `matmul` on tensors against raw cblas_?gemm on the same buffers, in one run, each
/// also as a fraction of this machine's one-thread FMA peak measured in the same run.
struct MatmulBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matmul", abstract: "Square matmul: the tensor path against raw BLAS (GFLOP/s and per-op overhead).")

  @Option(help: "Matrix sizes.") var sizes: [Int] = [64, 256, 1024]
  @Option(help: "Timed repeats per size (best is reported).") var repeats = 7

  func run() {
    emit([
      "bench": "matmul-setup", "blas": BLASKernel.configuration, "kernels": BLASKernel.coreName,
      "cpu": CPUFeatures.current().summary,
    ])
    for dtype in [DType.float32, .float64] {
      let peak = FMAPeak.measure(dtype, threads: CPUBackend.poolThreadCount, repeats: repeats)
      emit([
        "bench": "fma-peak", "dtype": dtype.rawValue, "vector_bits": peak.vectorBits,
        "gflops_one_thread": peak.oneThread, "threads": peak.threads, "gflops_all_threads": peak.allThreads,
      ])
      for n in sizes {
        var generator = RandomGenerator(seed: 1)
        let a = Tensor.uniform([n, n], dtype: dtype, using: &generator)
        let b = Tensor.uniform([n, n], dtype: dtype, using: &generator)
        // Enough calls per timing that small sizes are not lost in clock resolution.
        let calls = max(1, 200_000_000 / (2 * n * n * n))
        let tensor = Measurement.of(repeats: repeats) { for _ in 0..<calls { _ = matmul(a, b) } }
        let out = Tensor.zeros([n, n], dtype: dtype)
        let raw = Measurement.of(repeats: repeats) { for _ in 0..<calls { rawGemm(a, b, into: out, n) } }
        let flops = 2.0 * Double(n * n * n) * Double(calls)
        emit([
          "bench": "matmul", "dtype": dtype.rawValue, "n": n,
          "tensor_gflops": flops / tensor.best * 1e-9, "blas_gflops": flops / raw.best * 1e-9,
          "tensor_vs_blas": raw.best / tensor.best,
          "tensor_of_peak": flops / tensor.best * 1e-9 / peak.allThreads,
          "blas_of_peak": flops / raw.best * 1e-9 / peak.oneThread,
          "overhead_us_per_call": (tensor.best - raw.best) / Double(calls) * 1e6,
        ])
      }
    }
  }

  /// The same product straight through CBLAS into a preallocated output: the floor.
  private func rawGemm(_ a: Tensor, _ b: Tensor, into c: Tensor, _ n: Int) {
    guard let pa = a.buffer as? CPUBuffer, let pb = b.buffer as? CPUBuffer, let out = c.buffer as? CPUBuffer else {
      preconditionFailure("MatmulBench.rawGemm: \(a.shape) × \(b.shape) into \(c.shape) needs CPU tensors")
    }
    let m = Int32(n)
    if a.dtype == .float64 {
      cblas_dgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1, pa.doublePointer, m, pb.doublePointer, m,
        0, out.doublePointer, m)
    } else {
      cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1, pa.floatPointer, m, pb.floatPointer, m,
        0, out.floatPointer, m)
    }
  }
}
