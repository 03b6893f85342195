import Foundation
import XCTest

@testable import NN

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
    // Reopening with the same columns appends without a second header.
    let resumed = try CSVMetricsLogger(file: file, columns: ["loss", "val_loss", "lr"])
    try resumed.log(epoch: 3, ["loss": 1.5])
    try resumed.flush()
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines.count, 4)
    XCTAssertEqual(lines.last, "3,1.5,,")
  }

  func testMismatchedHeaderAndUnknownMetricThrow() throws {
    let file = directory.appendingPathComponent("metrics.csv")
    _ = try CSVMetricsLogger(file: file, columns: ["loss"])
    XCTAssertThrowsError(try CSVMetricsLogger(file: file, columns: ["loss", "val_loss"])) {
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
