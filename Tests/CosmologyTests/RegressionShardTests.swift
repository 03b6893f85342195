import Cosmology
import Foundation
import NN
import Runs
import TensorCore
import XCTest

/// Folds trained as shards equal the whole run's, and rebuilding folds from checkpoints
/// (`finishedOnly`, what `cosmo gather` does) refuses any fold that would need training.
final class RegressionShardTests: XCTestCase {
  /// 90 rows on a curve with noise, 3 folds × 2 members.
  private func regression(epochs: Int, finishedOnly: Bool = false) -> SupernovaRegression {
    var generator = RandomGenerator(seed: 3)
    let z = (0..<90).map { 0.01 + 1.5 * Double($0) / 90 }
    let mu = z.map { 5 * Foundation.log10($0 * 4300 * (1 + $0 / 2)) + 25 - 19.3 + generator.normal() * 0.15 }
    let sample = SupernovaSample(
      names: z.indices.map { "SN\($0)" }, distanceRedshift: z, heliocentricRedshift: z, magnitude: mu,
      covariance: CovarianceMatrix(diagonalErrors: [Double](repeating: 0.15, count: 90)))
    let data = RegressionData(sample: sample, redshiftName: "zCMB", targetName: "m_b_corr")
    var options = SupernovaRegression.Options()
    (options.hidden, options.epochs, options.folds, options.ensemble, options.showProgress) = ([6], epochs, 3, 2, false)
    options.finishedOnly = finishedOnly
    return SupernovaRegression(data: data, options: options)
  }

  func testShardsTrainTheirFoldsAsTheWholeRunDoes() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("regression-shards-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let whole = try regression(epochs: 40).crossValidate(run: RunDirectory(root.appendingPathComponent("whole")))
    let run = try RunDirectory(root.appendingPathComponent("shard"))
    let shard = try regression(epochs: 40).crossValidate(run: run, shard: Shard(index: 1, count: 2))
    XCTAssertEqual(shard.map(\.fold), [1])
    XCTAssertEqual(shard[0].validationChiSquarePerRow.bitPattern, whole[1].validationChiSquarePerRow.bitPattern)
    XCTAssertEqual(shard[0].model.parameters.map(\.scalars), whole[1].model.parameters.map(\.scalars))

    // Rebuilt from its checkpoint, nothing trained: the same fold again.
    let rebuilt = try regression(epochs: 40, finishedOnly: true).crossValidate(
      run: run, shard: Shard(index: 1, count: 2))
    XCTAssertEqual(rebuilt[0].validationChiSquarePerRow.bitPattern, whole[1].validationChiSquarePerRow.bitPattern)
    XCTAssertEqual(rebuilt[0].history, whole[1].history)
  }

  func testRebuildingRefusesAFoldThatWouldTrain() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "regression-unfinished-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try RunDirectory(root)
    _ = try regression(epochs: 30).crossValidate(run: run, shard: Shard(index: 0, count: 3))
    // As a shard killed after 30 of 40 epochs.
    XCTAssertThrowsError(
      try regression(epochs: 40, finishedOnly: true).crossValidate(run: run, shard: Shard(index: 0, count: 3))
    ) {
      XCTAssertEqual(
        "\($0)",
        "fit failed: fold 0 is unfinished: its checkpoint ends at epoch 30 of 0…39; finish its shard with --resume first"
      )
    }
    // A fold with no checkpoint at all.
    XCTAssertThrowsError(
      try regression(epochs: 30, finishedOnly: true).crossValidate(run: run, shard: Shard(index: 1, count: 3))
    ) {
      XCTAssertTrue("\($0)".contains("fold 1 has no checkpoint"), "\($0)")
    }
  }
}
