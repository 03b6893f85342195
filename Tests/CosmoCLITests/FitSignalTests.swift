import Foundation
import XCTest

@testable import CosmoCLI

/// A sweep driver prunes a trial with SIGTERM: `cosmo fit` must stop at the end of an epoch with
/// a run that `--resume` finishes bit-identical to one that was never stopped, and must stream
/// `--metrics-jsonl` lines a driver can read while it runs.
final class FitSignalTests: XCTestCase {
  private var folder: URL!
  private let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Data/Pantheon+SH0ES.dat").standardizedFileURL

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-signal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func arguments(_ name: String) -> [String] {
    [
      "--data", table.path, "--epochs", "300", "--folds", "2", "--ensemble", "1", "--quiet",
      "--out", folder.appendingPathComponent(name).path, "--plots", folder.appendingPathComponent("\(name)-plots").path,
      "--metrics-jsonl", folder.appendingPathComponent("\(name).jsonl").path,
    ]
  }

  private func lines(_ name: String) throws -> [[String: Any]] {
    try Self.lines(at: folder.appendingPathComponent("\(name).jsonl"))
  }

  private static func lines(at stream: URL) throws -> [[String: Any]] {
    let text = (try? String(contentsOf: stream, encoding: .utf8)) ?? ""
    return try text.split(separator: "\n").map {
      try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
    }
  }

  func testSIGTERMStopsAtAnEpochAndResumeIsBitIdentical() throws {
    try FitCommand.parse(arguments("straight")).run()
    let straight = try lines("straight")
    XCTAssertEqual(straight.count, 2 * 300 + 1)
    XCTAssertEqual(straight[0]["fold"] as? Int, 0)
    XCTAssertEqual(straight[0]["member"] as? String, "mean of 1")
    XCTAssertEqual(straight[300]["fold"] as? Int, 1)
    XCTAssertEqual(straight[300]["epoch"] as? Int, 0)
    let final = try XCTUnwrap(straight.last)
    XCTAssertEqual(final["final"] as? Bool, true)
    let report = try readReport("straight")
    XCTAssertEqual(
      try XCTUnwrap(final["cv_chi2_per_n"] as? Double), try XCTUnwrap(report["cv_chi2_per_n"] as? Double),
      accuracy: 1e-12)

    // SIGTERM once fold 0 has streamed epoch 20, from another thread, as a driver would.
    let stream = folder.appendingPathComponent("stopped.jsonl")
    let watcher = Thread {
      let deadline = Date().addingTimeInterval(120)
      while Date() < deadline {
        if let seen = try? Self.lines(at: stream), seen.contains(where: { ($0["epoch"] as? Int ?? 0) >= 20 }) {
          kill(getpid(), SIGTERM)
          return
        }
        usleep(2000)
      }
    }
    watcher.start()
    XCTAssertThrowsError(try FitCommand.parse(arguments("stopped")).run()) {
      XCTAssertTrue("\($0)".contains("interrupted in fold 0"), "\($0)")
    }
    let stoppedAt = try lines("stopped").count
    XCTAssertLessThan(stoppedAt, 300, "the signal did not stop fold 0")
    try FitCommand.parse(arguments("stopped") + ["--resume"]).run()

    // The resumed stream continues from the checkpoint and ends with the same metrics.
    let resumed = try lines("stopped")
    XCTAssertEqual(resumed.last?["cv_chi2_per_n"] as? Double, final["cv_chi2_per_n"] as? Double)
    XCTAssertEqual(
      resumed.dropLast().last?["val_chi2_per_n"] as? Double, straight.dropLast().last?["val_chi2_per_n"] as? Double)
    XCTAssertEqual(
      try Data(contentsOf: folder.appendingPathComponent("straight/report.json")),
      try Data(contentsOf: folder.appendingPathComponent("stopped/report.json")), "report.json differs")
    XCTAssertNotNil(try? Data(contentsOf: folder.appendingPathComponent("stopped/timing.json")), "no timing.json")
    for sub in ["checkpoints/fold-0", "checkpoints/fold-1", "metrics"] {
      let names = try FileManager.default.contentsOfDirectory(
        atPath: folder.appendingPathComponent("straight/\(sub)").path
      ).sorted()
      XCTAssertFalse(names.isEmpty)
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("stopped/\(sub)").path)
          .sorted(), names)
      for name in names where !name.hasPrefix(".") {
        XCTAssertEqual(
          try Data(contentsOf: folder.appendingPathComponent("straight/\(sub)/\(name)")),
          try Data(contentsOf: folder.appendingPathComponent("stopped/\(sub)/\(name)")), "\(sub)/\(name) differs")
      }
    }
  }

  private func readReport(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent("\(name)/report.json"))
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
  }
}
