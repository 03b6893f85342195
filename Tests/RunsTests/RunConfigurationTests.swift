import Foundation
import XCTest

@testable import NN
@testable import Runs

/// config.json is written deterministically and read strictly: a missing, mistyped or unknown key
/// is an error naming the file and the key, never a default (a missing seed used to become 1,
/// which recomputes other folds).
final class RunConfigurationTests: XCTestCase {
  private let file = "/runs/x/config.json"

  private func read(_ text: String) throws -> ExampleConfig { try ExampleConfig.decode(Data(text.utf8), file: file) }

  private func message(_ text: String) -> String {
    do {
      _ = try read(text)
      return "accepted"
    } catch { return "\(error)" }
  }

  func testWritesSortedDeterministicBytesAndReadsThemBack() throws {
    var config = ExampleConfig()
    config.seed = UInt64.max
    config.lr = 0.1 + 0.2
    let bytes = try config.encoded()
    XCTAssertEqual(
      String(decoding: bytes, as: UTF8.self),
      """
      {
        "activation" : "tanh",
        "command" : "example fit",
        "epochs" : 300,
        "hidden" : [
          32
        ],
        "learning_rate_schedule" : "constant",
        "lr" : 0.30000000000000004,
        "seed" : 18446744073709551615,
        "version" : 1
      }

      """)
    XCTAssertEqual(try ExampleConfig.decode(bytes, file: file), config)
    XCTAssertEqual(try ExampleConfig.decode(bytes, file: file).encoded(), bytes)
  }

  func testMissingWrongAndUnknownKeysAreNamed() throws {
    let good = String(decoding: try ExampleConfig().encoded(), as: UTF8.self)
    XCTAssertEqual(message(good.replacingOccurrences(of: "\"seed\" : 1,", with: "")), "\(file): key 'seed' is missing")
    XCTAssertEqual(
      message(good.replacingOccurrences(of: "\"epochs\" : 300", with: "\"epochs\" : \"300\"")),
      "\(file): key 'epochs' must be an integer")
    XCTAssertEqual(
      message(good.replacingOccurrences(of: "\"lr\"", with: "\"lr\" : 1, \"l_r\"")),
      "\(file): unknown key 'l_r' (did you mean 'lr'?)")
    XCTAssertEqual(
      message(good.replacingOccurrences(of: "\"lr\"", with: "\"colour\" : 1, \"lr\"")), "\(file): unknown key 'colour'")
    XCTAssertEqual(
      message(good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 9")),
      "\(file): format version 9 is newer than this build reads (1); update Gravitas")
    XCTAssertEqual(
      message(good.replacingOccurrences(of: "example fit", with: "gnn train")),
      "\(file): written by 'gnn train', not 'example fit'")
    XCTAssertEqual(
      message(good.replacingOccurrences(of: "\"version\" : 1", with: "\"x\" : 1")), "\(file): key 'version' is missing")
    XCTAssertTrue(
      message(good.replacingOccurrences(of: "\"seed\" : 1", with: "\"seed\" : -1")).hasPrefix(
        "\(file): key 'seed' must be"))
    XCTAssertEqual(message("[1]"), "\(file): not a run document: top level is not an object")
  }
}
