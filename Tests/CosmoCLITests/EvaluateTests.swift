import Foundation
import XCTest

@testable import CosmoCLI

/// `cosmo evaluate` on a small fit of the shipped table, run in this process.
final class EvaluateTests: XCTestCase {
  private var folder: URL!
  private let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Data/Pantheon+SH0ES.dat").standardizedFileURL

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-evaluate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FitCommand.parse([
      "--data", table.path, "--epochs", "20", "--folds", "2", "--ensemble", "1", "--quiet",
      "--out", folder.appendingPathComponent("run").path, "--plots", folder.appendingPathComponent("plots").path,
    ]).run()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  func testReproducesTheFitWithItsOwnInputs() throws {
    let scores = try EvaluateCommand.parse([folder.appendingPathComponent("run").path]).score()
    XCTAssertTrue(scores.reproducing)
    XCTAssertEqual(scores.notes, [])
    XCTAssertEqual(scores.folds.count, 2)
    for fold in scores.folds {
      XCTAssertEqual(fold.valChi2PerNNow, fold.valChi2PerNReported, accuracy: 1e-12 * fold.valChi2PerNReported)
    }
  }

  /// The fit used diagonal errors; a covariance with every variance 1.21 times as large must
  /// give χ²/N 1.21 times smaller, and be reported as a re-scoring.
  func testAnotherCovarianceReScoresTheSameFolds() throws {
    let lines = try String(contentsOf: table, encoding: .utf8).split(separator: "\n")
    let column = lines[0].split(separator: " ").firstIndex(of: "m_b_corr_err_DIAG")!
    let errors = lines.dropFirst().map { Double($0.split(separator: " ")[column])! }
    var text = "\(errors.count)\n"
    for i in errors.indices {
      for j in errors.indices { text += i == j ? "\(1.21 * errors[i] * errors[i])\n" : "0\n" }
    }
    let file = folder.appendingPathComponent("scaled.cov")
    try text.write(to: file, atomically: true, encoding: .utf8)

    let scores = try EvaluateCommand.parse([folder.appendingPathComponent("run").path, "--cov", file.path]).score()
    XCTAssertFalse(scores.reproducing)
    XCTAssertEqual(
      scores.notes,
      ["scoring with the full (\(file.path)) covariance where the fit used the diagonal one: re-scored, not reproduced"]
    )
    for fold in scores.folds {
      XCTAssertEqual(fold.valChi2PerNNow * 1.21, fold.valChi2PerNReported, accuracy: 1e-9 * fold.valChi2PerNReported)
    }
  }
}
