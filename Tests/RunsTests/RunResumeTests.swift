import Foundation
import XCTest

@testable import NN
@testable import Runs

/// A small configuration to test run folders with.
struct ExampleConfig: RunConfiguration {
  static let command = "example fit"
  static let formatVersion = 1
  static let snakeCaseKeys = true
  var epochs = 300
  var lr = 0.01
  var hidden = [32]
  var seed: UInt64 = 1
  var activation = "tanh"
  var learningRateSchedule = "constant"
}

/// `--resume` continues only a run, and only with the options it was started with; a new run
/// never writes over another's files unless asked.
final class RunResumeTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-resume-\(UUID().uuidString)")
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

  let options = ExampleConfig()

  func testRefusesAFolderThatIsNotARun() throws {
    XCTAssertThrowsError(try RunDirectory(resuming: root, configuration: options)) {
      XCTAssertEqual("\($0)", "\(root.path): cannot resume: no such run directory; start it without --resume")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: root.path), "resuming created the folder")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    XCTAssertThrowsError(try RunDirectory(resuming: root, configuration: options)) {
      XCTAssertEqual(
        "\($0)", "\(root.path): cannot resume: not a run directory (no config.json); start it without --resume")
    }
  }

  func testListsEveryOptionThatDiffersAndLeavesConfigAlone() throws {
    let run = try RunDirectory(starting: root, configuration: options)
    let before = try Data(contentsOf: run.config)
    var changed = options
    changed.epochs = 200
    changed.lr = 0.02
    changed.activation = "relu"
    XCTAssertThrowsError(try RunDirectory(resuming: root, configuration: changed)) {
      XCTAssertEqual(
        "\($0)",
        "\(root.path): cannot resume: its options differ: activation (run: \"tanh\", now: \"relu\"); "
          + "epochs (run: 300, now: 200); lr (run: 0.01, now: 0.02); resume with the run's options or start a new --out"
      )
    }
    XCTAssertNoThrow(try RunDirectory(resuming: root, configuration: options))
    XCTAssertEqual(try Data(contentsOf: run.config), before)
  }

  /// Starting a run in a folder that holds one is refused, and the old run's files are untouched.
  func testANewRunRefusesAFolderThatHoldsAnything() throws {
    let first = try RunDirectory(starting: root, configuration: options)
    let checkpoint = first.checkpoints.appendingPathComponent("fold-2/last.safetensors")
    try FileManager.default.createDirectory(
      at: checkpoint.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("old".utf8).write(to: checkpoint)
    var other = options
    other.epochs = 5
    XCTAssertThrowsError(try RunDirectory(starting: root, configuration: other)) {
      XCTAssertEqual(
        "\($0)",
        "\(root.path): cannot write: the folder is not empty (checkpoints, config.json, metrics and 2 more); "
          + "give another --out, --resume to continue the run there, or --overwrite to replace it")
    }
    XCTAssertEqual(try ExampleConfig.read(from: first.config), options)
    XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint.path))
    // A folder of the user's own is refused alike.
    let notes = root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: notes.appendingPathComponent("notes.txt"))
    XCTAssertThrowsError(try RunDirectory(starting: notes, configuration: options))
    // A run killed before its config.json was written left only empty folders: not clobbering.
    let killed = root.appendingPathComponent("killed")
    try FileManager.default.createDirectory(
      at: killed.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
    XCTAssertNoThrow(try RunDirectory(starting: killed, configuration: options))
  }

  /// --overwrite clears the previous run's checkpoints, metrics and logs before it records its
  /// options, so no stale fold or TensorBoard step survives, and a kill never leaves a
  /// config.json beside another run's checkpoints; files that are not a run's stay.
  func testOverwriteClearsThePreviousRunsFilesOnly() throws {
    let first = try RunDirectory(starting: root, configuration: options)
    let stale = first.checkpoints.appendingPathComponent("fold-2/last.safetensors")
    try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("old".utf8).write(to: stale)
    let staleMetrics = first.metrics.appendingPathComponent("fold-4.csv")
    try Data("epoch,loss\n".utf8).write(to: staleMetrics)
    let staleEvents = first.tensorboard.appendingPathComponent("events.out.tfevents.1")
    try Data("x".utf8).write(to: staleEvents)
    try Data("{}".utf8).write(to: first.root.appendingPathComponent("discover.json"))
    let mine = first.root.appendingPathComponent("NOTES.md")
    try Data("mine".utf8).write(to: mine)
    var other = options
    other.epochs = 5
    let second = try RunDirectory(starting: root, configuration: other, overwrite: true)
    for file in [stale, staleMetrics, staleEvents, first.root.appendingPathComponent("discover.json")] {
      XCTAssertFalse(FileManager.default.fileExists(atPath: file.path), file.path)
    }
    XCTAssertTrue(FileManager.default.fileExists(atPath: mine.path))
    XCTAssertEqual(try ExampleConfig.read(from: second.config).epochs, 5)
  }

  /// Runs without --out are numbered as Lightning numbers them: one more than the highest.
  func testNextVersionNumbersFromTheHighest() throws {
    XCTAssertEqual(try RunDirectory.nextVersion(under: root).lastPathComponent, "version_0")
    XCTAssertEqual(try RunDirectory.nextVersion(under: root).lastPathComponent, "version_1")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("version_7"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("version_x"), withIntermediateDirectories: true)
    XCTAssertEqual(try RunDirectory.nextVersion(under: root).lastPathComponent, "version_8")
  }
}
