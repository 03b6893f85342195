import Foundation
import NN
import Runs
import TensorCore
import XCTest

@testable import Cosmology

/// The cobaya, covariance and checkpoint crash and garbage classes of issue 17, each from a
/// small reproducer written here.
final class HostileInputTests: XCTestCase {
  private func write(_ text: String, _ name: String, in dir: URL) throws -> URL {
    let url = dir.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// A 10-byte covmat declaring N = 99999 asked for 80 GB and aborted.
  func testACovarianceLargerThanItsFileIsRefusedBeforeAllocating() throws {
    let url = try write("99999\n1 2\n", "tiny.cov", in: try TestPaths.temporaryDirectory(self))
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: url)) { error in
      XCTAssertTrue(
        "\(error)".hasSuffix(
          "tiny.cov: N = 99999 needs 9999800001 values, but the 10 bytes of the file hold at most 5"), "\(error)")
    }
  }

  func testNegativeVariancesAreRefused() throws {
    let url = try write("2\n-1\n0\n0\n1\n", "negative.cov", in: try TestPaths.temporaryDirectory(self))
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: url)) { error in
      XCTAssertEqual("\(error)", "negative.cov: covariance diagonal C[0,0] = -1.0; a variance must be ≥ 0")
    }
  }

  /// A three-row sample whose covariance has rows 1 and 2 correlated to 1 − 1e-14 was fitted and
  /// reported Ωm ± 0.0000; it is now refused naming the row and its pivot.
  private func union3Copy(covariance: String? = nil, dataset: String? = nil) throws -> URL {
    let dir = try TestPaths.temporaryDirectory(self)
    let source = TestPaths.union3Dataset.deletingLastPathComponent()
    for name in ["full_long.dataset", "lcparam_full.txt", "mag_covmat.txt"] {
      try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    if let covariance {
      try covariance.write(to: dir.appendingPathComponent("mag_covmat.txt"), atomically: true, encoding: .utf8)
    }
    if let dataset {
      try dataset.write(to: dir.appendingPathComponent("full_long.dataset"), atomically: true, encoding: .utf8)
    }
    return dir.appendingPathComponent("full_long.dataset")
  }

  func testANumericallySingularCovarianceIsRefusedNamingItsSmallestPivot() throws {
    let n = 22
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n { c[i * n + i] = 0.01 }
    c[1 * n + 2] = 0.01 * (1 - 1e-14)
    c[2 * n + 1] = c[1 * n + 2]
    let text = "\(n)\n" + c.map { "\($0)" }.joined(separator: "\n") + "\n"
    XCTAssertThrowsError(try SupernovaSample.cobaya(dataset: try union3Copy(covariance: text))) { error in
      XCTAssertTrue(
        "\(error)".hasPrefix(
          "mag_covmat.txt: covariance (22×22) is numerically singular: the smallest Cholesky pivot of its correlation matrix, at row 2 (0-based), leaves"
        ),
        "\(error)")
    }
    // The real file passes.
    XCTAssertNoThrow(try SupernovaSample.cobaya(dataset: try union3Copy()))
  }

  /// Found by the fuzz campaign: a variance of 4.9e-324 made σᵢ² overflow in the scaling to a
  /// correlation matrix, and an infinite diagonal passed the pivot test.
  func testATinyVarianceBesideCorrelatedRowsIsRefused() throws {
    let c = [0.0086, 0.0078, 0.0078, 4.9e-324]
    let url = try write(
      "2\n" + c.map { "\($0)" }.joined(separator: "\n") + "\n", "tiny-variance.cov",
      in: try TestPaths.temporaryDirectory(self))
    XCTAssertThrowsError(try CovarianceMatrix(contentsOf: url).checkConditioning()) { error in
      XCTAssertEqual(
        "\(error)",
        "tiny-variance.cov: covariance (2×2 after row selection) is not positive definite: Cholesky failed at pivot 2 (selected row 1, 0-based)"
      )
    }
  }

  /// `cosmo fit` on a Pantheon+ table refuses a singular covariance before training, as `lcdm` does.
  func testTheRegressionDataRefusesASingularCovariance() throws {
    let lines = try String(contentsOf: TestPaths.pantheonTable, encoding: .utf8).split(separator: "\n")
    let table = try write(
      lines[0...5].joined(separator: "\n") + "\n", "five.dat", in: try TestPaths.temporaryDirectory(self))
    var c = [Double](repeating: 0, count: 25)
    for i in 0..<5 { c[i * 5 + i] = 0.02 }
    (c[3 * 5 + 4], c[4 * 5 + 3]) = (0.02, 0.02)  // rows 3 and 4 identical
    let singular = CovarianceMatrix(order: 5, values: c, path: "singular.cov")
    XCTAssertThrowsError(
      try RegressionData.pantheon(
        table: table, target: "m_b_corr", redshift: "zHD", features: [],
        covariance: singular, zmin: 0)
    ) { error in
      XCTAssertTrue("\(error)".hasPrefix("singular.cov: covariance"), "\(error)")
    }
  }

  /// A `.dataset` could name any absolute path or `../` chain.
  func testDatasetsNameFilesOnlyInsideTheirFolder() throws {
    for path in ["/etc/passwd", "../../../../etc/passwd", "../lcparam_full.txt", "sub/../../lcparam_full.txt"] {
      let url = try union3Copy(dataset: "name = Evil\ndata_file = \(path)\n")
      XCTAssertThrowsError(try CobayaDataset(contentsOf: url)) { error in
        XCTAssertEqual(
          "\(error)",
          "full_long.dataset:2: data_file '\(path)' leads outside the dataset's folder "
            + "\(url.deletingLastPathComponent().standardizedFileURL.path); name a file inside it")
      }
    }
  }

  /// pecz with a row at z = 0 made an infinite variance.
  func testAnInfiniteDiagonalTermIsRefused() throws {
    let url = try union3Copy(dataset: "data_file = lcparam_full.txt\npecz = 0.001\n")
    let table = url.deletingLastPathComponent().appendingPathComponent("lcparam_full.txt")
    let text = try String(contentsOf: table, encoding: .utf8).replacingOccurrences(
      of: "bin00 0.050000", with: "bin00 0.0")
    try text.write(to: table, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try SupernovaSample.cobaya(dataset: url)) { error in
      XCTAssertTrue(
        "\(error)".contains("row 0 (bin00): the diagonal term dmb² + intrinsicdisp² + σ_z² is inf"), "\(error)")
    }
  }

  /// A run folder whose checkpoint metadata says `members = 9223372036854775807` gave a heap write
  /// (SIGSEGV) while the ensemble was built; other forged claims likewise.
  func testCheckpointsAreCheckedAgainstTheArchitectureTheyClaim() throws {
    let dir = try TestPaths.temporaryDirectory(self)
    let run = try RunDirectory(dir)
    var config = CosmoFitConfig()
    config.folds = 1
    try config.write(to: run.config)
    let report = #"""
      {"command": "cosmo fit", "version": 1, "covariance": {"kind": "diagonal"}, "cv_chi2_per_n": 0.45,
       "data": {"path": "t.dat", "sha256": "0"}, "features": [], "lcdm_cv_chi2_per_n": 0.45,
       "folds": [{"fold": 0, "train_rows": 10, "val_rows": 5, "train_chi2_per_n": 0.4, "val_chi2_per_n": 0.5, "epochs_run": 10,
                  "best_epoch": 9, "overfit_onset_epoch": null, "validation_minimum_epoch": 9, "overfitting": "none"}],
       "lcdm": {"omega_m": 0.35, "omega_m_lo": 0.33, "omega_m_hi": 0.37, "chi2": 7, "dof": 13, "rows": 15, "offset_mag": 43.1,
                "linear_terms": {}},
       "mean_slopes": {"zCMB": 2.1}, "notes": [], "redshift_input": "zCMB", "rows": 15, "seconds": 1, "target": "m_b_corr"}
      """#
    try Data(report.utf8).write(to: run.report)
    let file = run.checkpoints.appendingPathComponent("fold-0/best.safetensors")
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    let architecture =
      #"{"activation":"tanh","command":"cosmo fit fold","dropout":0,"fold":0,"members":2,"seed":1,"#
      + #""standardisation":{"inputMean":[0],"inputScale":[1],"targetMean":0,"targetScale":1},"version":1,"widths":[1,4,1]}"#
    func save(
      _ replacing: (String, String)? = nil,
      weights: BatchedEnsemble = BatchedEnsemble(widths: [1, 4, 1], members: [0, 1])
    ) throws {
      let text = replacing.map { architecture.replacingOccurrences(of: $0.0, with: $0.1) } ?? architecture
      if let replacing { XCTAssertNotEqual(text, architecture, "\(replacing)") }
      try Checkpoint(model: weights, metadata: ["architecture": text]).write(to: file)
    }
    try save()
    XCTAssertEqual(try TrainedRun(dir).folds[0].model.memberCount, 2)
    let forged: [((String, String), String)] = [
      (
        ("\"members\":2", "\"members\":9223372036854775807"),
        "claims widths 1,4,1 × 9223372036854775807 members, outside what any network here can be"
      ),
      (("\"members\":2", "\"members\":3"), "claims widths 1,4,1 × 3 members, 39 parameters, but stores 26"),
      (("[1,4,1]", "[1,4000000000,1]"), "outside what any network here can be"),
      (("\"dropout\":0", "\"dropout\":1.5"), "dropout 1.5 is not in [0, 1)"),
      (("\"inputScale\":[1]", "\"inputScale\":[0]"), "positive finite scales"),
      (("\"fold\":0", "\"fold\":1"), "best.safetensors: checkpoint metadata: records fold 1, not 0"),
      // A missing, mistyped or unknown field is named.
      (("\"dropout\":0,", ""), "best.safetensors metadata 'architecture': key 'dropout' is missing"),
      (("[1,4,1]", "[1,\"x\",1]"), "best.safetensors metadata 'architecture': key 'widths[1]' must be an integer"),
      (("\"members\":2", "\"members\":\"2\""), "metadata 'architecture': key 'members' must be an integer"),
      (("\"tanh\"", "\"tanhh\""), "metadata 'architecture': key 'activation' must be a valid value"),
      (
        ("\"targetMean\":0", "\"targetMean\":0,\"targetMedian\":0"),
        "metadata 'architecture': unknown key 'standardisation.targetMedian'"
      ),
      (("\"seed\":1", "\"seed\":-1"), "key 'seed' must be a number its type can hold"),
    ]
    for (change, expected) in forged {
      try save(change)
      XCTAssertThrowsError(try TrainedRun(dir), "\(change)") { XCTAssertTrue("\($0)".contains(expected), "\($0)") }
    }
    var poisoned = BatchedEnsemble(widths: [1, 4, 1], members: [0, 1])
    poisoned.biases[0] = poisoned.biases[0] * Double.nan
    try save(weights: poisoned)
    XCTAssertThrowsError(try TrainedRun(dir)) {
      XCTAssertTrue("\($0)".contains("tensor 'layers.0.bias' element 0 is nan"), "\($0)")
    }
    try save()
    let written = String(decoding: try Data(contentsOf: run.config), as: UTF8.self)
    // Found by the fuzz campaign: a trap in options().
    try written.replacingOccurrences(of: "\"seed\" : 1", with: "\"seed\" : -1").write(
      to: run.config, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try TrainedRun(dir)) {
      XCTAssertTrue(
        "\($0)".contains(
          "config.json: key 'seed' must be a number its type can hold (an integer, non-negative where it counts); got -1"
        ), "\($0)")
    }
    try written.replacingOccurrences(of: "\"folds\" : 1", with: "\"folds\" : -3").write(
      to: run.config, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try TrainedRun(dir)) {
      XCTAssertTrue("\($0)".contains("'folds' is -3, expected an integer 1…1000"), "\($0)")
    }
    // A missing seed used to be read as 1, which recomputes other folds.
    try written.replacingOccurrences(of: "\"seed\" : 1,", with: "").write(
      to: run.config, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try TrainedRun(dir)) {
      XCTAssertTrue("\($0)".hasSuffix("config.json: key 'seed' is missing"), "\($0)")
    }
  }
  /// Checkpoints written before the `architecture` key hold the same fields as loose strings;
  /// they still load, with the same checks.
  func testCheckpointsWithTheEarlierLooseKeysStillLoad() throws {
    let dir = try TestPaths.temporaryDirectory(self)
    let run = try RunDirectory(dir)
    var config = CosmoFitConfig()
    config.folds = 1
    try config.write(to: run.config)
    let file = run.checkpoints.appendingPathComponent("fold-0/best.safetensors")
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    let standardisation = #"{"inputMean":[0.5],"inputScale":[2],"targetMean":22,"targetScale":1.5}"#
    let weights = BatchedEnsemble(widths: [1, 4, 1], members: [7, 8], activation: .relu)
    func save(_ changes: [String: String]) throws {
      let meta = [
        "widths": "1,4,1", "activation": "relu", "dropout": "0.0", "members": "2", "standardisation": standardisation,
      ]
      try Checkpoint(model: weights, metadata: meta.merging(changes) { $1 }).write(to: file)
    }
    try save([:])
    let architecture = try FoldArchitecture.read(
      metadata: try Checkpoint.read(from: file).metadata, file: file.path, fold: 0, seed: 5)
    XCTAssertEqual(architecture.widths, [1, 4, 1])
    XCTAssertEqual(architecture.activation, .relu)
    XCTAssertEqual(architecture.members, 2)
    XCTAssertEqual(architecture.seed, 5)
    XCTAssertEqual(architecture.standardisation.inputMean, [0.5])
    XCTAssertEqual(architecture.standardisation.targetScale, 1.5)
    let fold = try TrainedRun.fold(0, from: file, seed: 1)
    XCTAssertEqual(fold.model.parameters.map(\.scalars), weights.parameters.map(\.scalars))
    XCTAssertEqual(fold.model.activation, .relu)
    let forged: [([String: String], String)] = [
      (
        ["members": "9223372036854775807"],
        "claims widths 1,4,1 × 9223372036854775807 members, outside what any network here can be"
      ),
      (["widths": "1,x,1"], "best.safetensors metadata: key 'widths' must be comma-separated integers; got '1,x,1'"),
      (["dropout": "nan"], "best.safetensors metadata: dropout nan is not in [0, 1)"),
      (["activation": "swish"], "key 'activation' must be an activation name; got 'swish'"),
      (["fold": "3"], "records fold 3, not 0"),
    ]
    for (change, expected) in forged {
      try save(change)
      XCTAssertThrowsError(try TrainedRun.fold(0, from: file, seed: 1), "\(change)") {
        XCTAssertTrue("\($0)".contains(expected), "\($0)")
      }
    }
    try Checkpoint(model: weights, metadata: ["widths": "1,4,1"]).write(to: file)
    XCTAssertThrowsError(try TrainedRun.fold(0, from: file, seed: 1)) {
      XCTAssertTrue("\($0)".hasSuffix("best.safetensors metadata: key 'activation' is missing"), "\($0)")
    }
  }
}
