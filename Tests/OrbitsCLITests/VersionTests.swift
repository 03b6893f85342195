import GravitasVersion
import XCTest

@testable import OrbitsCLI

/// `--version` names the package version and the commit the binary was built from.
final class VersionTests: XCTestCase {
  func testTheLineNamesTheCommitOrSaysItIsUnknown() {
    XCTAssertEqual(
      GravitasVersion.line(command: "orbits", commit: "8b88259d79fe"),
      "orbits (Gravitas \(GravitasVersion.number), commit 8b88259d79fe)")
    XCTAssertEqual(
      GravitasVersion.line(command: "cosmo", commit: nil), "cosmo (Gravitas \(GravitasVersion.number), unknown commit)")
  }

  /// The plugin's answer for this build: twelve hex digits (", modified" when the checkout had
  /// changes), or nil outside a git checkout.
  func testTheBuiltCommitIsAHashOrNil() throws {
    guard let hash = BuildCommit.hash else { throw XCTSkip("built outside a git checkout: unknown commit") }
    XCTAssertNotNil(hash.range(of: #"^[0-9a-f]{12}(, modified)?$"#, options: .regularExpression), hash)
    XCTAssertTrue(OrbitsCommand.configuration.version.contains("commit \(hash)"), OrbitsCommand.configuration.version)
  }
}
