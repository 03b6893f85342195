import ArgumentParser
import Foundation
import GNN
import NN
import TensorCore
import XCTest

@testable import GNNCLI

/// `gnn train --config FILE`: a run's config.json (or YAML with the same keys) gives the options;
/// the command line overrides them; the graph recorded from the data is accepted, not an option.
final class TrainConfigFileTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("gnn-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func parse(_ arguments: [String]) throws -> TrainCommand {
    let expanded = try TrainCommand.configArguments().expand(arguments)
    return try TrainCommand.parse(Array(expanded.dropFirst()))
  }

  func testARunsConfigGivesBackItsOptions() throws {
    var generator = RandomGenerator(seed: 1)
    let graph = GravityGraph(bodyCount: 3, referenceBody: 0, logDistanceMean: 19, logDistanceScale: 1)
    var options = GravityTrainingOptions()
    (options.hidden, options.epochs, options.batchSize, options.learningRate, options.seed) = (
      [16, 8], 7, 32, 2e-3, 99
    )
    let network = GravityNetwork(graph: graph, hidden: options.hidden, forceOffset: -20, generator: &generator)
    let source = GravityRunConfig.DataSource(
      data: "Data/de421_1980_2030.bsp", bodies: "sun,earth,moon", gm: "Data/gm.csv",
      start: "1990-01-01", stop: "2020-01-01", step: "4d",
      validateFrom: "2005-01-01", testFrom: "2012-01-01")
    let url = folder.appendingPathComponent("config.json")
    try GravityRunConfig(source: source, model: network, options: options).write(to: url)
    let train = try parse(["train", "--config", url.path, "--epochs", "3"])
    XCTAssertEqual(train.hidden, "16,8")
    XCTAssertEqual(train.epochs, 3)
    XCTAssertEqual(train.batch, 32)
    XCTAssertEqual(train.lr, 2e-3)
    XCTAssertEqual(train.seed, 99)
    XCTAssertEqual(train.data.source, source)
  }

  func testUnknownKeysAreNamed() throws {
    let url = folder.appendingPathComponent("train.yaml")
    try "source:\n  startt: 1990-01-01\n".write(to: url, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try parse(["train", "--config", url.path])) {
      XCTAssertEqual("\($0)", "\(url.path): unknown key 'source.startt' (did you mean 'source.start'?)")
    }
    try "batch_size: 8\nquick: true\n".write(to: url, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try parse(["train", "--config", url.path])) {
      XCTAssertEqual("\($0)", "\(url.path): unknown key 'batch_size' (did you mean 'batchSize'?)")
    }
  }
}

/// `gnn evaluate --format csv`: one row per split and body, plain header names.
final class EvaluateOutputTests: XCTestCase {
  func testCSVHasOneRowPerSplitAndBody() {
    let bodies = [
      AccelerationErrorReport.Body(body: "Sun", id: 10, medianRelativeError: 1e-3, p95RelativeError: 2e-3),
      AccelerationErrorReport.Body(body: "Earth, Moon", id: 3, medianRelativeError: 0.02, p95RelativeError: 0.05),
    ]
    let report = AccelerationErrorReport(
      split: "test", epochs: 5, from: "2022-01-01", to: "2029-12-30", bodies: bodies, target: 0.01)
    XCTAssertFalse(report.everyBodyBelowTarget)
    XCTAssertEqual(report.maxMedianRelativeError, 0.02)
    XCTAssertEqual(
      EvaluateCommand.csv([report]).text,
      """
      split,body,id,median_relative_error,p95_relative_error
      test,Sun,10,0.001,0.002
      test,"Earth, Moon",3,0.02,0.05

      """)
  }
}
