import XCTest

@testable import NN

final class OverfittingDetectorTests: XCTestCase {
  /// Validation falls to 2 at epoch 10, then rises 0.3 per epoch; training 10/e keeps falling.
  private func risingValidation(_ epoch: Int) -> Double {
    epoch <= 10 ? 12 - Double(epoch) : 2 + 0.3 * Double(epoch - 10)
  }

  private func run(
    _ detector: inout OverfittingDetector, epochs: ClosedRange<Int>,
    training: (Int) -> Double, validation: (Int) -> Double
  ) -> [Int?] {
    epochs.map { detector.observe(epoch: $0, trainingLoss: training($0), validationLoss: validation($0)) }
  }

  func testOnsetIsFirstEpochOfSustainedRiseWhileTrainingFalls() {
    var detector = OverfittingDetector(window: 3, threshold: 1.0)
    let onsets = run(&detector, epochs: 1...40, training: { 10 / Double($0) }, validation: risingValidation)
    // v − 2 ≥ 1 first at epoch 14 (0.3·4 = 1.2; epoch 13 gives 0.9); known at 14 + W − 1 = 16.
    XCTAssertNil(onsets[14])  // epoch 15
    XCTAssertEqual(onsets[15], 14)  // epoch 16
    XCTAssertEqual(onsets.last, 14)
    let report = detector.report
    XCTAssertEqual(report.onsetEpoch, 14)
    XCTAssertEqual(report.validationMinimumEpoch, 10)
    XCTAssertEqual(report.validationMinimum, 2)
    XCTAssertEqual(report.gapAtValidationMinimum!, 2 - 1, accuracy: 1e-12)
    XCTAssertEqual(report.gapAtOnset!, 3.2 - 10.0 / 14, accuracy: 1e-12)
    XCTAssertEqual(report.epochsSeen, 40)
    XCTAssertTrue(report.description.hasPrefix("overfitting onset: epoch 14"), report.description)
  }

  func testNoOnsetWhileValidationKeepsImproving() {
    var detector = OverfittingDetector()
    _ = run(&detector, epochs: 0...49, training: { 5 - 0.05 * Double($0) }, validation: { 6 - 0.05 * Double($0) })
    XCTAssertNil(detector.report.onsetEpoch)
    XCTAssertEqual(detector.report.validationMinimumEpoch, 49)
    XCTAssertTrue(detector.report.description.contains("none within 50 epochs"), detector.report.description)
  }

  func testStalledTrainingIsNotOverfitting() {
    var detector = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&detector, epochs: 1...40, training: { 10 / Double(min($0, 10)) }, validation: risingValidation)
    XCTAssertNil(detector.report.onsetEpoch)
  }

  func testShortSpikesAreIgnoredAndASustainedRiseIsFound() {
    // Flat validation minimum 2 from epoch 10 (first occurrence wins); spikes of +1.5 at
    // epochs 20–21 last fewer than W = 3 epochs; from epoch 30 the rise is sustained.
    let validation: (Int) -> Double = { epoch in
      if epoch < 10 { return 12 - Double(epoch) }
      if epoch == 20 || epoch == 21 || epoch >= 30 { return 3.5 }
      return 2
    }
    var detector = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&detector, epochs: 1...40, training: { 10 / Double($0) }, validation: validation)
    XCTAssertEqual(detector.report.onsetEpoch, 30)
    XCTAssertEqual(detector.report.validationMinimumEpoch, 10)
  }

  /// Early ringing: validation rises for a while and then falls to a new minimum. The running
  /// report flags it; the final report counts only the rise after the overall minimum.
  func testFinalReportCountsOnlyTheRiseAfterTheOverallMinimum() {
    let validation: (Int) -> Double = { epoch in
      if epoch < 10 { return 12 - Double(epoch) }  // minimum 3 at epoch 9
      if epoch < 20 { return 5 }                     // 2 above it: the early "onset" at 10
      if epoch < 30 { return 4 - 0.2 * Double(epoch - 20) }  // recovers to 2.2 at 29
      return epoch < 35 ? 2 : 3.5                    // new minimum 2 at 30, then a lasting rise at 35
    }
    var detector = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&detector, epochs: 1...45, training: { 10 / Double($0) }, validation: validation)
    XCTAssertEqual(detector.report.onsetEpoch, 10)
    let final = detector.finalReport
    XCTAssertEqual(final.validationMinimumEpoch, 30)
    XCTAssertEqual(final.onsetEpoch, 35)
    XCTAssertEqual(final.gapAtOnset!, 3.5 - 10.0 / 35, accuracy: 1e-12)
    // A minimum at the very end leaves no room for a window: no onset.
    var late = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&late, epochs: 1...45, training: { 10 / Double($0) }) { $0 < 10 ? 12 - Double($0) : ($0 < 20 ? 5 : 4 - 0.05 * Double($0)) }
    XCTAssertEqual(late.report.onsetEpoch, 10)
    XCTAssertNil(late.finalReport.onsetEpoch)
    XCTAssertEqual(late.finalReport.validationMinimumEpoch, 45)
  }

  func testMovingAverageSmoothsZigzagTraining() {
    // Training zigzags (+0.5 on even epochs) but its 2-epoch average falls every epoch.
    let training: (Int) -> Double = { 10 / Double($0) + ($0 % 2 == 0 ? 0.5 : 0) }
    var smoothed = OverfittingDetector(window: 2, threshold: 1.0)
    _ = run(&smoothed, epochs: 1...40, training: training, validation: risingValidation)
    XCTAssertEqual(smoothed.report.onsetEpoch, 14)
    // With W = 1 the raw loss must fall: it rises into even epoch 14, so the onset is 15.
    var raw = OverfittingDetector(window: 1, threshold: 1.0)
    _ = run(&raw, epochs: 1...40, training: training, validation: risingValidation)
    XCTAssertEqual(raw.report.onsetEpoch, 15)
  }

  func testNaNValidationNeverCountsAndDoesNotPoisonTheMinimum() {
    var detector = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&detector, epochs: 1...40, training: { 10 / Double($0) }) {
      $0 == 5 || $0 == 15 ? .nan : self.risingValidation($0)
    }
    // Epoch 15 is inside every window starting at 13–15, so the first clean window is 16–18.
    XCTAssertEqual(detector.report.onsetEpoch, 16)
    XCTAssertEqual(detector.report.validationMinimumEpoch, 10)
  }
}
