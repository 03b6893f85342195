import Foundation
import Runs
import XCTest

/// A test of the files real commands wrote into Tests/RunFixtures (Tests/RunFixtures/regenerate.sh):
/// conforming gives it the fixtures' bytes and the decode-and-encode-back check.
public protocol RunFixtureRoundTrips {}

/// Tests/RunFixtures, found from this file's place in the checkout (Sources/TestSupport).
private let runFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Tests/RunFixtures")

extension RunFixtureRoundTrips {
  /// The bytes of `path`, relative to Tests/RunFixtures.
  public func bytes(_ path: String) throws -> Data { try Data(contentsOf: runFixtures.appendingPathComponent(path)) }

  /// The file at `path` decodes as `type` and encodes back to the same bytes: no key is lost,
  /// renamed or added on the way.
  public func assertRoundTrip<Document: RunDocument>(
    _ type: Document.Type, _ path: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let written = try bytes(path)
    let document = try Document.decode(written, file: path)
    XCTAssertEqual(
      String(decoding: try document.encoded(), as: UTF8.self), String(decoding: written, as: UTF8.self), path,
      file: file, line: line)
  }
}
