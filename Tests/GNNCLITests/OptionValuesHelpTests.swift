import ArgumentParser
import CUDABackend
import CommandSupport
import GNN
import NN
import TestSupport
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
    assertHelpListsValues(cases)
  }
}
