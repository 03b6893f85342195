import Foundation
import Runs
import Synchronization
import XCTest

/// RUN/timing.json holds one entry per command that ran in the folder: a rerun replaces its own
/// entry and keeps the others'; the unversioned single-command file still reads.
final class RunTimingTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-timing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  func testEachCommandKeepsItsOwnEntryAndARerunReplacesIt() throws {
    let url = folder.appendingPathComponent("timing.json")
    try RunTiming.record(command: "gnn train", seconds: 3.5, in: url)
    try RunTiming.record(command: "gnn discover", seconds: 2, in: url)
    try RunTiming.record(command: "gnn rollout", seconds: 1, in: url)
    try RunTiming.record(command: "gnn discover", seconds: 4.25, in: url)
    let timing = try RunTiming.read(from: url)
    XCTAssertEqual(
      timing.commands,
      ["gnn train": .init(seconds: 3.5), "gnn discover": .init(seconds: 4.25), "gnn rollout": .init(seconds: 1)])
    XCTAssertEqual(
      String(decoding: try Data(contentsOf: url), as: UTF8.self),
      """
      {
        "commands" : {
          "gnn discover" : {
            "seconds" : 4.25
          },
          "gnn rollout" : {
            "seconds" : 1
          },
          "gnn train" : {
            "seconds" : 3.5
          }
        },
        "version" : 2
      }

      """)
  }

  /// The format before version 2 (cosmo fit's, e.g. in Tests/RunFixtures before they were
  /// regenerated) reads as its one entry, and a command recorded beside it keeps it.
  /// Commands finishing at once in one folder each keep their entry: the read-modify-write holds
  /// the folder's lock. (Without it, most of these entries were lost to a concurrent rewrite.)
  func testCommandsRecordingAtOnceKeepEveryEntry() throws {
    let url = folder.appendingPathComponent("timing.json")
    let commands = (0..<8).map { "command \($0)" }
    let errors = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: commands.count) { i in
      for round in 0..<25 {
        do {
          try RunTiming.record(command: commands[i], seconds: Double(round), in: url)
        } catch {
          errors.withLock { $0.append("\(error)") }
        }
      }
    }
    XCTAssertEqual(errors.withLock { $0 }, [])
    XCTAssertEqual(
      try RunTiming.read(from: url).commands,
      Dictionary(uniqueKeysWithValues: commands.map { ($0, RunTiming.Entry(seconds: 24)) }))
  }

  func testTheUnversionedSingleEntryStillReads() throws {
    let url = folder.appendingPathComponent("timing.json")
    try Data("{\n  \"command\" : \"cosmo fit\",\n  \"seconds\" : 0.7529616355895996\n}\n".utf8).write(to: url)
    XCTAssertEqual(try RunTiming.read(from: url), RunTiming(command: "cosmo fit", seconds: 0.7529616355895996))
    try RunTiming.record(command: "cosmo gather", seconds: 1, in: url)
    XCTAssertEqual(
      try RunTiming.read(from: url).commands,
      ["cosmo fit": .init(seconds: 0.7529616355895996), "cosmo gather": .init(seconds: 1)])
  }

  func testAFileThatDoesNotReadIsNamedAndKept() throws {
    func refusal(_ text: String) throws -> String {
      let url = folder.appendingPathComponent("timing.json")
      try Data(text.utf8).write(to: url)
      var message = "accepted"
      XCTAssertThrowsError(try RunTiming.record(command: "gnn train", seconds: 1, in: url)) { message = "\($0)" }
      XCTAssertEqual(String(decoding: try Data(contentsOf: url), as: UTF8.self), text, "overwritten")
      return message.replacingOccurrences(of: folder.path + "/", with: "")
    }
    XCTAssertEqual(try refusal("{"), "timing.json: not a run document: not JSON")
    XCTAssertEqual(
      try refusal(#"{"commands": {}, "version": 3}"#),
      "timing.json: format version 3 is newer than this build reads (2); update Gravitas")
    XCTAssertEqual(try refusal(#"{"commands": {}, "version": 2, "seconds": 1}"#), "timing.json: unknown key 'seconds'")
    XCTAssertEqual(
      try refusal(#"{"commands": {"gnn train": {"second": 1}}, "version": 2}"#),
      "timing.json: key 'commands.gnn train.seconds' is missing")
    XCTAssertEqual(
      try refusal(#"{"commands": {"gnn train": {"seconds": "1"}}, "version": 2}"#),
      "timing.json: key 'commands.gnn train.seconds' must be a number")
    XCTAssertEqual(try refusal(#"{"command": "cosmo fit"}"#), "timing.json: key 'seconds' is missing")
    // A number beyond a Double is refused (Foundation's parser: "not JSON"; past it, as infinite).
    XCTAssertTrue(
      try refusal(#"{"commands": {"gnn train": {"seconds": 1e400}}, "version": 2}"#).hasPrefix("timing.json: "))
    XCTAssertEqual(
      try refusal(#"{"commands": {}, "version": "2"}"#),
      "timing.json: key 'version' must be 2 (or no version, for one command's entry)")
  }
}
