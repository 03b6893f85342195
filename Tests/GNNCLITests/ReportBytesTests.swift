import Foundation
import Runs
import XCTest

@testable import GNNCLI

/// `gnn train`, `discover` and `rollout` twice with the same seed write the same report bytes:
/// their wall time is RUN/timing.json's, one entry per command, and nothing else in a report
/// depends on the clock.
final class ReportBytesTests: XCTestCase {
  private var folder: URL!
  private let kernel = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Data/de421_1980_2030.bsp").standardizedFileURL

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("gnn-report-bytes-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  /// Regenerate.sh's small run (one epoch, a two-sample search) on three bodies over eight years:
  /// about a second a chain with debug builds.
  private func run(_ name: String) throws -> URL {
    let out = folder.appendingPathComponent(name)
    try TrainCommand.parse([
      "--data", kernel.path, "--quick", "--epochs", "1", "--hidden", "8,8", "--bodies", "sun,earth,5", "--start",
      "2000-01-01", "--validate-from", "2006-01-01", "--test-from", "2007-01-01", "--stop", "2008-01-01",
      "--out", out.path, "--plots", "none", "--quiet",
    ]).run()
    try DiscoverCommand.parse([
      out.path, "--samples", "2", "--generations", "1", "--population", "4", "--populations", "1", "--time-blocks",
      "1", "--blocks", "2", "--plots", "none",
    ]).run()
    try RolloutCommand.parse([out.path, "--years", "0.02", "--plots", "none"]).run()
    return out
  }

  func testTheSameSeedWritesTheSameReportBytes() throws {
    let (first, second) = (try run("first"), try run("second"))
    for file in ["report.json", "discover.json", "rollout.json", "checkpoints/best.safetensors"] {
      let bytes = try Data(contentsOf: first.appendingPathComponent(file))
      XCTAssertEqual(bytes, try Data(contentsOf: second.appendingPathComponent(file)), file)
      XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("\"seconds\""), file)
    }
    let timing = try RunTiming.read(from: first.appendingPathComponent("timing.json"))
    XCTAssertEqual(timing.commands.keys.sorted(), ["gnn discover", "gnn rollout", "gnn train"])
  }
}
