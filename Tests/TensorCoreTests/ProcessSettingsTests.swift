import CBLAS
import TensorCore
import XCTest

/// Process-wide settings change only when a program applies them: a backend, however many are
/// made and whatever they run, leaves OpenBLAS's thread count as it found it.
final class ProcessSettingsTests: XCTestCase {
  func testCreatingAndUsingACPUBackendLeavesOpenBLASThreadsAlone() {
    let before = openblas_get_num_threads()
    defer { openblas_set_num_threads(before) }
    openblas_set_num_threads(2)
    let backend = CPUBackend()
    let a = Tensor(shape: [64, 64], scalars: (0..<4096).map { Double($0 % 7) }, on: backend)
    _ = (matmul(a, a) + a).scalars
    XCTAssertEqual(openblas_get_num_threads(), 2)
  }

  func testApplyingSetsOpenBLASThreads() {
    let before = openblas_get_num_threads()
    defer { openblas_set_num_threads(before) }
    openblas_set_num_threads(2)
    ProcessSettings(repairsBLASKernel: false, blasThreads: 1, keepsFreedMemory: false).apply()
    XCTAssertEqual(openblas_get_num_threads(), 1)
  }

  func testTheCommandsSettings() {
    XCTAssertEqual(
      ProcessSettings.commands, ProcessSettings(repairsBLASKernel: true, blasThreads: 1, keepsFreedMemory: true))
  }
}
