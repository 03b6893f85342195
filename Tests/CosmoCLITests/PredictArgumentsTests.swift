import ArgumentParser
import Cosmology
import Foundation
import NN
import XCTest

@testable import CosmoCLI

/// `cosmo predict` learns the names of a fit's extra inputs from its config.json, so `--x1 0,1`
/// style options are checked by the command, not by ArgumentParser.
final class PredictArgumentsTests: XCTestCase {
  private var run: URL!

  override func setUpWithError() throws {
    run = FileManager.default.temporaryDirectory.appendingPathComponent("predict-arguments-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    var config = CosmoFitConfig()
    config.features = ["x1", "c"]
    try config.write(to: run.appendingPathComponent("config.json"))
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: run)
  }

  private func message(_ arguments: [String], run directory: URL? = nil) -> String? {
    do {
      _ = try PredictCommand.parse([(directory ?? run).path] + arguments)
      return nil
    } catch {
      return PredictCommand.message(for: error)
    }
  }

  func testEachInputByNameInEitherSpellingNegativeValuesIncluded() throws {
    for arguments in [
      ["--z", "0.1,0.5", "--x1", "0,1", "--c", "0,-0.1"],
      ["--c=0,-0.1", "--z", "0.1,0.5", "--x1=0,1"],
    ] {
      let command = try PredictCommand.parse([run.path] + arguments)
      let (names, columns) = try command.inputColumns()
      XCTAssertEqual(names, ["x1", "c"])
      XCTAssertEqual(columns, [[0.1, 0.5], [0, 1], [0, -0.1]], "\(arguments)")
    }
  }

  func testBadInputsAreNamed() {
    XCTAssertEqual(message(["--z", "0.1", "--x1", "0"]), "the fit used input c: give --c v1,v2,…")
    XCTAssertEqual(
      message(["--z", "0.1", "--x1", "0", "--c", "0", "--VPEC", "3"]),
      "unknown option '--VPEC': the fit's extra inputs are --x1, --c")
    XCTAssertEqual(message(["--z", "0.1", "--x1", "0", "--x1", "1", "--c", "0"]), "--x1 given twice")
    XCTAssertEqual(message(["--z", "0.1,0.2", "--x1", "0", "--c", "0,0"]), "--x1 needs 2 values, one per redshift")
    XCTAssertEqual(message(["--z", "0.1", "--x1", "0", "--c"]), "--c needs values, e.g. --c 0,1")
    XCTAssertEqual(
      message(["--z", "0.1", "--x1", "zero", "--c", "0"]), "--x1 must be comma-separated numbers, got 'zero'")
    XCTAssertEqual(message(["--z", "0.1", "--x1", "0", "--c", "0", "stray"]), "unexpected argument 'stray'")
  }

  func testAMistypedRunDirectoryIsReportedAndNotCreated() {
    let missing = run.appendingPathComponent("typo")
    XCTAssertEqual(message(["--z", "0.1"], run: missing), "\(missing.path): cannot read: no such run directory")
    XCTAssertFalse(FileManager.default.fileExists(atPath: missing.path))
  }
}

/// Redshifts are > 0 (the network reads log10 z): `--z=-1` printed nan, `--z -1` said "Missing value".
final class PredictRedshiftTests: XCTestCase {
  func testNonPositiveRedshiftsAreRefusedInEitherSpelling() throws {
    let run = FileManager.default.temporaryDirectory.appendingPathComponent("predict-z-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: run) }
    try CosmoFitConfig().write(to: run.appendingPathComponent("config.json"))
    for arguments in [["--z=-1"], ["--z", "-1"], ["--z", "0.1,-0.5"], ["--z", "0"]] {
      do {
        _ = try PredictCommand.parse([run.path] + arguments)
        XCTFail("\(arguments) accepted")
      } catch {
        XCTAssertTrue(
          PredictCommand.message(for: error).hasPrefix("--z must be redshifts > 0, got "),
          "\(arguments): \(PredictCommand.message(for: error))")
      }
    }
    XCTAssertEqual(
      PredictCommand.message(for: catching { try PredictCommand.parse([run.path, "--z", "0.1", "--samples", "-3"]) }),
      "--samples must be ≥ 1, got -3")
  }

  private func catching(_ body: () throws -> Any) -> Error {
    do { _ = try body() } catch { return error }
    return ValidationError("accepted")
  }
}
