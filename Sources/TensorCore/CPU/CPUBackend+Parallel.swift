import CKernels

/// How the CPU backend uses its cores: it splits kernels into jobs itself and runs OpenBLAS
/// single-threaded inside them.
///
/// Left to its own threads, OpenBLAS parallelised each small product on its own (a 1360×32×32
/// gemm took 80–185 µs on two threads against 50 µs on one) and its idle workers spun in
/// sched_yield against everything else; elementwise kernels ran on one core. One pool for all
/// of it removes both. Splits never change a result: elementwise and reduction jobs own whole
/// output elements, and where a product's inner dimension is split the chunks depend on the
/// shapes only, so every thread count gives the same bits.
extension CPUBackend {
  /// The pool's threads: `ThreadPlan.current` (the affinity mask and `OPENBLAS_NUM_THREADS` /
  /// `OMP_NUM_THREADS`). OpenBLAS's own threads are the program's to set, once at its start
  /// (`ProcessSettings.commands` sets them to one: they would compete with the pool's, see above).
  static let threadCount = ThreadPlan.current.threads

  /// The threads kernels are split over (`threadCount`), for reports and benchmarks.
  public static var poolThreadCount: Int { threadCount }

  /// Runs `body(job)` for every job in `0..<jobs`, on up to `threadCount` threads (the
  /// long-lived pool of thread_pool.c). Jobs must write disjoint memory.
  func parallelJobs(_ jobs: Int, _ body: (Int) -> Void) {
    if jobs <= 1 || Self.threadCount == 1 {
      for job in 0..<jobs { body(job) }
      return
    }
    withoutActuallyEscaping(body) { body in
      var body = body
      withUnsafeMutablePointer(to: &body) { pointer in
        gravitas_parallel_for(jobs, Self.threadCount, pointer) { context, job in
          context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(job)
        }
      }
    }
  }

  /// Splits `0..<count` into one contiguous range per thread, none shorter than `grain`.
  func parallelRanges(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let chunks = max(1, min(Self.threadCount, count / max(grain, 1)))
    let size = (count + chunks - 1) / max(chunks, 1)
    parallelJobs(chunks) { chunk in
      let range = (chunk * size)..<min(count, (chunk + 1) * size)
      if !range.isEmpty { body(range) }
    }
  }
}

/// Below this many elements an elementwise kernel stays on one thread (a job costs a few µs).
let elementwiseGrain = 32_768
