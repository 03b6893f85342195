import ArgumentParser
import CommandSupport
import Cosmology
import Foundation
import NN
import XCTest

@testable import CosmoCLI

/// `cosmo fit --config FILE`: the file gives any option, the command line overrides it, unknown
/// keys are named, and a run's own config.json reproduces the run byte for byte.
final class FitConfigFileTests: XCTestCase {
  private var folder: URL!
  private let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Data/Pantheon+SH0ES.dat").standardizedFileURL

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func file(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  private func parse(_ arguments: [String]) throws -> FitCommand {
    let expanded = try FitCommand.configArguments().expand(arguments)
    XCTAssertEqual(expanded.first, "fit")
    return try FitCommand.parse(Array(expanded.dropFirst()))
  }

  func testYAMLGivesOptionsAndTheCommandLineOverridesThem() throws {
    let yaml = try file(
      "fit.yaml",
      """
      # a cosmo fit configuration
      epochs: 300
      lr: 0.02
      weight-decay: 1e-4
      amsgrad: true
      features: [x1, c]
      hidden: [16, 16]
      seed: 18446744073709551615
      """)
    let fit = try parse(["fit", "--config", yaml, "--epochs", "50", "--no-amsgrad"])
    XCTAssertEqual(fit.epochs, 50)
    XCTAssertEqual(fit.lr, 0.02)
    XCTAssertEqual(fit.weightDecay, 1e-4)
    XCTAssertFalse(fit.amsgrad)
    XCTAssertEqual(fit.features, "x1,c")
    XCTAssertEqual(fit.hidden, "16,16")
    XCTAssertEqual(fit.seed, UInt64.max)
    XCTAssertNil(fit.config)
    XCTAssertTrue(try parse(["fit", "--config=\(yaml)"]).amsgrad)
  }

  func testBadFilesAreNamedWithTheirKey() throws {
    func message(_ text: String, name: String = "bad.yaml") throws -> String {
      let path = try file(name, text)
      do {
        _ = try parse(["fit", "--config", path])
        return "accepted"
      } catch { return "\(error)" }
    }
    let path = folder.appendingPathComponent("bad.yaml").path
    XCTAssertEqual(try message("epoch: 3\n"), "\(path): unknown key 'epoch' (did you mean 'epochs'?)")
    XCTAssertEqual(try message("colour: red\n"), "\(path): unknown key 'colour'")
    XCTAssertEqual(try message("amsgrad: 3\n"), "\(path): key 'amsgrad' must be true or false")
    XCTAssertEqual(try message("command: gnn train\n"), "\(path): a configuration of 'gnn train', not 'cosmo fit'")
    XCTAssertEqual(
      try message("- 1\n- 2\n"),
      "\(path): not a configuration: the top level must be a mapping of option names to values")
    XCTAssertEqual(try message("lr: [1, [2]]\n"), "\(path): key 'lr' must be a list of plain values")
    XCTAssertEqual(
      try message("{\"epochs\": 3, \"epohcs\": 4}", name: "bad.json"),
      "\(folder.appendingPathComponent("bad.json").path): unknown key 'epohcs' (did you mean 'epochs'?)")
    // A value of the wrong kind reaches the option's own check, which names the option.
    let path2 = try file("typed.yaml", "epochs: many\n")
    XCTAssertThrowsError(try parse(["fit", "--config", path2])) {
      XCTAssertTrue(FitCommand.message(for: $0).contains("--epochs"), FitCommand.message(for: $0))
    }
  }

  /// The run's config.json given back, with only --out changed, trains the same run: the same
  /// config.json and the same checkpoint bytes.
  func testARunsConfigReproducesItByteForByte() throws {
    let first = folder.appendingPathComponent("first")
    let second = folder.appendingPathComponent("second")
    try FitCommand.parse([
      "--data", table.path, "--epochs", "15", "--folds", "2", "--ensemble", "2", "--hidden", "8", "--lr", "0.02",
      "--seed", "7", "--quiet", "--out", first.path, "--plots", "none",
    ]).run()
    try parse([
      "fit", "--config", first.appendingPathComponent("config.json").path, "--out", second.path, "--plots", "none",
      "--quiet",
    ]).run()
    for name in ["config.json", "checkpoints/fold-0/best.safetensors", "checkpoints/fold-1/last.safetensors"] {
      XCTAssertEqual(
        try Data(contentsOf: first.appendingPathComponent(name)),
        try Data(contentsOf: second.appendingPathComponent(name)), name)
    }
    XCTAssertEqual(try CosmoFitConfig.read(from: second.appendingPathComponent("config.json")).seed, 7)
    // The report decodes into its type and encodes back to the same bytes.
    let report = second.appendingPathComponent("report.json")
    XCTAssertEqual(try CosmoFitReport.read(from: report).encoded(), try Data(contentsOf: report))
    XCTAssertEqual(try CosmoFitReport.read(from: report).folds.map(\.fold), [0, 1])
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: first.appendingPathComponent("plots/hubble-diagram.dat").path),
      "--plots none drew")
  }

  /// A second run into the same --out is refused and leaves the first run's files as they were.
  func testASecondRunIntoTheSameFolderIsRefused() throws {
    let run = folder.appendingPathComponent("run")
    let arguments = [
      "--data", table.path, "--epochs", "5", "--folds", "2", "--ensemble", "1", "--quiet", "--out", run.path, "--plots",
      "none",
    ]
    try FitCommand.parse(arguments).run()
    let before = try Data(contentsOf: run.appendingPathComponent("checkpoints/fold-0/best.safetensors"))
    XCTAssertThrowsError(try FitCommand.parse(arguments + ["--features", "x1,c"]).run()) {
      XCTAssertTrue("\($0)".contains("the folder is not empty"), "\($0)")
    }
    XCTAssertEqual(try Data(contentsOf: run.appendingPathComponent("checkpoints/fold-0/best.safetensors")), before)
    XCTAssertNoThrow(try FitCommand.parse(arguments + ["--overwrite", "--epochs", "3"]).run())
    XCTAssertEqual(try CosmoFitConfig.read(from: run.appendingPathComponent("config.json")).epochs, 3)
  }

  func testPlotsAndOutOptionsAreChecked() {
    for (arguments, expected) in [
      (["--plots", ""], "--plots must name a folder, or none for no figures; got ''"),
      (["--out", ""], "--out must name a folder, got ''"),
      (["--resume"], "--resume needs --out, the run folder to continue"),
      (
        ["--resume", "--overwrite", "--out", "x"],
        "--resume continues the run in --out and --overwrite replaces it: give one"
      ),
      (["--animate", "--plots", "none"], "--animate draws figures: drop --plots none"),
    ] {
      XCTAssertThrowsError(try FitCommand.parse(arguments)) { XCTAssertEqual(FitCommand.message(for: $0), expected) }
    }
  }
}
