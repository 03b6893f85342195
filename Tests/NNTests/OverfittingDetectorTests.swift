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
    // The lowest 3-epoch average is 2.3 (epochs 10–12: 2, 2.3, 2.6); v ≥ 3.3 first at epoch 15
    // (3.5; epoch 14 gives 3.2); known at 15 + W − 1 = 17.
    XCTAssertNil(onsets[15])  // epoch 16
    XCTAssertEqual(onsets[16], 15)  // epoch 17
    XCTAssertEqual(onsets.last, 15)
    let report = detector.report
    XCTAssertEqual(report.onsetEpoch, 15)
    XCTAssertEqual(report.validationMinimumEpoch, 10)
    XCTAssertEqual(report.validationMinimum, 2)
    XCTAssertEqual(report.gapAtValidationMinimum!, 2 - 1, accuracy: 1e-12)
    XCTAssertEqual(report.gapAtOnset!, 3.5 - 10.0 / 15, accuracy: 1e-12)
    XCTAssertEqual(report.epochsSeen, 40)
    XCTAssertTrue(report.description.hasPrefix("overfitting onset: epoch 15"), report.description)
  }

  /// Summed losses over splits of different sizes: the onset is found on the totals (Δ in loss
  /// units), the gaps and the minimum are read per row (totals over 4 and 2 rows differ by
  /// nothing meaningful).
  func testReportReadsGapsAtTheSplitsScales() {
    var plain = OverfittingDetector(window: 3, threshold: 1.0)
    var perRow = OverfittingDetector(window: 3, threshold: 1.0, trainingScale: 4, validationScale: 2)
    _ = run(&plain, epochs: 1...40, training: { 10 / Double($0) }, validation: risingValidation)
    _ = run(&perRow, epochs: 1...40, training: { 10 / Double($0) }, validation: risingValidation)
    XCTAssertEqual(perRow.report.onsetEpoch, plain.report.onsetEpoch)
    XCTAssertEqual(perRow.report.validationMinimumEpoch, 10)
    XCTAssertEqual(perRow.report.validationMinimum, 2.0 / 2)
    XCTAssertEqual(perRow.report.gapAtValidationMinimum!, 2.0 / 2 - 1.0 / 4, accuracy: 1e-12)
    XCTAssertEqual(perRow.report.gapAtOnset!, 3.5 / 2 - 10.0 / 15 / 4, accuracy: 1e-12)
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
      if epoch < 20 { return 5 }  // 2 above it: the early "onset" at 10
      if epoch < 30 { return 4 - 0.2 * Double(epoch - 20) }  // recovers to 2.2 at 29
      return epoch < 35 ? 2 : 3.5  // new minimum 2 at 30, then a lasting rise at 35
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
    _ = run(&late, epochs: 1...45, training: { 10 / Double($0) }) {
      $0 < 10 ? 12 - Double($0) : ($0 < 20 ? 5 : 4 - 0.05 * Double($0))
    }
    XCTAssertEqual(late.report.onsetEpoch, 10)
    XCTAssertNil(late.finalReport.onsetEpoch)
    XCTAssertEqual(late.finalReport.validationMinimumEpoch, 45)
  }

  /// Late full-batch Adam: a spike whose wake holds two unusually low validation values, then the
  /// ordinary level again while training still creeps down. Against the raw minimum (3.5) that
  /// level would be a rise of 1.5 from epoch 22; against the lowest 5-epoch average (4.4) it is not.
  func testTwoLowEpochsInASpikeWakeAreNoMinimumToRiseFrom() {
    let validation: (Int) -> Double = { epoch in
      if epoch < 10 { return 15 - Double(epoch) }  // down to the level 5 at epoch 10
      return epoch == 20 || epoch == 21 ? 3.5 : 5
    }
    var detector = OverfittingDetector(window: 5, threshold: 1.0)
    _ = run(&detector, epochs: 1...60, training: { 10 / Double($0) }, validation: validation)
    XCTAssertNil(detector.report.onsetEpoch)
    XCTAssertNil(detector.finalReport.onsetEpoch)
    XCTAssertEqual(detector.finalReport.validationMinimumEpoch, 20, "the low epochs still mark the minimum's stretch")
    // A lasting rise after the same wake is still found: 6.5 from epoch 40.
    var rising = OverfittingDetector(window: 5, threshold: 1.0)
    _ = run(&rising, epochs: 1...60, training: { 10 / Double($0) }) { $0 >= 40 ? 6.5 : validation($0) }
    XCTAssertEqual(rising.finalReport.onsetEpoch, 40)
  }

  /// A spike after the minimum: both losses jump, and on its falling flank training falls while
  /// validation is still high — the window rule holds there, and the running report says so. But
  /// validation comes back to its level, so the finished run reports no onset.
  func testSpikeFlankAfterTheMinimumIsNotAnOnset() {
    let spike: (Int) -> Double = { epoch in (30..<40).contains(epoch) ? 20 - 1.5 * Double(epoch - 30) : 0 }
    let training: (Int) -> Double = { 10 / Double($0) + spike($0) }
    let validation: (Int) -> Double = { ($0 < 10 ? 15 - Double($0) : 5) + spike($0) }
    var detector = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&detector, epochs: 1...60, training: training, validation: validation)
    XCTAssertEqual(
      detector.report.onsetEpoch, 33, "the flank: training's 3-epoch average falls once the jump has left it")
    XCTAssertNil(detector.finalReport.onsetEpoch)
    // The same spike, then a lasting rise from epoch 50: that is the onset.
    var rising = OverfittingDetector(window: 3, threshold: 1.0)
    _ = run(&rising, epochs: 1...60, training: training) { $0 >= 50 ? 7 : validation($0) }
    XCTAssertEqual(rising.finalReport.onsetEpoch, 50)
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
