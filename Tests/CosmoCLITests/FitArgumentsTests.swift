import ArgumentParser
import Foundation
import XCTest

@testable import CosmoCLI

/// Every `cosmo fit`, `lcdm`, `predict` and `data fetch` option is checked before anything is
/// read or trained, with one line naming the option; each case here crashed, trained first or
/// answered "Missing value" before.
final class FitArgumentsTests: XCTestCase {
  private func message<C: ParsableCommand>(_ command: C.Type, _ arguments: [String]) -> String? {
    do {
      _ = try C.parse(arguments)
      return nil
    } catch {
      return C.message(for: error)
    }
  }

  func testFitDefaultsParse() {
    XCTAssertNil(message(FitCommand.self, []))
    XCTAssertNil(
      message(FitCommand.self, ["--features", "x1,c", "--hidden", "64,64", "--early-stop", "--patience", "50"]))
  }

  func testFitRejectsDuplicateAndRedshiftFeatures() {
    XCTAssertEqual(message(FitCommand.self, ["--features", "x1,x1"]), "--features names x1 twice")
    XCTAssertEqual(message(FitCommand.self, ["--features", "x1,,c"]), "--features has an empty name in 'x1,,c'")
    XCTAssertEqual(
      message(FitCommand.self, ["--features", "zHD"]),
      "--features zHD: the redshift is always an input (choose which with --z)")
    XCTAssertEqual(
      message(FitCommand.self, ["--features", "x1", "--target", "x1"]),
      "--target x1 is also an input; the target must be another column")
  }

  func testFitRejectsZeroWindowsAndPatience() {
    XCTAssertEqual(
      message(FitCommand.self, ["--patience", "0", "--early-stop"]), "--patience must be ≥ 1 epoch, got 0")
    XCTAssertEqual(message(FitCommand.self, ["--overfit-window", "0"]), "--overfit-window must be ≥ 1 epoch, got 0")
    XCTAssertEqual(message(FitCommand.self, ["--animate-every", "0"]), "--animate-every must be ≥ 1 epoch, got 0")
    XCTAssertEqual(message(FitCommand.self, ["--folds", "1"]), "--folds must be ≥ 2, got 1")
    XCTAssertEqual(message(FitCommand.self, ["--ensemble", "0"]), "--ensemble must be ≥ 1, got 0")
    XCTAssertEqual(message(FitCommand.self, ["--epochs", "0"]), "--epochs must be ≥ 1, got 0")
  }

  /// A negative number is a value, not an option: the range error names it.
  func testNegativeAndNonFiniteNumbersGetARangeError() {
    XCTAssertEqual(message(FitCommand.self, ["--lr", "-1"]), "--lr must be a positive number, got -1.0")
    XCTAssertEqual(message(FitCommand.self, ["--lr", "nan"]), "--lr must be a positive number, got nan")
    XCTAssertEqual(message(FitCommand.self, ["--epochs", "-5"]), "--epochs must be ≥ 1, got -5")
    XCTAssertEqual(message(FitCommand.self, ["--zmin", "-0.5"]), "--zmin must be a non-negative redshift, got -0.5")
    XCTAssertEqual(message(FitCommand.self, ["--weight-decay", "-1e-3"]), "--weight-decay must be ≥ 0, got -0.001")
    XCTAssertEqual(
      message(FitCommand.self, ["--overfit-threshold", "inf"]),
      "--overfit-threshold must be a positive number (mag²), got inf")
    XCTAssertEqual(message(FitCommand.self, ["--dropout", "-0.1"]), "--dropout must be in [0, 1), got -0.1")
    XCTAssertEqual(
      message(FitCommand.self, ["--hidden", "-5"]),
      "--hidden must be comma-separated positive widths, e.g. 32 or 32,32; got '-5'")
    XCTAssertEqual(message(LCDMCommand.self, ["--zmin", "-1"]), "--zmin must be a non-negative redshift, got -1.0")
  }

  /// `--hidden 9223372036854775807` wrote past a buffer (SIGSEGV) once training began.
  func testFitRefusesNetworksTooLargeForMemoryBeforeReadingData() throws {
    let huge = try XCTUnwrap(message(FitCommand.self, ["--hidden", "9223372036854775807"]))
    XCTAssertTrue(huge.hasPrefix("--hidden 9223372036854775807 with --ensemble 4"), huge)
    XCTAssertTrue(huge.hasSuffix("is too large to count (its size overflows 64 bits)"), huge)
    let large = try XCTUnwrap(message(FitCommand.self, ["--hidden", "4000000,4000000"]))
    XCTAssertTrue(large.contains("of memory; at most"), large)
    XCTAssertNil(message(FitCommand.self, ["--hidden", "64,64", "--ensemble", "8"]))
  }

  func testDataFetchRejectsUnknownAndRepeatedFiles() {
    XCTAssertEqual(
      message(
        DataCommand.Fetch.self, ["--file", "Pantheon+SH0ES_STAT+SYS.cov", "--file", "Pantheon+SH0ES_STAT+SYS.cov"]),
      "--file Pantheon+SH0ES_STAT+SYS.cov given twice")
    XCTAssertTrue(
      message(DataCommand.Fetch.self, ["--file", "passwd"])?.hasPrefix("unknown file passwd; choose from") ?? false)
  }
}
