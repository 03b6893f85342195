import TensorCore
import XCTest

@testable import NN

final class EarlyStoppingTests: XCTestCase {
  func testStopsAfterPatienceEpochsWithoutImprovementBeyondMinDelta() {
    var stopping = EarlyStopping(patience: 2, minDelta: 0.01)
    XCTAssertEqual(stopping.update(epoch: 0, value: 5), .init(improved: true, shouldStop: false))
    XCTAssertEqual(stopping.update(epoch: 1, value: 4), .init(improved: true, shouldStop: false))
    XCTAssertEqual(stopping.update(epoch: 2, value: 4.05), .init(improved: false, shouldStop: false))
    // 3.995 is better than 4 but not by more than minDelta.
    XCTAssertEqual(stopping.update(epoch: 3, value: 3.995), .init(improved: false, shouldStop: true))
    XCTAssertEqual(stopping.bestEpoch, 1)
    XCTAssertEqual(stopping.bestValue, 4)
  }

  func testImprovementResetsTheCounter() {
    var stopping = EarlyStopping(patience: 2)
    _ = stopping.update(epoch: 0, value: 3)
    _ = stopping.update(epoch: 1, value: 3)
    XCTAssertEqual(stopping.update(epoch: 2, value: 2.5), .init(improved: true, shouldStop: false))
    XCTAssertEqual(stopping.epochsWithoutImprovement, 0)
    XCTAssertFalse(stopping.update(epoch: 3, value: 2.6).shouldStop)
    XCTAssertTrue(stopping.update(epoch: 4, value: 2.6).shouldStop)
    XCTAssertEqual(stopping.bestEpoch, 2)
  }

  func testMaxModeAndNaN() {
    var stopping = EarlyStopping(patience: 1, mode: .max)
    XCTAssertFalse(stopping.update(epoch: 0, value: .nan).improved)
    XCTAssertTrue(stopping.update(epoch: 1, value: 0.8).improved)
    XCTAssertTrue(stopping.update(epoch: 2, value: 0.9).improved)
    XCTAssertEqual(stopping.update(epoch: 3, value: 0.85), .init(improved: false, shouldStop: true))
    XCTAssertEqual(stopping.bestEpoch, 2)
  }

  /// A fold that stopped early and is resumed from its final checkpoint (a kill after it ended,
  /// before the next fold began) trains no further and ends with the same weights and history.
  func testAFitThatStoppedEarlyIsNotExtendedOnResume() throws {
    let validation = [5.0, 4, 3, 3.5, 3.6, 3.7, 3.8, 3.9]
    func fit(resume: ResumeState?, stopping: EarlyStoppingCallback) throws -> TrainingLoop<Sequential> {
      var g = RandomGenerator(seed: 3)
      let model = MLP(widths: [1, 4, 1], generator: &g)
      let x = Tensor(shape: [6, 1], scalars: (0..<6).map { Double($0) / 5 })
      let trainer = Trainer<Sequential>(epochs: validation.count, rowCount: 6, callbacks: [stopping])
      var calls = resume?.history.count ?? 0
      return try trainer.fit(
        model, optimizer: Adam(for: model.parameters, learningRate: 0.01), generator: g,
        resume: resume, trainingLoss: { m, _, c in Loss.meanSquaredError(m(x, context: c), x) },
        validationLoss: { _ in
          defer { calls += 1 }
          return validation[calls]
        })
    }
    let straight = try fit(resume: nil, stopping: EarlyStoppingCallback(patience: 2, stopsEarly: true))
    XCTAssertEqual(straight.history.count, 5, "stops two epochs after the best (epoch 2)")
    XCTAssertNotNil(straight.stopReason)

    // Said once, on one line: which fit, which epoch, why.
    var said: [String] = []
    _ = try fit(
      resume: nil,
      stopping: EarlyStoppingCallback(patience: 2, stopsEarly: true, label: "fold 3", announce: { said.append($0) }))
    XCTAssertEqual(
      said,
      [
        "fold 3: stopped early at epoch \(straight.history[4].epoch): validation loss has not improved for 2 epochs "
          + "on its best, 3 at epoch \(straight.history[2].epoch); keeping epoch \(straight.history[2].epoch)'s weights"
      ])

    let stopping = EarlyStoppingCallback(patience: 2, stopsEarly: true)
    stopping.resume(history: straight.history, bestParameters: straight.model.parameters)
    let resumed = try fit(
      resume: ResumeState(
        parameters: straight.model.parameters, buffers: straight.model.buffers,
        optimizerState: straight.optimizer.state, generator: straight.generator,
        history: straight.history),
      stopping: stopping)
    XCTAssertEqual(resumed.history.count, straight.history.count, "a resumed, finished fit trained on")
    XCTAssertEqual(resumed.stopReason, straight.stopReason)
    XCTAssertEqual(resumed.model.parameters.map(\.scalars), straight.model.parameters.map(\.scalars))
  }
}
