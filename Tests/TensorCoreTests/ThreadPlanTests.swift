import CKernels
import TensorCore
import XCTest

/// Thread sizing: the affinity mask when nothing is set, the variables in OpenBLAS's order,
/// capped at the affinity, and nonsense values ignored.
final class ThreadPlanTests: XCTestCase {
  func testAffinityWhenNoVariableIsSet() {
    XCTAssertEqual(
      ThreadPlan(environment: [:], affinityCPUs: 3, onlineCPUs: 64).description,
      "3 threads (3 CPUs in this process's affinity)")
    XCTAssertEqual(
      ThreadPlan(environment: [:], affinityCPUs: 0, onlineCPUs: 8).description,
      "8 threads (8 online CPUs, affinity unknown)")
  }

  func testVariablesInOpenBLASOrderCappedAtTheAffinity() {
    XCTAssertEqual(
      ThreadPlan(environment: ["OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "1"], affinityCPUs: 4, onlineCPUs: 4)
        .description,
      "1 thread (OPENBLAS_NUM_THREADS=1; 4 CPUs in this process's affinity)")
    XCTAssertEqual(ThreadPlan(environment: ["OMP_NUM_THREADS": "2,1"], affinityCPUs: 4, onlineCPUs: 4).threads, 2)
    XCTAssertEqual(
      ThreadPlan(environment: ["OMP_NUM_THREADS": "16"], affinityCPUs: 2, onlineCPUs: 64).description,
      "2 threads (OMP_NUM_THREADS=16 capped at the 2 CPUs in this process's affinity)")
    for ignored in ["0", "-3", "many", ""] {
      XCTAssertEqual(
        ThreadPlan(environment: ["OMP_NUM_THREADS": ignored], affinityCPUs: 2, onlineCPUs: 2).threads, 2, ignored)
    }
  }

  func testThisProcessReadsItsAffinity() {
    let cpus = Int(gravitas_affinity_cpu_count())
    XCTAssertGreaterThanOrEqual(cpus, 1)
    XCTAssertLessThanOrEqual(cpus, sysconf(Int32(_SC_NPROCESSORS_CONF)))
  }
}
