import Foundation
import GNN
import NN
import Orbits
import Runs
import TensorCore
import TestSupport
import XCTest

/// `gnn train`'s library path at smoke size on the shipped kernel: the loss falls well below
/// that of predicting nothing, and a run directory rebuilds the same network. (The full run, 60 epochs on daily
/// steps, is `gnn train`; its numbers are in the README.)
final class GravityTrainingTests: XCTestCase {
  func testTrainsAndRebuildsFromTheRunDirectory() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let kernel = try SPKKernel(contentsOf: repository.appendingPathComponent("Data/de421_1980_2030.bsp"))
    let gm = try GMTable(contentsOf: repository.appendingPathComponent("Data/gm.csv")).gm
    let ids = [10, 199, 299, 399, 301, 5]
    let bodies = ids.map { EphemerisBody(id: $0, name: "\($0)", gm: gm[$0]) }
    let start = try CalendarDate.julianDate("2000-01-01")
    let all = try kernel.dataset(bodies: bodies, epochs: (0..<400).map { start + 3 * Double($0) })
    let (trainingSet, validationSet) = all.split(at: start + 900)
    let graph = GravityGraph(for: trainingSet)
    XCTAssertEqual(graph.referenceBody, 0)
    let (training, validation) = (
      try GravitySplit(trainingSet, graph: graph), try GravitySplit(validationSet, graph: graph)
    )

    var options = GravityTrainingOptions()
    (options.hidden, options.epochs, options.batchSize, options.showProgress) = ([32, 32], 80, 16, false)
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("gravity-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try RunDirectory(root)
    let trainer = GravityTrainer(graph: graph, options: options)
    let config = GravityRunConfig(
      source: .init(
        data: "kernel", bodies: "", gm: "", start: "", stop: "", step: "3d", validateFrom: "", testFrom: ""),
      model: trainer.initialModel(training: training), options: options)
    try config.write(to: run.config)
    let fit = try trainer.fit(training: training, validation: validation, run: run, config: config)
    let losses = fit.history.compactMap(\.validationLoss)
    print("validation loss by epoch: \(losses)")
    // Predicting no acceleration at all scores 1; 80 short epochs reach ~0.03 (≈ 18 % errors).
    XCTAssertLessThan(losses.min()!, 0.1)

    // The best checkpoint and config.json give back the network that was selected.
    let rebuilt = try GravityRunConfig.read(from: run.config).model(
      from: run.checkpoints.appendingPathComponent("best.safetensors"))
    let a = GravityTrainer.predict(fit.model, validation.features).scalars
    let b = GravityTrainer.predict(rebuilt, validation.features).scalars
    assertClose(b, a, relative: 0)
    // The checkpoint records the run's configuration: it describes its own network.
    let best = try Checkpoint.read(from: run.checkpoints.appendingPathComponent("best.safetensors"))
    let recorded = try XCTUnwrap(best.metadata[GravityRunConfig.metadataKey])
    XCTAssertEqual(try GravityRunConfig.decode(Data(recorded.utf8), file: "metadata"), config)
    XCTAssertTrue(FileManager.default.fileExists(atPath: run.metrics.appendingPathComponent("training.csv").path))
  }
}
