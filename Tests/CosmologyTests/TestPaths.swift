import Foundation
import XCTest

/// Locations of real data used by the tests, found from this file's path.
enum TestPaths {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// The shipped Pantheon+SH0ES table (Data/README.md).
  static let pantheonTable = repository.appendingPathComponent("Data/Pantheon+SH0ES.dat")
  /// The Union3 cobaya dataset copied into Fixtures/union3.
  static var union3Dataset: URL {
    Bundle.module.url(forResource: "full_long", withExtension: "dataset", subdirectory: "Fixtures/union3")!
  }

  /// The full Pantheon+ STAT+SYS covariance, if someone has put it next to the shared data.
  static func pantheonCovariance() throws -> URL {
    let folder = repository.deletingLastPathComponent().appendingPathComponent("shared/data/pantheon")
    for name in ["Pantheon+SH0ES_STAT+SYS.cov", "Pantheon+SH0ES_STAT+SYS.cov.gz"] {
      let url = folder.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: url.path) { return url }
    }
    throw XCTSkip(
      "Pantheon+SH0ES_STAT+SYS.cov(.gz) is absent from \(folder.path) (not shipped: no network here); "
        + "full-covariance reproduction Ωm = 0.332, χ² = 1402.9 not checked")
  }

  /// A fresh temporary directory, removed when the test ends.
  static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }
}
