import Foundation
import HTTP
import TestSupport
import XCTest

/// The whole client path, libcurl included, against scripted replies on 127.0.0.1.
final class HTTPClientTests: XCTestCase {
  private var client: HTTPClient {
    var c = HTTPClient()
    c.backoff = 0.01
    c.retries = 3
    c.timeout = 1
    return c
  }

  func testGetAndUserAgent() throws {
    let server = try LoopbackServer { request, _ in .ok(Data("agent=\(request.headers["user-agent"] ?? "")".utf8)) }
    let body = try client.get(server.baseURL + "/hello")
    XCTAssertTrue(String(decoding: body, as: UTF8.self).hasPrefix("agent=Gravitas/"))
  }

  func testRetries503ThenSucceeds() throws {
    let server = try LoopbackServer { _, n in n < 3 ? .ok(Data("busy".utf8), status: 503) : .ok(Data("done".utf8)) }
    var lines: [String] = []
    let body = try client.get(server.baseURL + "/x", log: { lines.append($0) })
    XCTAssertEqual(String(decoding: body, as: UTF8.self), "done")
    XCTAssertEqual(server.requests(to: "/x"), 3)
    XCTAssertEqual(lines.count, 2)
  }

  func testDoesNotRetryOtherStatuses() throws {
    let server = try LoopbackServer { _, _ in .ok(Data("Cannot interpret date.\nmore".utf8), status: 400) }
    XCTAssertThrowsError(try client.get(server.baseURL + "/bad")) { error in
      XCTAssertEqual(
        error as? HTTPError, .status(url: server.baseURL + "/bad", code: 400, body: "Cannot interpret date."))
    }
    XCTAssertEqual(server.requests(to: "/bad"), 1)
  }

  func testGivesUpAfterRetriesOn503() throws {
    let server = try LoopbackServer { _, _ in .ok(Data(), status: 503) }
    XCTAssertThrowsError(try client.get(server.baseURL + "/down")) { error in
      XCTAssertEqual((error as? HTTPError)?.isTransient, true)
    }
    XCTAssertEqual(server.requests(to: "/down"), 4)
  }

  func testSlowReplyTimesOutAndIsRetried() throws {
    let server = try LoopbackServer { _, n in n == 1 ? .slow(seconds: 1.5, Data("late".utf8)) : .ok(Data("fast".utf8)) }
    XCTAssertEqual(String(decoding: try client.get(server.baseURL + "/slow"), as: UTF8.self), "fast")
    XCTAssertEqual(server.requests(to: "/slow"), 2)
  }

  func testTruncatedAndGarbage() throws {
    let server = try LoopbackServer { request, _ in
      request.path == "/cut"
        ? .truncated(declared: 1000, body: Data("only this".utf8)) : .raw(Data("\u{1}\u{2} not http\r\n\r\n".utf8))
    }
    XCTAssertThrowsError(try client.get(server.baseURL + "/cut")) { error in
      guard case .truncated = error as? HTTPError else { return XCTFail("\(error)") }
    }
    XCTAssertEqual(server.requests(to: "/cut"), 1, "a truncated body is not retried")
    XCTAssertThrowsError(try client.get(server.baseURL + "/garbage"))
  }

  /// A download interrupted part-way resumes from the `.part` file with a Range request, and the
  /// file appears only when complete.
  func testResumableDownload() throws {
    let content = Data((0..<5000).map { UInt8($0 % 251) })
    let server = try LoopbackServer { request, n in
      if n == 1 { return .truncated(declared: content.count, body: content.prefix(2000)) }
      return LoopbackServer.serving(content, for: request)
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("file.bin")
    XCTAssertThrowsError(try client.download(server.baseURL + "/f", to: target))
    XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target.path + ".part")).count, 2000, "kept to resume")
    var seen: [Int64] = []
    try client.download(server.baseURL + "/f", to: target, progress: { now, _ in seen.append(now) })
    XCTAssertEqual(try Data(contentsOf: target), content)
    XCTAssertFalse(FileManager.default.fileExists(atPath: target.path + ".part"))
    XCTAssertFalse(seen.isEmpty)
    XCTAssertEqual(server.requests(to: "/f"), 2)
  }

  /// A download that fails before its first byte leaves nothing behind: no file, no empty `.part`.
  func testFailedDownloadLeavesNoEmptyPart() throws {
    let server = try LoopbackServer { _, _ in .ok(Data("gone".utf8), status: 404) }
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID()).bin")
    XCTAssertThrowsError(try client.download(server.baseURL + "/missing", to: target))
    XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    XCTAssertFalse(FileManager.default.fileExists(atPath: target.path + ".part"))
  }

  /// An error page (a 503, retried) never lands in the file: had its body been written to the
  /// .part file, the retry would resume after it and the download would hold the page's bytes.
  func testErrorPageDoesNotCorruptTheDownload() throws {
    let content = Data((0..<4000).map { UInt8($0 % 253) })
    let server = try LoopbackServer { request, n in
      n == 1
        ? .ok(Data("<html>busy, try later</html>".utf8), status: 503) : LoopbackServer.serving(content, for: request)
    }
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID()).bin")
    defer { try? FileManager.default.removeItem(at: target) }
    try client.download(server.baseURL + "/h", to: target)
    XCTAssertEqual(try Data(contentsOf: target), content)
    XCTAssertEqual(server.requests(to: "/h"), 2)
  }

  /// A server without byte ranges makes the download start over rather than fail.
  func testDownloadRestartsWhenRangesAreRefused() throws {
    let content = Data((0..<3000).map { UInt8($0 % 7) })
    let server = try LoopbackServer { _, n in
      n == 1 ? .truncated(declared: content.count, body: content.prefix(1000)) : .ok(content)
    }
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID()).bin")
    defer { try? FileManager.default.removeItem(at: target) }
    XCTAssertThrowsError(try client.download(server.baseURL + "/g", to: target))
    try client.download(server.baseURL + "/g", to: target)
    XCTAssertEqual(try Data(contentsOf: target), content)
  }
}
