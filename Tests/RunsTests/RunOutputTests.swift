import Foundation
import NN
import Plot
import Runs
import TensorCore
import XCTest

/// A small fit with every shipped callback, writing a run directory as `cosmo` and `gnn` do.
/// Set GRAVITAS_KEEP_RUN=DIR to keep the output (e.g. to read it with the Python checkers in
/// shared/bench/peers).
final class RunOutputTests: XCTestCase {
  func testFitWritesRunDirectory() throws {
    let keep = ProcessInfo.processInfo.environment["GRAVITAS_KEEP_RUN"]
    let root =
      keep.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-run-\(UUID().uuidString)")
    defer { if keep == nil { try? FileManager.default.removeItem(at: root) } }
    let run = try RunDirectory(root)

    // Few points, many parameters: validation loss turns up while training loss keeps falling.
    var g = RandomGenerator(seed: 4)
    let xs = (0..<12).map { Double($0) / 4 }
    let noisy = xs.map { Foundation.sin($0) + 0.3 * g.normal() }
    let x = Tensor(shape: [12, 1], scalars: xs)
    let y = Tensor(shape: [12, 1], scalars: noisy)
    let train = Indices(Array(stride(from: 0, to: 12, by: 2)))
    let valid = Indices(Array(stride(from: 1, to: 12, by: 2)))
    let model = MLP(widths: [1, 64, 64, 1], activation: .tanh, generator: &g)

    let stopping = EarlyStoppingCallback(patience: 50)
    let overfitting = OverfittingCallback(window: 5, threshold: 0.01)
    var progressLines: [String] = []
    let progress = ProgressCallback {
      ProgressBar(totalEpochs: $0, output: { progressLines.append($0) }, isTerminal: false, minimumLineInterval: 0)
    }
    let plotter = PlotWriter(directory: run.plots)
    var snapshots = 0
    let plotEvery = PlotEveryCallback<Sequential>(every: 100) { loop in
      var figure = Figure(title: "fit at epoch \(loop.epoch)", xLabel: "x", yLabel: "y")
      figure.add(.points(x: xs, y: noisy, label: "data"))
      figure.add(.line(x: xs, y: loop.model(x).scalars, label: "model"))
      _ = try plotter.write(figure, name: "fit-epoch-\(loop.epoch)")
      snapshots += 1
    }
    let callbacks: [any TrainingCallback] = [
      stopping, overfitting, progress,
      try ModelCheckpoint(directory: run.checkpoints, metadata: ["seed": "4", "widths": "1,64,64,1"]),
      try CSVLoggerCallback(
        file: run.metrics.appendingPathComponent("metrics.csv"), extraColumns: [OverfittingCallback.riseOnset]),
      try TensorBoardCallback(logDirectory: run.tensorboard, histogramEvery: 100),
    ]
    let loop = try Trainer(epochs: 400, rowCount: 6, callbacks: callbacks, modelCallbacks: [plotEvery])
      .fit(
        model, optimizer: Adam(for: model.parameters, learningRate: 1e-2), generator: g,
        trainingLoss: { m, _, c in Loss.meanSquaredError(m(x.gathering(train), context: c), y.gathering(train)) },
        validationLoss: { m in Loss.meanSquaredError(m(x.gathering(valid)), y.gathering(valid)).scalar })

    let report = overfitting.report
    XCTAssertNotNil(report.onsetEpoch, "\(report)")
    XCTAssertGreaterThan(report.onsetEpoch!, report.validationMinimumEpoch!)
    // Best weights are restored at the end.
    XCTAssertEqual(
      Loss.meanSquaredError(loop.model(x.gathering(valid)), y.gathering(valid)).scalar,
      stopping.bestValue, accuracy: 1e-12)
    _ = try plotter.write(
      learningCurveFigure(
        loop.history, title: "learning curves", lossLabel: "MSE",
        bestEpoch: stopping.bestEpoch, overfitOnset: report.onsetEpoch),
      name: "learning-curves")

    let csv = try String(contentsOf: run.metrics.appendingPathComponent("metrics.csv"), encoding: .utf8)
    XCTAssertEqual(csv.split(separator: "\n").count, 401)
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: run.checkpoints.appendingPathComponent("best.safetensors").path))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run.tensorboard.path).count, 1)
    XCTAssertEqual(snapshots, 5)  // epochs 0, 100, 200, 300 and the last
    XCTAssertEqual(progressLines.count, 400)
  }

  func testReadingARunBackCreatesNothing() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-run-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    XCTAssertThrowsError(try RunDirectory(existing: root)) {
      XCTAssertEqual("\($0)", "\(root.path): cannot read: no such run directory")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: root.path))
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    XCTAssertThrowsError(try RunDirectory(existing: root)) {
      XCTAssertEqual("\($0)", "\(root.path): cannot read: not a run directory (no config.json)")
    }
    let written = try RunDirectory(root)
    try Data(#"{"seed": 1}"#.utf8).write(to: written.config)
    XCTAssertEqual(try RunDirectory(existing: root).config, written.config)
  }
}
