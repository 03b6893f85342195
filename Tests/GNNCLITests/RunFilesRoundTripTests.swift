import CommandSupport
import Foundation
import GNN
import NN
import Runs
import TestSupport
import XCTest

/// Every file `make run`'s gnn commands write (and gnn evaluate's), as the real commands wrote
/// them on a small run (Tests/RunFixtures/regenerate.sh), decodes into its type and encodes back
/// to the same bytes; a missing or mistyped key is named with its file.
final class RunFilesRoundTripTests: XCTestCase, RunFixtureRoundTrips {
  func testGNNRunFilesRoundTrip() throws {
    try assertRoundTrip(GravityRunConfig.self, "gnn/config.json")
    try assertRoundTrip(GravityTrainReport.self, "gnn/report.json")
    try assertRoundTrip(GravityEvaluateReport.self, "gnn/evaluate.json")
    try assertRoundTrip(LawDiscoveryReport.self, "gnn/discover.json")
    try assertRoundTrip(RolloutReport.self, "gnn/rollout.json")
    // One timing entry per command that ran in the train run's folder.
    let timing = try bytes("gnn/timing.json")
    let decoded = try RunTiming.decode(timing, file: "gnn/timing.json")
    XCTAssertEqual(decoded.commands.keys.sorted(), ["gnn discover", "gnn rollout", "gnn train"])
    XCTAssertEqual(
      String(decoding: try decoded.encoded(), as: UTF8.self), String(decoding: timing, as: UTF8.self))
  }

  /// Version 1 of train's, discover's and rollout's reports held the wall time, `seconds`;
  /// version 2 moved it to timing.json. A version 1 or unversioned file still reads (the value
  /// dropped) and is written as version 2; a version 2 file holding `seconds` is refused.
  func testAVersionOneReportLosesItsSeconds() throws {
    try assertDropsSeconds(GravityTrainReport.self, "gnn/report.json")
    try assertDropsSeconds(LawDiscoveryReport.self, "gnn/discover.json")
    try assertDropsSeconds(RolloutReport.self, "gnn/rollout.json")
  }

  private func assertDropsSeconds<Report: GNNReport>(
    _ type: Report.Type, _ path: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let current = try Report.decode(try bytes(path), file: path)
    var object = try JSONDecoder().decode([String: JSONValue].self, from: try bytes(path))
    XCTAssertEqual(object["version"], .integer(2), path, file: file, line: line)
    object["seconds"] = .number(3.25)
    XCTAssertThrowsError(try Report.decode(try JSONEncoder().encode(object), file: path), file: file, line: line) {
      guard case .unknownKey(path, "seconds", _)? = $0 as? RunDocumentError else {
        return XCTFail("\(path): \($0)", file: file, line: line)
      }
    }
    object["version"] = .integer(1)
    XCTAssertEqual(
      try Report.decode(try JSONEncoder().encode(object), file: path), current, path, file: file, line: line)
    object["version"] = nil
    object["command"] = .string(Report.unversionedCommand)
    let unversioned = try Report.decode(try JSONEncoder().encode(object), file: path)
    XCTAssertEqual(unversioned, current, path, file: file, line: line)
    XCTAssertEqual(try unversioned.encoded(), try bytes(path), path, file: file, line: line)
  }

  func testEvaluateOutputRoundTrips() throws {
    let written = try bytes("gnn-evaluate-output.json")
    let splits = try JSONDecoder().decode([AccelerationErrorReport].self, from: written)
    XCTAssertEqual(
      String(decoding: try OutputOptions.json(splits), as: UTF8.self), String(decoding: written, as: UTF8.self))
  }

  /// rollout read discover.json's masses with `as? [[String: Any]]` and said only that the law or
  /// masses were lacking; the typed report names the key.
  func testAMissingOrMistypedKeyIsNamed() throws {
    var object = try JSONDecoder().decode([String: JSONValue].self, from: try bytes("gnn/discover.json"))
    object["masses"] = nil
    XCTAssertThrowsError(try LawDiscoveryReport.decode(try JSONEncoder().encode(object), file: "discover.json")) {
      XCTAssertEqual($0 as? RunDocumentError, .missingKey(file: "discover.json", key: "masses"))
    }
    var rollout = try JSONDecoder().decode([String: JSONValue].self, from: try bytes("gnn/rollout.json"))
    rollout["law_exponent"] = .string("-2")
    XCTAssertThrowsError(try RolloutReport.decode(try JSONEncoder().encode(rollout), file: "rollout.json")) {
      XCTAssertEqual(
        $0 as? RunDocumentError, .wrongType(file: "rollout.json", key: "law_exponent", expected: "a number"))
    }
  }

  /// Reports written before they had a version (command "discover", …) hold the same keys.
  func testUnversionedReportsAreRead() throws {
    var object = try JSONDecoder().decode([String: JSONValue].self, from: try bytes("gnn/discover.json"))
    object["version"] = nil
    object["command"] = .string("discover")
    let old = try LawDiscoveryReport.decode(try JSONEncoder().encode(object), file: "discover.json")
    XCTAssertEqual(old, try LawDiscoveryReport.decode(try bytes("gnn/discover.json"), file: "discover.json"))
    // Before the options were recorded there was no `configuration`.
    object["configuration"] = nil
    XCTAssertNil(try LawDiscoveryReport.decode(try JSONEncoder().encode(object), file: "discover.json").configuration)
    object["command"] = .string("rollout")
    XCTAssertThrowsError(try LawDiscoveryReport.decode(try JSONEncoder().encode(object), file: "discover.json"))
  }
}
