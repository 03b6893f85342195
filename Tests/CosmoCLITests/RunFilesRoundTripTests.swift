import ArgumentParser
import CommandSupport
import Cosmology
import Foundation
import NN
import Runs
import TestSupport
import XCTest

@testable import CosmoCLI

/// Every file `make run`'s cosmo commands write (and cosmo evaluate's and predict's JSON), as the
/// real commands wrote them on small runs (Tests/RunFixtures/regenerate.sh), decodes into its type
/// and encodes back to the same bytes: no key is lost, renamed or added on the way.
final class RunFilesRoundTripTests: XCTestCase, RunFixtureRoundTrips {
  /// Reports written through `--format json` (snake_case keys from camelCase properties).
  /// `snakeCase`: the type's properties are camelCase (LCDMReport's are spelt as the keys).
  private func assertOutputRoundTrip<Report: Codable>(
    _ type: Report.Type, _ path: String, snakeCase: Bool = true,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let written = try bytes(path)
    let decoder = JSONDecoder()
    if snakeCase { decoder.keyDecodingStrategy = .convertFromSnakeCase }
    let report = try decoder.decode(Report.self, from: written)
    XCTAssertEqual(
      String(decoding: try OutputOptions.json(report), as: UTF8.self), String(decoding: written, as: UTF8.self), path,
      file: file, line: line)
  }

  func testCosmoFitFilesRoundTrip() throws {
    for run in ["cosmo-fit", "cosmo-fit-x1-c"] {
      try assertRoundTrip(CosmoFitConfig.self, "\(run)/config.json")
      try assertRoundTrip(CosmoFitReport.self, "\(run)/report.json")
      try assertRoundTrip(FitShardRecord.self, "\(run)/shard.json")
      let timing = try bytes("\(run)/timing.json")
      let decoded = try RunTiming.decode(timing, file: "\(run)/timing.json")
      XCTAssertEqual(decoded.commands.keys.sorted(), ["cosmo fit"], "\(run)/timing.json")
      XCTAssertEqual(
        String(decoding: try decoded.encoded(), as: UTF8.self), String(decoding: timing, as: UTF8.self),
        "\(run)/timing.json")
    }
  }

  func testLCDMReportsRoundTrip() throws {
    for path in ["lcdm/report.json", "lcdm-union3/report.json"] {
      try assertOutputRoundTrip(LCDMReport.self, path, snakeCase: false)
    }
  }

  func testEvaluateAndPredictOutputsRoundTrip() throws {
    try assertOutputRoundTrip(EvaluationReport.self, "cosmo-evaluate.json")
    try assertOutputRoundTrip(PredictionReport.self, "cosmo-predict.json")
  }

  /// shard.json was an untyped dictionary read with `as? Int`; a wrong type is now named.
  func testShardRecordNamesAWrongField() throws {
    let text = String(decoding: try bytes("cosmo-fit/shard.json"), as: UTF8.self).replacingOccurrences(
      of: "\"of\" : 1", with: "\"of\" : \"one\"")
    XCTAssertThrowsError(try FitShardRecord.decode(Data(text.utf8), file: "shard.json")) {
      XCTAssertEqual($0 as? RunDocumentError, .wrongType(file: "shard.json", key: "of", expected: "an integer"))
    }
  }
}
