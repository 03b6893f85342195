import ArgumentParser
import CUDABackend
import CommandSupport
import Cosmology
import NN
import TestSupport
import XCTest

@testable import CosmoCLI

/// Every option of `cosmo` that takes one of a fixed set of values lists them in --help.
final class OptionValuesHelpTests: XCTestCase {
  func testFixedSetOptionsListTheirValues() {
    let cases: [(ParsableCommand.Type, String, [String])] = [
      (FitCommand.self, "--activation", Activation.allCases.map(\.rawValue)),
      (FitCommand.self, "--schedule", SupernovaRegression.Schedule.allCases.map(\.rawValue)),
      (FitCommand.self, "--z", RedshiftColumn.allCases.map(\.rawValue)),
      (FitCommand.self, "--device", ComputeDevice.allValueStrings),
      (LCDMCommand.self, "--format", OutputFormat.allCases.map(\.rawValue)),
      (EvaluateCommand.self, "--format", OutputFormat.allCases.map(\.rawValue)),
      (PredictCommand.self, "--format", OutputFormat.allCases.map(\.rawValue)),
    ]
    assertHelpListsValues(cases)
  }

  /// `cosmo data fetch --file` names release files (checked in validate, with its own message).
  func testFetchListsItsFiles() {
    let entry = helpEntry(of: "--file", in: DataCommand.Fetch.self)
    XCTAssertTrue(
      entry?.contains(ReleaseDownload.files.map(\.name).joined(separator: ", ")) == true, entry ?? "no --file")
  }

  /// The values parse as their types; others are refused by the parser.
  func testFixedSetOptionsParse() throws {
    let fit = try FitCommand.parse(["--activation", "relu", "--schedule", "cosine", "--z", "zHD", "--device", "cuda:1"])
    XCTAssertEqual(fit.activation, .relu)
    XCTAssertEqual(fit.schedule, .cosine)
    XCTAssertEqual(fit.z, .zHD)
    XCTAssertEqual(fit.device, .cuda(ordinal: 1))
    XCTAssertThrowsError(try FitCommand.parse(["--z", "zXYZ"]))
    XCTAssertThrowsError(try FitCommand.parse(["--device", "tpu"]))
  }
}
