import XCTest

@testable import NN

final class LearningRateScheduleTests: XCTestCase {
  func testStepDecay() {
    let schedule = StepDecay(initial: 0.1, factor: 0.5, stepSize: 10)
    XCTAssertEqual([0, 9, 10, 25].map(schedule.learningRate(atEpoch:)), [0.1, 0.1, 0.05, 0.025])
  }

  func testExponentialDecay() {
    let schedule = ExponentialDecay(initial: 1, rate: 0.9)
    XCTAssertEqual(schedule.learningRate(atEpoch: 0), 1)
    XCTAssertEqual(schedule.learningRate(atEpoch: 3), 0.729, accuracy: 1e-15)
  }

  func testCosineWithWarmup() {
    let schedule = CosineDecayWithWarmup(peak: 1, warmupEpochs: 4, totalEpochs: 14, minimum: 0.1)
    let expected: [(Int, Double)] = [
      (0, 0.25), (3, 1.0), (4, 1.0),
      (6, 0.1 + 0.45 * (1 + 0.80901699437494745)),  // p = 0.2, cos(0.2π) = (1 + √5)/4
      (9, 0.55),  // p = 0.5: halfway
      (14, 0.1), (20, 0.1),
    ]
    for (epoch, rate) in expected {
      XCTAssertEqual(schedule.learningRate(atEpoch: epoch), rate, accuracy: 1e-12, "epoch \(epoch)")
    }
  }

  func testReduceOnPlateauWithCooldownAndFloor() {
    var schedule = ReduceOnPlateau(
      initial: 1, factor: 0.5, patience: 2, minimumLearningRate: 0.2, cooldown: 1, minDelta: 0)
    let losses = [1.0] + Array(repeating: 0.9, count: 12)
    let rates = losses.map { schedule.step(loss: $0) }
    // Bad epochs 3 > patience 2 → halve; cooldown swallows one bad epoch; floor at 0.2.
    XCTAssertEqual(rates, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2])
    XCTAssertEqual(schedule.best, 0.9)
  }

  func testReduceOnPlateauImprovementResetsCount() {
    var schedule = ReduceOnPlateau(initial: 1, factor: 0.1, patience: 1, minDelta: 0.05)
    XCTAssertEqual(schedule.step(loss: 1), 1)
    XCTAssertEqual(schedule.step(loss: 0.97), 1)  // not better by 0.05: bad 1
    XCTAssertEqual(schedule.step(loss: 0.9), 1)  // better: reset
    XCTAssertEqual(schedule.step(loss: 0.9), 1)
    XCTAssertEqual(schedule.step(loss: 0.9), 0.1, accuracy: 1e-15)
  }
}
