import ArgumentParser
import Foundation
import XCTest

@testable import GNNCLI

/// How `gnn train` picks its gradient from `--slice` and the launcher's variables (passed in):
/// whole batches by default, slices in one process with `--slice`, MPICH refused in one line.
final class DataParallelTests: XCTestCase {
  func testOneProcessWithoutMPI() throws {
    XCTAssertNil(try DataParallel(environment: [:], slice: nil).gradient)
    let sliced = try DataParallel(environment: ["OMPI_COMM_WORLD_SIZE": "1"], slice: 4)
    XCTAssertEqual(sliced.gradient?.sliceRows, 4)
    XCTAssertNil(sliced.world)
    XCTAssertTrue(sliced.isRoot)
    XCTAssertEqual(
      sliced.summary(batch: 10)?.hasPrefix(
        "gradients in 3 slices of 4 time steps per batch, in one process; pool per rank: "), true)
  }

  func testRefusesMPICHAndASliceOfNothing() {
    XCTAssertThrowsError(try DataParallel(environment: ["PMI_SIZE": "2", "PMI_RANK": "0"], slice: nil)) {
      XCTAssertEqual(
        "\($0)", "PMI_SIZE=2: data-parallel gnn train runs under Open MPI's mpirun only (MPICH's ABI is not supported)")
    }
    do {
      _ = try TrainCommand.parse(["--slice", "0"])
      XCTFail("--slice 0 parsed")
    } catch {
      XCTAssertEqual(TrainCommand.message(for: error), "--slice must be ≥ 1 time step, got 0")
    }
  }
}
