import Foundation
import XCTest

@testable import NN

/// `--resume` continues only a run, and only with the options it was started with.
final class RunResumeTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-resume-\(UUID().uuidString)")
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

  let options: [String: Any] = ["command": "cosmo fit", "epochs": 300, "lr": 0.01, "hidden": "32", "seed": UInt64(1)]

  func testRefusesAFolderThatIsNotARun() throws {
    XCTAssertThrowsError(try RunDirectory(resuming: root, options: options)) {
      XCTAssertEqual("\($0)", "\(root.path): cannot resume: no such run directory; start it without --resume")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: root.path), "resuming created the folder")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    XCTAssertThrowsError(try RunDirectory(resuming: root, options: options)) {
      XCTAssertEqual("\($0)", "\(root.path): cannot resume: not a run directory (no config.json); start it without --resume")
    }
  }

  func testListsEveryOptionThatDiffersAndLeavesConfigAlone() throws {
    let run = try RunDirectory(starting: root, options: options)
    let before = try Data(contentsOf: run.config)
    var changed = options
    changed["epochs"] = 200
    changed["lr"] = 0.02
    changed["activation"] = "relu"
    XCTAssertThrowsError(try RunDirectory(resuming: root, options: changed)) {
      XCTAssertEqual("\($0)", "\(root.path): cannot resume: its options differ: activation (run: absent, now: \"relu\"); "
                       + "epochs (run: 300, now: 200); lr (run: 0.01, now: 0.02); resume with the run's options or start a new --out")
    }
    XCTAssertNoThrow(try RunDirectory(resuming: root, options: options))
    XCTAssertEqual(try Data(contentsOf: run.config), before)
  }

  /// A new run clears the previous run's checkpoints before it records its options, so a kill
  /// never leaves a config.json beside another run's checkpoints for --resume to continue.
  func testStartingClearsThePreviousRunsCheckpoints() throws {
    let first = try RunDirectory(starting: root, options: options)
    let stale = first.checkpoints.appendingPathComponent("fold-2/last.safetensors")
    try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("old".utf8).write(to: stale)
    let staleMetrics = first.metrics.appendingPathComponent("fold-4.csv")
    try Data("epoch,loss\n".utf8).write(to: staleMetrics)
    _ = try RunDirectory(starting: root, options: options)
    XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
    XCTAssertFalse(FileManager.default.fileExists(atPath: staleMetrics.path))
  }
}
