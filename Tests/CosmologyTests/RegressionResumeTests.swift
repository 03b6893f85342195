import Cosmology
import Foundation
import NN
import Runs
import TensorCore
import XCTest

/// `cosmo fit` killed (simulated: a callback throws after the epoch's checkpoint and CSV row)
/// before, between and after its checkpoints, in either fold, then resumed: every checkpoint
/// and metrics CSV equals an uninterrupted run's, byte for byte, and so do the fold results.
final class RegressionResumeTests: XCTestCase {
  struct SimulatedKill: Error {}

  final class KillAt: TrainingCallback {
    let epoch: Int
    init(_ epoch: Int) { self.epoch = epoch }
    func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
      if event == .validationEnd && loop.epoch == epoch { throw SimulatedKill() }
    }
  }

  /// 120 rows on a curve with noise, 2 folds × 2 members, 210 epochs (checkpoints at 99, 199, 209).
  private func regression(resume: Bool) -> SupernovaRegression {
    var generator = RandomGenerator(seed: 5)
    let z = (0..<120).map { 0.01 + 1.5 * Double($0) / 120 }
    let noise = (0..<120).map { _ in generator.normal() * 0.15 }
    let mu = zip(z, noise).map { 5 * Foundation.log10($0 * 4300 * (1 + $0 / 2)) + 25 - 19.3 + $1 }
    let sample = SupernovaSample(
      names: z.indices.map { "SN\($0)" }, distanceRedshift: z, heliocentricRedshift: z, magnitude: mu,
      covariance: CovarianceMatrix(diagonalErrors: [Double](repeating: 0.15, count: 120)))
    let data = RegressionData(sample: sample, redshiftName: "zCMB", targetName: "m_b_corr")
    var options = SupernovaRegression.Options()
    (options.hidden, options.epochs, options.folds, options.ensemble, options.showProgress) = ([8], 210, 2, 2, false)
    options.learningRate = 0.03
    options.resume = resume
    return SupernovaRegression(data: data, options: options)
  }

  private func files(_ run: RunDirectory) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for folder in [run.checkpoints, run.metrics] {
      let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
      while let url = walker?.nextObject() as? URL {
        guard ["safetensors", "csv"].contains(url.pathExtension) else { continue }
        files[String(url.path.dropFirst(run.root.path.count))] = try Data(contentsOf: url)
      }
    }
    return files
  }

  func testKilledAndResumedFitsEndBitIdentical() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("regression-resume-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let straightRun = try RunDirectory(root.appendingPathComponent("straight"))
    let straight = try regression(resume: false).crossValidate(run: straightRun)
    let expected = try files(straightRun)
    XCTAssertEqual(expected.count, 2 * 2 + 2)

    // (fold, epoch): before the first checkpoint, just after one, between, at the end of fold 0, in fold 1.
    for (fold, epoch) in [(0, 50), (0, 99), (0, 150), (0, 209), (1, 120)] {
      let run = try RunDirectory(root.appendingPathComponent("kill-\(fold)-\(epoch)"))
      XCTAssertThrowsError(
        try regression(resume: false).crossValidate(run: run, extraCallbacks: { $0 == fold ? [KillAt(epoch)] : [] }))
      let resumed = try regression(resume: true).crossValidate(run: run)
      XCTAssertEqual(try files(run), expected, "killed in fold \(fold) at epoch \(epoch)")
      for (a, b) in zip(resumed, straight) {
        XCTAssertEqual(a.validationChiSquarePerRow.bitPattern, b.validationChiSquarePerRow.bitPattern, "fold \(a.fold)")
        XCTAssertEqual(a.bestEpoch, b.bestEpoch)
        XCTAssertEqual(a.overfitting.onsetEpoch, b.overfitting.onsetEpoch)
      }
    }
  }
}
