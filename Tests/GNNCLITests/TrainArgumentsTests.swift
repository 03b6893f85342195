import ArgumentParser
import Foundation
import XCTest

@testable import GNNCLI

/// `gnn train` and `rollout` check every option before the kernel is read, one line each;
/// `--bodies sun` trapped in the graph builder before.
final class TrainArgumentsTests: XCTestCase {
  private func message<C: ParsableCommand>(_ command: C.Type, _ arguments: [String]) -> String? {
    do {
      _ = try C.parse(arguments)
      return nil
    } catch {
      return C.message(for: error)
    }
  }

  func testDefaultsParse() {
    XCTAssertNil(message(TrainCommand.self, []))
    XCTAssertNil(message(TrainCommand.self, ["--quick", "--bodies", "sun,earth,moon"]))
  }

  func testBodiesNeedTwoDistinctKnownOnes() throws {
    XCTAssertEqual(
      message(TrainCommand.self, ["--bodies", "sun"]),
      "--bodies needs at least two bodies (the network learns the force between pairs), got 'sun'")
    XCTAssertEqual(message(TrainCommand.self, ["--bodies", "sun,10"]), "--bodies names Sun twice ('sun' and '10')")
    let unknown = try XCTUnwrap(message(TrainCommand.self, ["--bodies", "sun,vulcan"]))
    XCTAssertTrue(unknown.hasPrefix("--bodies: unknown body 'vulcan'"), unknown)
  }

  func testDatesStepAndNumbers() throws {
    XCTAssertEqual(
      message(TrainCommand.self, ["--validate-from", "2023-01-01"]), "--validate-from must come before --test-from")
    XCTAssertEqual(
      message(TrainCommand.self, ["--start", "2016-01-01"]),
      "dates must be in order: --start < --validate-from < --test-from < --stop (training, validation and test need an epoch each)"
    )
    // The step's own parser (CalendarDate) refuses what is not a plain positive decimal.
    let infinite = try XCTUnwrap(message(TrainCommand.self, ["--step", "infd"]))
    XCTAssertTrue(infinite.contains("'infd' is not a step"), infinite)
    let fine = try XCTUnwrap(message(TrainCommand.self, ["--step", "0.001s"]))
    XCTAssertTrue(fine.hasPrefix("--step 0.001s from --start to --stop gives"), fine)
    XCTAssertEqual(message(TrainCommand.self, ["--lr", "-1"]), "--lr must be a positive number, got -1.0")
    XCTAssertEqual(message(TrainCommand.self, ["--lr", "inf"]), "--lr must be a positive number, got inf")
    XCTAssertEqual(message(TrainCommand.self, ["--batch", "0"]), "--batch must be ≥ 1 time step, got 0")
    XCTAssertEqual(message(TrainCommand.self, ["--epochs", "-3"]), "--epochs must be ≥ 1, got -3")
    XCTAssertEqual(
      message(TrainCommand.self, ["--hidden", "64,,64"]),
      "--hidden must be comma-separated positive widths, e.g. 64,64,64; got '64,,64'")
  }

  func testNetworksTooLargeForMemoryAreRefused() throws {
    let huge = try XCTUnwrap(message(TrainCommand.self, ["--hidden", "9223372036854775807"]))
    XCTAssertTrue(huge.hasSuffix("is too large to count (its size overflows 64 bits)"), huge)
  }

  func testRolloutRejectsNonFiniteSpans() {
    XCTAssertEqual(
      message(RolloutCommand.self, ["run", "--years", "inf"]),
      "--years, --step and --network-step must be positive numbers")
    XCTAssertEqual(
      message(RolloutCommand.self, ["run", "--years", "-1"]),
      "--years, --step and --network-step must be positive numbers")
    XCTAssertNil(message(RolloutCommand.self, ["run"]))
  }
}
