import Foundation
import XCTest

@testable import NN
@testable import Runs

/// The HParams records, decoded field by field as TensorBoard's plugin_data.proto and api.proto
/// define them (scripts/check-tensorboard-hparams.py reads them with TensorBoard itself).
final class HParamsLoggerTests: XCTestCase {
  private var folder: URL!

  override func setUp() {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-hparams-\(UUID().uuidString)")
  }

  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  /// tag → (step, Summary.Value fields) of every summary value in the file.
  private func values(_ file: URL) throws -> [(tag: String, step: Int64, value: [Int: [TFRecordReader.Field]])] {
    try TFRecordReader.records([UInt8](Data(contentsOf: file))).dropFirst().map(TFRecordReader.fields).compactMap {
      event in
      guard let summary = event[5]?.first?.message, let value = summary[1]?.first?.message else { return nil }
      return (try XCTUnwrap(value[1]?.first?.string), event[2]?.first?.int ?? 0, value)
    }
  }

  /// HParamsPluginData of a value: metadata (9) → plugin_data (1) → {plugin_name 1, content 2}.
  private func pluginData(_ value: [Int: [TFRecordReader.Field]]) throws -> [Int: [TFRecordReader.Field]] {
    let plugin = try XCTUnwrap(value[9]?.first?.message?[1]?.first?.message)
    XCTAssertEqual(plugin[1]?.first?.string, "hparams")
    return try XCTUnwrap(plugin[2]?.first?.message)
  }

  func testWritesExperimentSessionAndMetrics() throws {
    let logger = try HParamsLogger(
      logDirectory: folder, hparams: ["lr": .number(0.01), "hidden": .string("32,32"), "amsgrad": .bool(false)],
      metricNames: ["cv_chi2_per_n", "overfitting_folds"], declaringExperiment: true, wallTime: { 1000 })
    try logger.finish(metrics: ["cv_chi2_per_n": 0.45, "overfitting_folds": .nan], step: 300)
    let written = try values(logger.writer.file)
    XCTAssertEqual(
      written.map(\.tag),
      [
        "_hparams_/experiment", "_hparams_/session_start_info", "hparams/cv_chi2_per_n",
        "_hparams_/session_end_info",
      ])

    let experiment = try XCTUnwrap(try pluginData(written[0].value)[2]?.first?.message)
    XCTAssertEqual(experiment[3]?.first?.double, 1000)
    let infos = try (experiment[4] ?? []).map { try XCTUnwrap($0.message) }
    XCTAssertEqual(infos.map { $0[1]?.first?.string }, ["amsgrad", "hidden", "lr"])
    XCTAssertEqual(infos.map { $0[4]?.first?.int }, [2, 1, 3])  // BOOL, STRING, FLOAT64
    let metricTags = (experiment[5] ?? []).map { $0.message?[1]?.first?.message?[2]?.first?.string }
    XCTAssertEqual(metricTags, ["hparams/cv_chi2_per_n", "hparams/overfitting_folds"])

    let start = try XCTUnwrap(try pluginData(written[1].value)[3]?.first?.message)
    var hparams: [String: [Int: [TFRecordReader.Field]]] = [:]
    for entry in start[1] ?? [] {
      let pair = try XCTUnwrap(entry.message)
      hparams[try XCTUnwrap(pair[1]?.first?.string)] = try XCTUnwrap(pair[2]?.first?.message)
    }
    XCTAssertEqual(hparams["lr"]?[2]?.first?.double, 0.01)  // number_value
    XCTAssertEqual(hparams["hidden"]?[3]?.first?.string, "32,32")  // string_value
    XCTAssertEqual(hparams["amsgrad"]?[4]?.first?.int, 0)  // bool_value
    XCTAssertEqual(start[5]?.first?.double, 1000)

    XCTAssertEqual(written[2].step, 300)
    XCTAssertEqual(written[2].value[2]?.first?.float, 0.45)
    let end = try XCTUnwrap(try pluginData(written[3].value)[4]?.first?.message)
    XCTAssertEqual(end[1]?.first?.int, 1)  // STATUS_SUCCESS
  }

  /// Left to TensorBoard by default, which computes it from every session of a sweep.
  func testNoExperimentRecordUnlessAsked() throws {
    let logger = try HParamsLogger(logDirectory: folder, hparams: ["lr": .number(0.01)], metricNames: ["loss"])
    try logger.finish(metrics: ["loss": 1], step: 3)
    XCTAssertEqual(
      try values(logger.writer.file).map(\.tag),
      [
        "_hparams_/session_start_info", "hparams/loss",
        "_hparams_/session_end_info",
      ])
  }

  func testValuesFromAConfigObject() {
    XCTAssertEqual(HParamsLogger.Value(.integer(3)), .number(3))
    XCTAssertEqual(HParamsLogger.Value(.unsigned(7)), .number(7))
    XCTAssertEqual(HParamsLogger.Value(.bool(true)), .bool(true))
    XCTAssertEqual(HParamsLogger.Value(.array([.string("x1"), .string("c")])), .string("x1,c"))
    XCTAssertEqual(HParamsLogger.Value(.number(.infinity)), .string("inf"))
  }
}
