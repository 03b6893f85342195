import Foundation
import NN
import Runs
import TensorCore
import XCTest

final class CheckpointTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-ckpt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

  func testRoundTripIsBitExact() throws {
    var generator = RandomGenerator(seed: 3)
    let model = Sequential([MLP(widths: [2, 5, 1], generator: &generator), BatchNorm1d(features: 1)])
    let url = directory.appendingPathComponent("m.safetensors")
    let adam = Adam(for: model.parameters)
    try Checkpoint(model: model, optimizer: adam, generator: generator, metadata: ["seed": "3"]).write(to: url)
    let read = try Checkpoint.read(from: url)
    XCTAssertEqual(read.metadata["seed"], "3")
    XCTAssertEqual(read.generator, generator)
    let untrained = Sequential([MLP(widths: [2, 5, 1], generator: &generator), BatchNorm1d(features: 1)])
    XCTAssertNotEqual(untrained.parameters[0].scalars, model.parameters[0].scalars)
    let fresh: Sequential = try read.loaded(into: untrained)
    for (a, b) in zip(fresh.parameters, model.parameters) {
      XCTAssertEqual(a.scalars.map(\.bitPattern), b.scalars.map(\.bitPattern))
    }
    XCTAssertEqual(Set(fresh.buffers.keys), ["layers.1.running_mean", "layers.1.running_var"])
  }

  func testLoadNamesMissingAndUnexpectedKeys() throws {
    var generator = RandomGenerator(seed: 1)
    let url = directory.appendingPathComponent("m.safetensors")
    try Checkpoint(model: MLP(widths: [2, 3, 1], generator: &generator)).write(to: url)
    var other = MLP(widths: [2, 3, 3, 1], generator: &generator)
    XCTAssertThrowsError(try Checkpoint.read(from: url).load(into: &other)) { error in
      XCTAssertEqual(
        "\(error)",
        "checkpoint does not match the model: missing keys: layers.4.bias, layers.4.weight; "
          + "shapes differ: layers.2.weight [1, 3] vs [3, 3], layers.2.bias [1] vs [3]")
    }
  }

  /// A fit interrupted after epoch 4 and resumed from `last.safetensors` ends with the same
  /// weights, bit for bit, as one that ran straight through (shuffles, dropout and Adam included).
  func testResumeMatchesUninterruptedRun() throws {
    let xs = (0..<40).map { Double($0) / 10 }
    let x = Tensor(shape: [40, 1], scalars: xs)
    let y = Tensor(shape: [40, 1], scalars: xs.map(Foundation.cos))
    func loss(_ m: Sequential, _ rows: [Int]?, _ c: ForwardContext) -> Tensor {
      let i = Indices(rows!)
      return Loss.meanSquaredError(m(x.gathering(i), context: c), y.gathering(i))
    }
    final class Interrupt: TrainingCallback {
      func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
        if event == .validationEnd && loop.epoch == 4 { loop.stopReason = .interrupted }
      }
    }
    func start() -> (Sequential, RandomGenerator) {
      var g = RandomGenerator(seed: 8)
      return (MLP(widths: [1, 8, 1], dropout: 0.1, generator: &g), g)
    }
    let (m0, g0) = start()
    let straight = try Trainer(epochs: 10, rowCount: 40, batchSize: 8)
      .fit(m0, optimizer: Adam(for: m0.parameters, learningRate: 0.01), generator: g0, trainingLoss: loss)

    let (m1, g1) = start()
    let saver = try ModelCheckpoint(directory: directory, monitor: "training_loss")
    let first = try Trainer(epochs: 10, rowCount: 40, batchSize: 8, callbacks: [saver, Interrupt()])
      .fit(m1, optimizer: Adam(for: m1.parameters, learningRate: 0.01), generator: g1, trainingLoss: loss)
    XCTAssertEqual(first.history.count, 5)

    let (m2, g2) = start()
    let resume = try Checkpoint.read(from: saver.lastURL).resumeState(for: m2)
    let resumed = try Trainer(epochs: 10, rowCount: 40, batchSize: 8)
      .fit(
        m2, optimizer: Adam(for: m2.parameters, learningRate: 0.01), generator: g2, resume: resume, trainingLoss: loss)
    XCTAssertEqual(resumed.history.count, 10)
    XCTAssertEqual(resumed.model.parameters.flatMap(\.scalars), straight.model.parameters.flatMap(\.scalars))
    XCTAssertEqual(resumed.history.map(\.trainingLoss), straight.history.map(\.trainingLoss))
  }

  func testBestAndTopKFiles() throws {
    final class Scripted: TrainingCallback {
      let losses = [5.0, 3.0, 4.0, 1.0, 2.0]
      func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
        if event == .epochEnd { loop.record("score", losses[loop.epoch]) }
      }
    }
    var g = RandomGenerator(seed: 2)
    let m = MLP(widths: [1, 2, 1], generator: &g)
    let saver = try ModelCheckpoint(directory: directory, monitor: "score", keepTopK: 2)
    _ = try Trainer(epochs: 5, rowCount: 1, callbacks: [Scripted(), saver])
      .fit(
        m, optimizer: SGD(for: m.parameters, learningRate: 0), generator: g,
        trainingLoss: { m, _, _ in m(Tensor(shape: [1, 1], scalars: [0])).sum() })
    XCTAssertEqual(saver.bestEpoch, 3)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    XCTAssertEqual(files, ["best.safetensors", "epoch-3.safetensors", "epoch-4.safetensors", "last.safetensors"])
  }
}
