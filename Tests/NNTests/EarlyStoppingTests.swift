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
}
