import Cosmology
import Crypto
import Foundation
import HTTP
import TestSupport
import XCTest

/// `cosmo data fetch`'s path: download (resumed after a cut), verify, place; a wrong hash leaves nothing.
final class ReleaseDownloadTests: XCTestCase {
  func testFetchVerifiesAndPlaces() throws {
    let content = Data((0..<20_000).map { UInt8($0 % 13) })
    let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    let server = try LoopbackServer { request, n in
      if request.path.hasSuffix("bad.cov") { return .ok(Data("not it".utf8)) }
      if n == 1 { return .truncated(declared: content.count, body: content.prefix(5000)) }
      return LoopbackServer.serving(content, for: request)
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    var http = HTTPClient()
    http.backoff = 0.01
    let good = ReleaseDownload.File(name: "good.cov", path: "good.cov", sha256: digest)
    // The first attempt is cut off (not retried), the second resumes.
    XCTAssertThrowsError(try ReleaseDownload.fetch(good, baseURL: server.baseURL, into: folder, http: http))
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("good.cov").path))
    let url = try ReleaseDownload.fetch(good, baseURL: server.baseURL, into: folder, http: http)
    XCTAssertEqual(try Data(contentsOf: url), content)
    let bad = ReleaseDownload.File(name: "bad.cov", path: "bad.cov", sha256: digest)
    XCTAssertThrowsError(try ReleaseDownload.fetch(bad, baseURL: server.baseURL, into: folder, http: http)) { error in
      XCTAssertTrue("\(error)".contains("does not match the release's"), "\(error)")
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["good.cov"])
  }
}
