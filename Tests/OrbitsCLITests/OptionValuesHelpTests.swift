import ArgumentParser
import XCTest

@testable import OrbitsCLI

/// Every option of `orbits` that takes one of a fixed set of values lists them in --help.
final class OptionValuesHelpTests: XCTestCase {
  func testFormatListsItsValues() {
    for command in [FetchCommand.self, SampleCommand.self] as [ParsableCommand.Type] {
      let line = helpEntry(command, "--format")
      XCTAssertTrue(line?.contains("(values: ecsv, csv") == true, "\(command): \(line ?? "no --format")")
    }
  }
}

/// The help entry of `option` (its synopsis and text, wrapped lines joined), or nil.
private func helpEntry(_ command: ParsableCommand.Type, _ option: String) -> String? {
  var entries: [String] = []
  for line in command.helpMessage(columns: 10_000).split(separator: "\n") {
    if line.hasPrefix("  -") {
      entries.append(String(line))
    } else if line.hasPrefix("   "), !entries.isEmpty {
      entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
    }
  }
  return entries.first { $0.hasPrefix("  \(option) <") }
}
