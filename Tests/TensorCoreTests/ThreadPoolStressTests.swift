import CThreadPoolHarness
import Dispatch
import Foundation
import Synchronization
import XCTest

@testable import TensorCore

/// The CPU backend's thread pool (thread_pool.c) runs every job of a batch once, inside its batch,
/// however its threads are descheduled: many thousands of tiny batches whose job counts alternate
/// small and large, on more busy threads than cores.
///
/// The race fixed in 8a6ec52: a worker that had read a finished batch's ticket could read the next
/// batch's larger job count before that batch's ticket was published and claim a job past the old
/// batch's end against it. The job then ran twice, the next batch's done count went one over, and
/// the caller either returned with a job still running (CI: "closure argument was escaped in
/// withoutActuallyEscaping", CPUBackend.parallelJobs) or waited for a count it had passed, for
/// ever. With the fix reverted, the sleeping copy's test failed in every run (7 of 7, within 300
/// batches) and the real pool's in 7 runs of 10 (2 shared cores; this test's commit message).
final class ThreadPoolStressTests: XCTestCase {
  /// The pool the CPU backend uses, through `parallelJobs` (so through its closure layer too).
  func testRealPoolRunsEveryJobOnceInItsBatch() {
    guard CPUBackend.threadCount > 1 else {
      print("ThreadPoolStressTests: one thread, so parallelJobs runs inline; nothing to stress")
      return
    }
    assertEveryJobRunsOnce(batches: 300_000) { jobs, body in CPUBackend.shared.parallelJobs(jobs, body) }
  }

  /// A second copy of the pool whose threads sleep at each of its interleaving points
  /// (Sources/CThreadPoolHarness), with three workers whatever the machine: the orders a loaded
  /// machine makes rarely come up in every few hundred batches.
  func testPoolSleepingAtItsInterleavingPointsRunsEveryJobOnce() {
    assertEveryJobRunsOnce(batches: 600) { jobs, body in
      withoutActuallyEscaping(body) { body in
        var body = body
        withUnsafeMutablePointer(to: &body) { pointer in
          gravitas_harness_parallel_for(jobs, 4, pointer) { context, job in
            context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(job)
          }
        }
      }
    }
  }

  /// Batch b has `jobCount(b)` jobs, each adding one to its own slot of b's counters; after each
  /// batch returns, each of its jobs has run once and no slot past its end was touched, and at the
  /// end no batch's counts changed after it returned. The batches run on a thread of their own,
  /// so that a pool that loses count of a batch and waits for ever fails the test (after two
  /// minutes, far past the few seconds the batches take) instead of hanging the suite.
  private func assertEveryJobRunsOnce(
    batches: Int, file: StaticString = #filePath, line: UInt = #line,
    _ parallelFor: @escaping @Sendable (Int, (Int) -> Void) -> Void
  ) {
    let run = StressRun(batches: batches)
    let busy = BusyThreads(count: ProcessInfo.processInfo.activeProcessorCount)
    let finished = DispatchSemaphore(value: 0)
    Thread {
      run.runBatches(parallelFor)
      finished.signal()
    }.start()
    let result = finished.wait(timeout: .now() + 120)
    busy.stop()
    guard result == .success else {
      let batch = run.batchInProgress.load(ordering: .relaxed)
      XCTFail(
        "the pool has not finished batch \(batch) of \(batches) in two minutes; its jobs ran "
          + "\(run.runCounts(batch)) times", file: file, line: line)
      return
    }
    run.recheckAll()
    let problems = run.problems.withLock { $0 }
    XCTAssertEqual(problems.count, 0, problems.prefix(5).joined(separator: "; "), file: file, line: line)
  }
}

/// The counters of one stress run: `maxJobs` slots a batch, incremented atomically by its jobs.
private final class StressRun: Sendable {
  static let maxJobs = 9
  /// Two jobs, then three to nine, in turn: a worker left holding a two-job batch's ticket meets
  /// the larger count of the batch after it.
  static func jobCount(_ batch: Int) -> Int { batch % 2 == 0 ? 2 : 3 + (batch / 2) % 7 }

  let batches: Int
  nonisolated(unsafe) let counts: UnsafeMutablePointer<Atomic<Int>>
  let batchInProgress = Atomic<Int>(0)
  let problems = Mutex<[String]>([])

  init(batches: Int) {
    self.batches = batches
    counts = .allocate(capacity: batches * Self.maxJobs)
    for slot in 0..<(batches * Self.maxJobs) { (counts + slot).initialize(to: Atomic(0)) }
  }

  deinit {
    counts.deinitialize(count: batches * Self.maxJobs)
    counts.deallocate()
  }

  func runBatches(_ parallelFor: (Int, (Int) -> Void) -> Void) {
    for batch in 0..<batches {
      batchInProgress.store(batch, ordering: .relaxed)
      let jobs = Self.jobCount(batch)
      let base = counts + batch * Self.maxJobs
      parallelFor(jobs) { job in
        precondition(job >= 0 && job < Self.maxJobs, "thread pool: job \(job) of a batch of \(jobs)")
        base[job].wrappingAdd(1, ordering: .relaxed)
      }
      check(batch, when: "as its batch returned")
    }
  }

  /// How many times each job of `batch` has run so far (its slots past the batch's end too).
  func runCounts(_ batch: Int) -> [Int] {
    (0..<Self.maxJobs).map { counts[batch * Self.maxJobs + $0].load(ordering: .relaxed) }
  }

  /// Jobs that ran after their batch returned (or early, in a later batch's place) show here.
  func recheckAll() {
    for batch in 0..<batches { check(batch, when: "at the end") }
  }

  private func check(_ batch: Int, when: String) {
    let jobs = Self.jobCount(batch)
    for (job, ran) in runCounts(batch).enumerated() {
      if ran != (job < jobs ? 1 : 0) {
        problems.withLock { $0.append("batch \(batch) (\(jobs) jobs): job \(job) ran \(ran) times \(when)") }
      }
    }
  }
}

/// Threads that spin until stopped, one per core: the pool's threads compete with them for the
/// cores and are descheduled at arbitrary points, as on a machine shared with another process.
private final class BusyThreads: Sendable {
  private let stopped = Atomic<Bool>(false)

  init(count: Int) {
    for _ in 0..<count {
      Thread { [self] in
        while !stopped.load(ordering: .relaxed) {}
      }.start()
    }
  }

  func stop() { stopped.store(true, ordering: .relaxed) }
}
