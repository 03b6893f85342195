import ArgumentParser
import Foundation

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
