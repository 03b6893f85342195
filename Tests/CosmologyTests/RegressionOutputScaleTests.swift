import Cosmology
import Foundation
import NN
import Runs
import TensorCore
import XCTest

/// What a user reads of a fold's loss has one name and one scale: the metrics CSV holds the
/// training loss (a χ² summed over rows) per row, under the names the JSON-lines stream uses;
/// the running rise is not called an onset; the best checkpoint's epoch is the best epoch.
final class RegressionOutputScaleTests: XCTestCase {
  func testMetricsCSVAndCheckpointReadPerRowAndFromZero() throws {
    var generator = RandomGenerator(seed: 7)
    let z = (0..<60).map { 0.01 + 1.5 * Double($0) / 60 }
    let mu = z.map { 5 * Foundation.log10($0 * 4300 * (1 + $0 / 2)) + 25 - 19.3 + generator.normal() * 0.15 }
    let sample = SupernovaSample(
      names: z.indices.map { "SN\($0)" }, distanceRedshift: z, heliocentricRedshift: z, magnitude: mu,
      covariance: CovarianceMatrix(diagonalErrors: [Double](repeating: 0.15, count: 60)))
    let data = RegressionData(sample: sample, redshiftName: "zCMB", targetName: "m_b_corr")
    var options = SupernovaRegression.Options()
    (options.hidden, options.epochs, options.folds, options.ensemble, options.showProgress) = ([4], 30, 2, 1, false)
    options.learningRate = 0.03
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("regression-scale-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try RunDirectory(root)
    let fold = try XCTUnwrap(SupernovaRegression(data: data, options: options).crossValidate(run: run).first)

    let csv = try String(contentsOf: run.metrics.appendingPathComponent("fold-0.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    XCTAssertEqual(lines.first, "epoch,train_chi2_per_n,val_chi2_per_n,learning_rate,rise_onset")
    let last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false)
    let metrics = try XCTUnwrap(fold.history.last)
    XCTAssertEqual(Int(last[0]), 29)
    XCTAssertEqual(Double(last[1]), metrics.trainingLoss / Double(fold.trainingRows.count))
    XCTAssertEqual(Double(last[2]), try XCTUnwrap(metrics.validationLoss) / Double(fold.validationRows.count))

    let best = try Checkpoint.read(from: run.checkpoints.appendingPathComponent("fold-0/best.safetensors"))
    XCTAssertEqual(best.metadata["epoch"], fold.bestEpoch.map(String.init))
    XCTAssertEqual(best.metadata["best_epoch"], fold.bestEpoch.map(String.init))
    let lastCheckpoint = try Checkpoint.read(from: run.checkpoints.appendingPathComponent("fold-0/last.safetensors"))
    XCTAssertEqual(lastCheckpoint.metadata["epoch"], "29")
    // The fold's architecture is one typed record, read back as written.
    XCTAssertEqual(Set(best.metadata.keys), ["architecture", "best_epoch", "epoch"])
    let architecture = try FoldArchitecture.read(metadata: best.metadata, file: "best", fold: 0, seed: 99)
    XCTAssertEqual(
      architecture,
      FoldArchitecture(
        fold: 0, widths: [1, 4, 1], activation: options.activation, dropout: options.dropout,
        members: 1, standardisation: fold.standardisation, seed: options.seed))
  }

  func testProgressLineReadsTheNamingsScale() throws {
    var lines: [String] = []
    let naming = SupernovaRegression.chiSquarePerRow(trainingRows: 4, validationRows: 2)
    let progress = ProgressCallback(naming: naming) {
      ProgressBar(totalEpochs: $0, output: { lines.append($0) }, isTerminal: false, minimumLineInterval: 0)
    }
    var generator = RandomGenerator(seed: 1)
    let model = MLP(widths: [1, 2, 1], generator: &generator)
    let x = Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
    let loop = try Trainer(epochs: 1, rowCount: 4, callbacks: [progress])
      .fit(
        model, optimizer: SGD(for: model.parameters, learningRate: 0), generator: generator,
        trainingLoss: { m, _, c in (m(x, context: c) - x).squared().sum() },
        validationLoss: { _ in 3 })
    let total = try XCTUnwrap(loop.history.first).trainingLoss
    let text = lines.joined()
    XCTAssertTrue(text.contains("χ²/N \(String(format: "%.4f", total / 4)) val 1.5000"), text)
  }
}
