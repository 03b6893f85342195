import Foundation
import NN
import TensorCore
import XCTest

final class TrainerTests: XCTestCase {
  /// Records the order of events.
  final class EventLog: TrainingCallback {
    var events: [TrainingEvent] = []
    func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) { events.append(event) }
  }

  /// Stops the fit at a chosen epoch.
  final class StopAt: TrainingCallback {
    let epoch: Int
    init(_ epoch: Int) { self.epoch = epoch }
    func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
      if event == .validationEnd && loop.epoch == epoch { loop.stopReason = .requested("test") }
    }
  }

  private func sineData() -> (x: Tensor, y: Tensor) {
    let xs = (0..<64).map { -3 + 6 * Double($0) / 63 }
    return (Tensor(shape: [64, 1], scalars: xs), Tensor(shape: [64, 1], scalars: xs.map(Foundation.sin)))
  }

  /// A small end-to-end fit: y = sin x on [−3, 3] with a 1→32→32→1 tanh MLP, mini-batches of 16,
  /// Adam 1e-2, 300 epochs: the mean squared error falls below 1e-3 (it starts near 0.5).
  func testFitsSine() throws {
    let (x, y) = sineData()
    var generator = RandomGenerator(seed: 11)
    let model = MLP(widths: [1, 32, 32, 1], activation: .tanh, generator: &generator)
    let trainer = Trainer<Sequential>(epochs: 300, rowCount: 64, batchSize: 16)
    let loop = try trainer.fit(
      model, optimizer: Adam(for: model.parameters, learningRate: 1e-2), generator: generator,
      trainingLoss: { m, rows, context in
        let index = Indices(rows!)
        return Loss.meanSquaredError(m(x.gathering(index), context: context), y.gathering(index))
      },
      validationLoss: { m in Loss.meanSquaredError(m(x), y).scalar })
    XCTAssertGreaterThan(loop.history[0].validationLoss!, 0.05)
    XCTAssertLessThan(loop.history.last!.validationLoss!, 1e-3)
    XCTAssertEqual(loop.history.count, 300)
  }

  func testEventsOrderAndStopping() throws {
    let (x, y) = sineData()
    var generator = RandomGenerator(seed: 1)
    let model = MLP(widths: [1, 4, 1], generator: &generator)
    let log = EventLog()
    let trainer = Trainer<Sequential>(epochs: 10, rowCount: 64, batchSize: 32, callbacks: [log, StopAt(1)])
    let loop = try trainer.fit(
      model, optimizer: SGD(for: model.parameters, learningRate: 0.1), generator: generator,
      trainingLoss: { m, rows, _ in Loss.meanSquaredError(m(x), y) })
    let epoch: [TrainingEvent] = [
      .epochStart, .batchStart, .batchEnd, .batchStart, .batchEnd, .epochEnd, .validationEnd,
    ]
    XCTAssertEqual(log.events, [.fitStart] + epoch + epoch + [.fitEnd])
    XCTAssertEqual(loop.history.count, 2)
    XCTAssertEqual(loop.stopReason, .requested("test"))
  }

  /// Same seed, same numbers: two fits with shuffling and dropout agree bit for bit.
  func testReproducible() throws {
    func fit() throws -> [Double] {
      let (x, y) = sineData()
      var generator = RandomGenerator(seed: 5)
      let model = MLP(widths: [1, 8, 1], dropout: 0.2, generator: &generator)
      let loop = try Trainer(epochs: 5, rowCount: 64, batchSize: 10)
        .fit(
          model, optimizer: Adam(for: model.parameters), generator: generator,
          trainingLoss: { m, rows, c in
            let i = Indices(rows!)
            return Loss.meanSquaredError(m(x.gathering(i), context: c), y.gathering(i))
          })
      return loop.model.parameters.flatMap(\.scalars)
    }
    XCTAssertEqual(try fit(), try fit())
  }

  /// The gradient norm is the last step's, before clipping: computed on request when the fit
  /// does not clip, kept from the clipping when it does (and the step used clipped gradients).
  func testGradientNormBeforeClipping() throws {
    let (x, y) = sineData()
    func fit(clip: Double?) throws -> TrainingLoop<Sequential> {
      var generator = RandomGenerator(seed: 2)
      let model = MLP(widths: [1, 4, 1], generator: &generator)
      return try Trainer(epochs: 1, rowCount: 64, gradientClipNorm: clip)
        .fit(
          model, optimizer: SGD(for: model.parameters, learningRate: 0.1), generator: generator,
          trainingLoss: { m, _, _ in Loss.meanSquaredError(m(x), y) })
    }
    let free = try fit(clip: nil)
    XCTAssertEqual(free.gradientNorm, globalNorm(free.gradients))
    let clipped = try fit(clip: free.gradientNorm / 2)
    XCTAssertEqual(clipped.gradientNorm, free.gradientNorm)
    XCTAssertEqual(globalNorm(clipped.gradients), free.gradientNorm / 2, accuracy: 1e-12 * free.gradientNorm)
  }
}

final class EnsembleTests: XCTestCase {
  func testEnsembleStatistics() {
    let stats = EnsembleStatistics(members: [[1.0, 2], [3, 6]])
    XCTAssertEqual(stats.mean, [2, 4])
    XCTAssertEqual(stats.standardDeviation[0], 2.0.squareRoot(), accuracy: 1e-15)
  }

  /// Dropout on at inference spreads a `BatchedEnsemble`'s predictions; the samples are the
  /// stream's (same seed, same samples), and without dropout each is the plain prediction.
  func testBatchedEnsembleMonteCarloDropout() {
    let x = Tensor(shape: [3, 1], scalars: [0.5, -1, 2])
    let model = BatchedEnsemble(widths: [1, 16, 1], members: [1, 2], dropout: 0.5)
    let samples = model.monteCarloDropout(x, samples: 50, seed: 3)
    XCTAssertEqual(samples.count, 50)
    XCTAssertEqual(samples[0].shape, [3, 2])
    XCTAssertEqual(samples.map(\.scalars), model.monteCarloDropout(x, samples: 50, seed: 3).map(\.scalars))
    let spread = EnsembleStatistics(members: samples.map { $0.slice(alongAxis: 1, 0..<1).scalars })
    XCTAssertTrue(spread.standardDeviation.allSatisfy { $0 > 0 }, "\(spread.standardDeviation)")
    let plain = BatchedEnsemble(widths: [1, 16, 1], members: [1, 2])
    for sample in plain.monteCarloDropout(x, samples: 3, seed: 1) {
      XCTAssertEqual(sample.scalars, plain(x, context: .inference).scalars)
    }
  }
}
