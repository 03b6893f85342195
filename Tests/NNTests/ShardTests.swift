import NN
import XCTest

/// `--shard i/n` and the launchers' variables: each launcher's pair read, precedence, and every
/// half-set or out-of-range value refused rather than silently running the whole job.
final class ShardTests: XCTestCase {
  func testParsesAndSplitsUnitsByRemainder() throws {
    let shard = try Shard(parsing: "1/3")
    XCTAssertEqual(shard.units(of: 8), [1, 4, 7])
    XCTAssertEqual((0..<8).filter(shard.owns), [1, 4, 7])
    XCTAssertEqual(Shard.whole.units(of: 3), [0, 1, 2])
    for bad in ["3/3", "0/0", "-1/2", "1", "a/b", "1/2/3", ""] {
      XCTAssertThrowsError(try Shard(parsing: bad), bad)
    }
  }

  private func assignment(_ environment: [String: String]) throws -> String {
    try ShardAssignment.fromEnvironment(environment).description
  }

  func testReadsEachLauncher() throws {
    XCTAssertEqual(try assignment([:]), "shard 0/1 (from no launcher variables: the whole run)")
    XCTAssertEqual(
      try assignment(["OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_SIZE": "4"]),
      "shard 2/4 (from OMPI_COMM_WORLD_RANK/OMPI_COMM_WORLD_SIZE)")
    XCTAssertEqual(try assignment(["PMI_RANK": "1", "PMI_SIZE": "2"]), "shard 1/2 (from PMI_RANK/PMI_SIZE)")
    XCTAssertEqual(
      try assignment(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"]),
      "shard 2/3 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)")
    // sbatch --array=1-3: task 2 is the second of three.
    XCTAssertEqual(
      try assignment(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "3"]),
      "shard 1/3 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_MIN/MAX)")
    // sbatch --array=0-8:4 is tasks 0, 4, 8.
    XCTAssertEqual(
      try assignment([
        "SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "8",
        "SLURM_ARRAY_TASK_STEP": "4",
      ]), "shard 2/3 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_MIN/MAX)")
    XCTAssertEqual(
      try assignment(["SLURM_PROCID": "1", "SLURM_NTASKS": "2"]), "shard 1/2 (from SLURM_PROCID/SLURM_NTASKS)")
    XCTAssertEqual(
      try assignment(["SLURM_PROCID": "1", "SLURM_NTASKS": "8", "SLURM_STEP_NUM_TASKS": "2"]),
      "shard 1/2 (from SLURM_PROCID/SLURM_STEP_NUM_TASKS)")
  }

  func testMPIRankWinsOverTheSlurmJobAroundIt() throws {
    XCTAssertEqual(
      try assignment([
        "OMPI_COMM_WORLD_RANK": "1", "OMPI_COMM_WORLD_SIZE": "2", "SLURM_PROCID": "0", "SLURM_NTASKS": "1",
      ]),
      "shard 1/2 (from OMPI_COMM_WORLD_RANK/OMPI_COMM_WORLD_SIZE)")
    XCTAssertEqual(
      try assignment([
        "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_PROCID": "0", "SLURM_NTASKS": "1",
      ]),
      "shard 1/2 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)")
  }

  func testRefusesHalfSetAndOutOfRangeVariables() {
    let cases: [([String: String], String)] = [
      (
        ["OMPI_COMM_WORLD_RANK": "1"],
        "OMPI_COMM_WORLD_RANK is set but OMPI_COMM_WORLD_SIZE is not: cannot tell this process's shard"
      ),
      (["PMI_RANK": "2", "PMI_SIZE": "2"], "PMI_RANK=2, PMI_SIZE=2: expected 0 ≤ rank < size"),
      (["SLURM_PROCID": "x", "SLURM_NTASKS": "2"], "SLURM_PROCID=x: expected an integer"),
      (
        ["SLURM_ARRAY_TASK_ID": "1"],
        "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX: cannot tell the number of shards"
      ),
      (
        ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "2"],
        "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT: task 4 of 2 is out of range (an array with gaps, e.g. --array=1,5, cannot shard: use a-b)"
      ),
    ]
    for (environment, message) in cases {
      XCTAssertThrowsError(try ShardAssignment.fromEnvironment(environment)) { error in
        XCTAssertEqual("\(error)", message)
      }
    }
  }
}
