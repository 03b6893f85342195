import Foundation
import TestSupport
import XCTest

@testable import HTTP

/// What the client refuses and where it stops: schemes, redirects, sizes, deadlines, retries
/// only where a retry can help, and server text escaped before it reaches a terminal.
final class HTTPHardeningTests: XCTestCase {
  private var client: HTTPClient {
    var c = HTTPClient()
    c.backoff = 0.01
    c.retries = 3
    c.timeout = 1
    c.deadline = 20
    return c
  }

  /// `file://` was read and quoted, and gopher/dict/telnet connected and sent: now each is
  /// refused before any connection, and nothing of the file appears in the error.
  func testOnlyHTTPAndHTTPSAreFetched() throws {
    let server = try LoopbackServer { _, _ in .ok(Data("should not be asked".utf8)) }
    let port = server.port
    for url in [
      "file:///etc/passwd", "gopher://127.0.0.1:\(port)/x", "dict://127.0.0.1:\(port)/d:word",
      "telnet://127.0.0.1:\(port)", "ftp://127.0.0.1:\(port)/f", "127.0.0.1:\(port)/no-scheme", "FILE:///etc/passwd",
    ] {
      XCTAssertThrowsError(try client.get(url), url) { error in
        guard case .unsupportedScheme = error as? HTTPError else { return XCTFail("\(url): \(error)") }
        XCTAssertFalse("\(error)".contains("root:"), "\(error)")
      }
    }
    XCTAssertEqual(server.connections, 0)
  }

  /// A redirect to `file://` is refused by libcurl's redirect allow-list.
  func testRedirectToFileIsRefused() throws {
    let server = try LoopbackServer { _, _ in .redirect(to: "file:///etc/passwd") }
    XCTAssertThrowsError(try client.get(server.baseURL + "/r")) { error in
      guard case .unsupportedScheme(_, let scheme) = error as? HTTPError else { return XCTFail("\(error)") }
      XCTAssertTrue(scheme.hasPrefix("file"), scheme)
      XCTAssertFalse("\(error)".contains("root:"), "\(error)")
    }
    XCTAssertEqual(server.requests(to: "/r"), 1)
  }

  /// A redirect loop made 4,075 requests; now it stops after `maxRedirects` and is not retried.
  func testRedirectLoopIsBounded() throws {
    let server = try LoopbackServer { _, _ in .redirect(to: "/loop") }
    XCTAssertThrowsError(try client.get(server.baseURL + "/loop")) { error in
      XCTAssertEqual(error as? HTTPError, .tooManyRedirects(url: server.baseURL + "/loop", limit: 5))
    }
    XCTAssertEqual(server.requests(to: "/loop"), 6)
  }

  /// A 300 MB reply was held whole (951 MB of memory): the write callback now stops at the
  /// cap, whether or not the length was announced; a download stops likewise on disk.
  func testOversizeRepliesAreAbandoned() throws {
    let server = try LoopbackServer { request, _ in .endless(bytes: 300 << 20, announced: request.path == "/announced")
    }
    var small = client
    small.maxReplyBytes = 1 << 20
    small.maxDownloadBytes = 1 << 20
    for path in ["/announced", "/unannounced"] {
      XCTAssertThrowsError(try small.get(server.baseURL + path)) { error in
        XCTAssertEqual(error as? HTTPError, .tooLarge(url: server.baseURL + path, limit: 1 << 20))
      }
      XCTAssertEqual(server.requests(to: path), 1, "not retried")
    }
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID()).bin")
    defer {
      try? FileManager.default.removeItem(at: target)
      try? FileManager.default.removeItem(atPath: target.path + ".part")
    }
    XCTAssertThrowsError(try small.download(server.baseURL + "/file", to: target)) { error in
      guard case .tooLarge = error as? HTTPError else { return XCTFail("\(error)") }
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    let kept = ((try? FileManager.default.attributesOfItem(atPath: target.path + ".part")[.size]) as? Int) ?? 0
    XCTAssertLessThanOrEqual(kept, 1 << 20)
  }

  /// The `slow` server took 615 s to fail (5 tries of 120 s plus back-off): the deadline bounds
  /// the whole call. The bound asserted is generous: only a hang would break it.
  func testSlowServerEndsAtTheDeadline() throws {
    let server = try LoopbackServer { _, _ in .slow(seconds: 60, Data("late".utf8)) }
    defer { server.stop() }
    var c = client
    c.timeout = 0.3
    c.deadline = 1
    c.backoff = 0.1
    let started = Date()
    XCTAssertThrowsError(try c.get(server.baseURL + "/slow")) { error in
      guard let error = error as? HTTPError else { return XCTFail("\(error)") }
      switch error {
      case .deadlineExceeded(_, 1, _, let last): XCTAssertTrue(last.contains("timed out"), last)
      case .timeout: break  // the last try ran into the deadline itself
      default: XCTFail("\(error)")
      }
      XCTAssertEqual("\(error)".components(separatedBy: server.baseURL).count, 2, "the URL once: \(error)")
    }
    let elapsed = Date().timeIntervalSince(started)
    print("slow server: failed after \(String(format: "%.2f", elapsed)) s with deadline 1 s, per-try timeout 0.3 s")
    XCTAssertLessThan(elapsed, 30)
  }

  /// A server that accepts and then sends nothing is abandoned after the stall limit, long
  /// before the per-try limit.
  func testStalledServerIsAbandoned() throws {
    let server = try LoopbackServer { _, _ in .slow(seconds: 60, Data()) }
    defer { server.stop() }
    var c = client
    c.timeout = 30
    c.stallTimeout = 1
    c.retries = 0
    XCTAssertThrowsError(try c.get(server.baseURL + "/stall")) { error in
      guard case .timeout(_, let seconds)? = error as? HTTPError else { return XCTFail("\(error)") }
      XCTAssertLessThan(seconds, 30, "the stall limit ended it, not the per-try one")
    }
  }

  /// 429 is overload like 503 (retried); any other 4xx is final after one request.
  func testRetriesOnlyWhatCanHeal() throws {
    let server = try LoopbackServer { request, n in
      switch request.path {
      case "/busy": n == 1 ? .ok(Data("slow down".utf8), status: 429) : .ok(Data("done".utf8))
      default: .ok(Data("no".utf8), status: 404)
      }
    }
    XCTAssertEqual(String(decoding: try client.get(server.baseURL + "/busy"), as: UTF8.self), "done")
    XCTAssertEqual(server.requests(to: "/busy"), 2)
    XCTAssertThrowsError(try client.get(server.baseURL + "/missing"))
    XCTAssertEqual(server.requests(to: "/missing"), 1)
  }

  /// A name that does not resolve fails at once: the loop makes one attempt. (Tested on the
  /// retry loop itself: network tests stay on 127.0.0.1.)
  func testUnresolvedHostIsNotRetried() throws {
    let url = "https://ssd.jpl.nasa.gov/api/horizons.api"
    var attempts = 0
    XCTAssertThrowsError(
      try client.withRetries(url, deadline: 10, log: nil) { _ -> Data in
        attempts += 1
        throw HTTPError.unresolvedHost(url: url, host: "ssd.jpl.nasa.gov")
      })
    XCTAssertEqual(attempts, 1)
    XCTAssertEqual(
      "\(HTTPError.unresolvedHost(url: url, host: "ssd.jpl.nasa.gov"))",
      "\(url): cannot resolve host 'ssd.jpl.nasa.gov' (offline, or a mistyped name)")
  }

  /// A server that resets every connection is retried, then reported as a failed connection.
  func testResetConnectionsAreRetriedThenReported() throws {
    let server = try LoopbackServer { _, _ in .reset }
    XCTAssertThrowsError(try client.get(server.baseURL + "/reset")) { error in
      guard case .connectionFailed = error as? HTTPError else { return XCTFail("\(error)") }
    }
    XCTAssertEqual(server.requests(to: "/reset"), 4)
  }

  /// ANSI escapes in an error page reach the user escaped, on one line.
  func testServerTextIsEscaped() throws {
    let server = try LoopbackServer { _, _ in .ok(Data("\u{1B}[2J\u{1B}]0;pwned\u{07}bad date\r".utf8), status: 400) }
    XCTAssertThrowsError(try client.get(server.baseURL + "/ansi")) { error in
      let text = "\(error)"
      XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, text)
      XCTAssertTrue(text.hasSuffix("HTTP 400: \\u{1B}[2J\\u{1B}]0;pwned\\u{7}bad date"), text)
    }
  }

  func testTerminalTextEscapes() {
    XCTAssertEqual(TerminalText.escaped("a\u{1B}[31mb\nc\td\u{9B}e\u{202E}f"), "a\\u{1B}[31mb\\nc\td\\u{9B}e\\u{202E}f")
    XCTAssertEqual(TerminalText.escaped("one\ntwo", keepingLineBreaks: true), "one\ntwo")
    XCTAssertEqual(TerminalText.escaped("50%\r99%\u{7F}"), "50%\\r99%\\u{7F}")
    XCTAssertEqual(TerminalText.escaped("Mars (499) — ü"), "Mars (499) — ü")
  }
}
