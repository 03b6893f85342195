import Foundation
import XCTest

@testable import NN
@testable import Runs

final class CSVMetricsLoggerTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDown() {
    try? FileManager.default.removeItem(at: directory)
  }

  func testHeaderOnceRowsInColumnOrderAndResume() throws {
    let file = directory.appendingPathComponent("metrics.csv")
    do {
      let logger = try CSVMetricsLogger(file: file, columns: ["loss", "val_loss", "lr"])
      try logger.log(epoch: 1, ["loss": 2.5, "val_loss": 3, "lr": 1e-3])
      try logger.log(epoch: 2, ["val_loss": .nan, "loss": 2])  // lr missing
      try logger.flush()
      XCTAssertEqual(
        try String(contentsOf: file, encoding: .utf8),
        "epoch,loss,val_loss,lr\n1,2.5,3.0,0.001\n2,2.0,NaN,\n")
    }
    // Resuming from the checkpoint of epoch 2 (history of 2 epochs: 0 and 1) keeps epoch 1's row,
    // drops epoch 2's (written after that checkpoint) and appends without a second header.
    let resumed = try CSVMetricsLogger(file: file, columns: ["loss", "val_loss", "lr"], resumingAt: 2)
    try resumed.log(epoch: 2, ["loss": 1.5])
    try resumed.flush()
    XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "epoch,loss,val_loss,lr\n1,2.5,3.0,0.001\n2,1.5,,\n")
    // A fresh run into the same place starts the file again.
    let fresh = try CSVMetricsLogger(file: file, columns: ["loss", "val_loss", "lr"])
    try fresh.log(epoch: 0, ["loss": 9])
    try fresh.flush()
    XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "epoch,loss,val_loss,lr\n0,9.0,,\n")
  }

  /// A killed fit keeps every row it logged: rows reach the file as they are logged, not at a
  /// flush that a kill -9 never reaches (11 of 14 killed `cosmo fit` runs lost rows).
  func testRowIsInTheFileAsSoonAsItIsLogged() throws {
    let file = directory.appendingPathComponent("metrics.csv")
    let logger = try CSVMetricsLogger(file: file, columns: ["loss"])
    try logger.log(epoch: 0, ["loss": 1])
    XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "epoch,loss\n0,1.0\n")
    withExtendedLifetime(logger) {}
  }

  /// Failures are `RunsError`s naming the file: a metric that is not a column (an NNError naming
  /// only the logger before Runs had its own errors), and a resumed file with another header.
  func testFailuresNameTheFile() throws {
    let file = directory.appendingPathComponent("metrics.csv")
    let logger = try CSVMetricsLogger(file: file, columns: ["loss"])
    XCTAssertThrowsError(try logger.log(epoch: 0, ["loss": 1, "lr": 0.1])) {
      XCTAssertEqual($0 as? RunsError, .unknownMetrics(path: file.path, metrics: ["lr"], columns: ["loss"]))
      XCTAssertEqual("\($0)", "\(file.path): metrics [\"lr\"] are not among its columns [\"loss\"]")
    }
    try logger.log(epoch: 0, ["loss": 1])
    XCTAssertThrowsError(try CSVMetricsLogger(file: file, columns: ["val_loss"], resumingAt: 1)) {
      XCTAssertEqual(
        "\($0)",
        "\(file.path): cannot write: existing header 'epoch,loss' differs from 'epoch,val_loss'; choose another file")
    }
    withExtendedLifetime(logger) {}
  }

  /// A resumed fit rebuilds the file from its checkpoint's rows, whatever the file held.
  func testResumingFromRowsReplacesWhatAKillLeft() throws {
    let file = directory.appendingPathComponent("metrics.csv")
    try Data("epoch,loss\n0,1.0\n1,2.0\n2,3".utf8).write(to: file)  // a torn last row, epoch 2 past the checkpoint
    let logger = try CSVMetricsLogger(file: file, columns: ["loss"], rows: [(0, ["loss": 1]), (1, ["loss": 2])])
    try logger.log(epoch: 2, ["loss": 3])
    XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "epoch,loss\n0,1.0\n1,2.0\n2,3.0\n")
  }

  func testMismatchedHeaderAndUnknownMetricThrow() throws {
    let file = directory.appendingPathComponent("metrics.csv")
    _ = try CSVMetricsLogger(file: file, columns: ["loss"])
    XCTAssertThrowsError(try CSVMetricsLogger(file: file, columns: ["loss", "val_loss"], resumingAt: 1)) {
      XCTAssertTrue("\($0)".contains("existing header 'epoch,loss' differs"), "\($0)")
    }
    let logger = try CSVMetricsLogger(file: file, columns: ["loss"])
    XCTAssertThrowsError(try logger.log(epoch: 1, ["accuracy": 1]))
  }

  func testQuotesAwkwardColumnNames() throws {
    let file = directory.appendingPathComponent("quoted.csv")
    _ = try CSVMetricsLogger(file: file, columns: ["χ², mag²", "say \"hi\""])
    XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "epoch,\"χ², mag²\",\"say \"\"hi\"\"\"\n")
  }
}
