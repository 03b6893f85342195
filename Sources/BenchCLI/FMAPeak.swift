import CKernels
import Dispatch
import TensorCore

/// This machine's floating-point peak, measured in the same run as the figures it scales:
/// independent fused multiply-adds at the widest vectors the CPU has (fma_peak.c), on one thread
/// and on as many as the CPU backend uses. Raw BLAS in `bench matmul` runs single-threaded (the
/// backend's setting for OpenBLAS), the tensor path on the backend's pool: each is compared
/// with the peak of the threads it ran on.
struct FMAPeak {
  let vectorBits: Int
  let oneThread: Double
  let allThreads: Double
  let threads: Int

  static func measure(_ dtype: DType, threads: Int, cpu: CPUFeatures = .current(), repeats: Int) -> FMAPeak {
    let bits = cpu.fmaVectorBits
    let lanes = bits / (dtype == .float64 ? 64 : 32)
    let iterations = 20_000_000
    // Below AVX2 the loop multiplies then adds: still two operations an element.
    let flops = Double(iterations) * 12 * 2 * Double(lanes)
    func gflops(on threads: Int) -> Double {
      let time = Measurement.of(repeats: repeats) {
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
          let sum = gravitas_fma_peak_loop(Int32(bits), dtype == .float64 ? 1 : 0, iterations)
          precondition(sum.isFinite, "FMAPeak: the loop's sum is not finite")
        }
      }
      return flops * Double(threads) / time.best * 1e-9
    }
    return FMAPeak(vectorBits: bits, oneThread: gflops(on: 1), allThreads: gflops(on: threads), threads: threads)
  }
}
