import ArgumentParser
import TestSupport
import XCTest

@testable import OrbitsCLI

/// Every option of `orbits` that takes one of a fixed set of values lists them in --help.
final class OptionValuesHelpTests: XCTestCase {
  func testFormatListsItsValues() {
    for command in [FetchCommand.self, SampleCommand.self] as [ParsableCommand.Type] {
      let line = helpEntry(of: "--format", in: command)
      XCTAssertTrue(line?.contains("(values: ecsv, csv") == true, "\(command): \(line ?? "no --format")")
    }
  }
}
