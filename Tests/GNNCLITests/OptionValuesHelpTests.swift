import ArgumentParser
import CUDABackend
import CommandSupport
import GNN
import NN
import XCTest

@testable import GNNCLI

/// Every option of `gnn` that takes one of a fixed set of values lists them in --help.
final class OptionValuesHelpTests: XCTestCase {
  func testFixedSetOptionsListTheirValues() {
    let cases: [(ParsableCommand.Type, String, [String])] = [
      (TrainCommand.self, "--activation", Activation.allCases.map(\.rawValue)),
      (TrainCommand.self, "--magnitude", ForceMagnitudeModel.allCases.map(\.rawValue)),
      (TrainCommand.self, "--device", ComputeDevice.allValueStrings),
      (EvaluateCommand.self, "--format", OutputFormat.allCases.map(\.rawValue)),
    ]
    for (command, option, values) in cases {
      let line = helpEntry(command, option)
      XCTAssertTrue(
        line?.contains("(values: \(values.joined(separator: ", "))") == true,
        "\(command) \(option): \(line ?? "no such option")")
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
