import NN
import Plot
import Runs
import XCTest

final class LearningCurveTests: XCTestCase {
  /// Training falls by one a epoch; validation is a parabola with its minimum, 100, at epoch 50.
  private func history(epochs: Int) -> [EpochMetrics] {
    (1...epochs).map { e in
      EpochMetrics(
        epoch: e, trainingLoss: 500 - Double(e), validationLoss: 100 + 0.01 * Double((e - 50) * (e - 50)),
        learningRate: 1e-2)
    }
  }

  func testDetectorScaleShowsEachLossFromItsBestEpochValueBesideTheThreshold() throws {
    let figure = try XCTUnwrap(
      detectorScaleFigure(history(epochs: 100), lossLabel: "χ²", bestEpoch: 50, overfitOnset: 60, threshold: 1))
    let training = figure.series[0]
    let validation = figure.series[1]
    let threshold = figure.series[2]
    XCTAssertEqual(training.columns[0], (1...100).map(Double.init))
    XCTAssertEqual(training.columns[1][49], 0)
    XCTAssertEqual(training.columns[1][99], -50)
    XCTAssertEqual(validation.columns[1][49], 0)
    XCTAssertEqual(validation.columns[1][99], 25, accuracy: 1e-12)
    XCTAssertEqual(threshold.columns[1], [1, 1])
    XCTAssertEqual(threshold.label, "Δχ² = 1.0 (threshold)")
    XCTAssertEqual(figure.markers.map(\.x), [50, 60])
    // Validation rises by 25 after its best epoch: the axis stops at 1.2 · 5Δ, so a spike cannot
    // squash the rise through Δ flat, and starts at −Δ.
    XCTAssertEqual(figure.yRange, -1...6)
  }

  func testWithoutARiseTheAxisStillShowsTheThreshold() throws {
    let figure = try XCTUnwrap(
      detectorScaleFigure(history(epochs: 50), lossLabel: "loss", bestEpoch: 50, overfitOnset: nil, threshold: 0.5))
    XCTAssertEqual(figure.yRange, -0.5...1)
    XCTAssertEqual(figure.markers.map(\.label), ["best epoch 50"])
    XCTAssertEqual(figure.yLabel, "Δloss from the best epoch")
  }

  func testNoFigureWithoutABestEpochThatWasValidated() {
    XCTAssertNil(
      detectorScaleFigure(history(epochs: 10), lossLabel: "χ²", bestEpoch: nil, overfitOnset: nil, threshold: 1))
    let unvalidated = history(epochs: 10).map {
      EpochMetrics(epoch: $0.epoch, trainingLoss: $0.trainingLoss, validationLoss: nil, learningRate: 0)
    }
    XCTAssertNil(detectorScaleFigure(unvalidated, lossLabel: "χ²", bestEpoch: 5, overfitOnset: nil, threshold: 1))
  }
}
