import ArgumentParser
import Cosmology
import Foundation
import XCTest

@testable import CosmoCLI

/// `--format csv|json --out FILE` on `cosmo predict`, `evaluate` and `lcdm`: CSV with one header
/// line of plain names that numpy reads, JSON that decodes into the report type.
final class OutputFormatTests: XCTestCase {
  private var folder: URL!
  private var run: URL { folder.appendingPathComponent("run") }
  private let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Data/Pantheon+SH0ES.dat").standardizedFileURL

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FitCommand.parse([
      "--data", table.path, "--features", "x1,c", "--epochs", "10", "--folds", "2", "--ensemble", "2", "--quiet",
      "--out", run.path, "--plots", "none",
    ]).run()
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func csv(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    return (lines.first ?? [], Array(lines.dropFirst()))
  }

  private func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return decoder
  }

  func testPredictWritesCSVAndJSON() throws {
    let file = folder.appendingPathComponent("out/predict.csv")
    try PredictCommand.parse([
      run.path, "--z", "0.1,0.5", "--x1", "0,1", "--c", "0,-0.1", "--format", "csv", "--out", file.path,
    ]).run()
    let (header, rows) = try csv(file)
    XCTAssertEqual(header, ["z", "x1", "c", "prediction_mag", "ensemble_std_mag"])
    XCTAssertEqual(rows.count, 2)
    XCTAssertEqual(rows[1][0], "0.5")
    XCTAssertEqual(rows[1][2], "-0.1")
    XCTAssertTrue(rows.allSatisfy { $0.count == 5 && $0.allSatisfy { Double($0)?.isFinite == true } })
    try numpyLoads(file, columns: 5, rows: 2)

    let json = folder.appendingPathComponent("predict.json")
    try PredictCommand.parse([
      run.path, "--z", "0.1,0.5", "--x1", "0,1", "--c", "0,-0.1", "--format", "json", "--out", json.path,
    ]).run()
    XCTAssertTrue(
      try String(contentsOf: json, encoding: .utf8).contains("\"prediction_mag\" : "),
      "keys are snake_case, as report.json's")
    let report = try decoder().decode(PredictionReport.self, from: Data(contentsOf: json))
    XCTAssertEqual(report.inputNames, ["x1", "c"])
    XCTAssertEqual(report.members, 4)
    XCTAssertEqual(report.rows.map(\.z), [0.1, 0.5])
    XCTAssertEqual(report.rows[0].predictionMag, Double(rows[0][3]))
  }

  func testEvaluateWritesCSVAndJSON() throws {
    let file = folder.appendingPathComponent("evaluate.csv")
    try EvaluateCommand.parse([run.path, "--format", "csv", "--out", file.path]).run()
    let (header, rows) = try csv(file)
    XCTAssertEqual(header, ["fold", "val_chi2_per_n_reported", "val_chi2_per_n_now"])
    XCTAssertEqual(rows.map { $0[0] }, ["0", "1"])
    try numpyLoads(file, columns: 3, rows: 2)
    let json = folder.appendingPathComponent("evaluate.json")
    try EvaluateCommand.parse([run.path, "--format", "json", "--out", json.path]).run()
    let report = try decoder().decode(EvaluationReport.self, from: Data(contentsOf: json))
    XCTAssertTrue(report.reproducing)
    XCTAssertLessThan(report.largestRelativeDifference, 1e-9)
  }

  func testLCDMWritesCSVAndTheReportAsJSON() throws {
    let file = folder.appendingPathComponent("lcdm.csv")
    try LCDMCommand.parse(["--data", table.path, "--format", "csv", "--out", file.path]).run()
    let (header, rows) = try csv(file)
    XCTAssertEqual(
      header,
      ["model", "omega_m", "omega_m_lo", "omega_m_hi", "omega_lambda", "chi2", "dof", "delta_chi2", "sigma", "p_value"])
    XCTAssertEqual(rows.map { $0[0] }, ["flat", "nonflat", "no_lambda"])
    let json = folder.appendingPathComponent("lcdm/report.json")
    try LCDMCommand.parse(["--data", table.path, "--format", "json", "--out", json.path]).run()
    let report = try JSONDecoder().decode(LCDMReport.self, from: Data(contentsOf: json))
    XCTAssertEqual(report.lcdm.omega_m, Double(rows[0][1]))
    XCTAssertEqual(String(format: "%.4f", report.lcdm.omega_m), "0.3504")
  }

  func testAnEmptyOutIsRefused() {
    XCTAssertThrowsError(try LCDMCommand.parse(["--out", ""])) {
      XCTAssertEqual(LCDMCommand.message(for: $0), "--out must name a file, got ''")
    }
    XCTAssertThrowsError(try LCDMCommand.parse(["--format", "xml"])) {
      XCTAssertTrue(LCDMCommand.message(for: $0).contains("table"), LCDMCommand.message(for: $0))
    }
  }

  /// numpy reads the file as written, with names from the header (skipped where numpy is absent).
  private func numpyLoads(_ file: URL, columns: Int, rows: Int) throws {
    let script = """
      import sys
      try:
          import numpy as np
      except ImportError:
          print("skip"); sys.exit(0)
      a = np.genfromtxt(sys.argv[1], names=True, delimiter=",")
      assert len(a.dtype.names) == \(columns), a.dtype.names
      assert a.shape == (\(rows),), a.shape
      print("ok")
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch {
      print("python3 not found: numpy check skipped")
      return
    }
    process.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    if text.hasPrefix("skip") {
      print("numpy absent: numpy check skipped")
      return
    }
    XCTAssertEqual(process.terminationStatus, 0, text)
  }
}
