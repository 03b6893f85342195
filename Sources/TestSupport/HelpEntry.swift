import ArgumentParser
import Foundation
import XCTest

/// The help entry of `option` in `command`'s --help (its synopsis and text, wrapped lines
/// joined), or nil when the command has no such option.
public func helpEntry(of option: String, in command: ParsableCommand.Type) -> String? {
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

/// For each (command, option, values), the option's help entry lists its fixed set of values as
/// ArgumentParser writes them, `(values: a, b, c)`, in that order.
public func assertHelpListsValues(
  _ cases: [(ParsableCommand.Type, String, [String])],
  file: StaticString = #filePath, line: UInt = #line
) {
  for (command, option, values) in cases {
    let entry = helpEntry(of: option, in: command)
    XCTAssertTrue(
      entry?.contains("(values: \(values.joined(separator: ", "))") == true,
      "\(command) \(option): \(entry ?? "no such option")", file: file, line: line)
  }
}
