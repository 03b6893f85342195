import Foundation
import HTTP
import Orbits
import TestSupport
import XCTest

/// `orbits fetch` against a misbehaving loopback Horizons: every fault mode ends in a clear
/// error or a correct dataset, within short configured deadlines (the bound asserted on time is
/// generous: only a hang breaks it), and leaves nothing in the cache that a later fetch would
/// take for a good reply.
final class HorizonsFaultTests: XCTestCase {
  private var folder: URL!
  private var cache: URL { folder.appendingPathComponent("cache") }
  private var log: [String] = []
  private let lock = NSLock()

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("horizons-faults-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private let start = 2451545.0, stop = 2451546.0
  private let stepMinutes = 360

  private func client(_ server: LoopbackServer) -> HorizonsClient {
    var http = HTTPClient()
    http.timeout = 0.5
    http.deadline = 2
    http.backoff = 0.05
    http.retries = 2
    http.maxReplyBytes = 1 << 20
    return HorizonsClient(apiURL: server.baseURL + "/api", http: http, cacheDirectory: cache) { [weak self] line in
      self?.lock.lock()
      self?.log.append(line)
      self?.lock.unlock()
    }
  }

  private func fetch(_ server: LoopbackServer, body: BodyCatalogue.Target = .major(id: 499, name: "Mars")) throws
    -> EphemerisDataset
  {
    try client(server).fetch(targets: [body], center: "500@0", start: start, stop: stop, stepMinutes: stepMinutes)
  }

  private var cacheEntries: [String] { (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? [] }

  /// The dataset a correct reply gives: the 5 epochs asked for, positions and velocities as
  /// served, accelerations 1e-6 km/s² at every epoch, the ends included (the request was padded).
  private func assertCorrect(_ dataset: EphemerisDataset, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(dataset.epochs.count, 5, file: file, line: line)
    XCTAssertEqual(dataset.epochs.first ?? 0, start, accuracy: 1e-9, file: file, line: line)
    XCTAssertEqual(dataset.epochs.last ?? 0, stop, accuracy: 1e-9, file: file, line: line)
    XCTAssertEqual(dataset.positions[dataset.index(0, 0, 0)], 1e8, accuracy: 1e-6, file: file, line: line)
    XCTAssertEqual(dataset.positions[dataset.index(0, 0, 1)], 499, file: file, line: line)
    for e in dataset.epochs.indices {
      XCTAssertEqual(dataset.accelerations?[dataset.index(e, 0, 0)] ?? 0, 1e-6, accuracy: 1e-12, file: file, line: line)
    }
  }

  /// After a fault: nothing was cached, and a good server then gives the correct dataset.
  private func assertNothingPoisoned(file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(
      cacheEntries.filter { !$0.hasPrefix(".") }, [], "nothing cached after a fault", file: file, line: line)
    let good = try LoopbackServer { request, _ in .ok(FakeHorizons.reply(to: request.path)) }
    defer { good.stop() }
    assertCorrect(try fetch(good), file: file, line: line)
    XCTAssertEqual(cacheEntries.count, 1, file: file, line: line)
    try FileManager.default.removeItem(at: cache)
  }

  private func assertFails(
    _ reply: @escaping @Sendable (LoopbackServer.Request, Int) -> LoopbackServer.Reply,
    file: StaticString = #filePath, line: UInt = #line, _ check: (Error) -> Void
  ) throws {
    let server = try LoopbackServer(handler: reply)
    defer { server.stop() }
    let started = Date()
    XCTAssertThrowsError(try fetch(server), file: file, line: line) { error in
      check(error)
      let text = "\(error)"
      XCTAssertFalse(
        text.contains("\n") || text.unicodeScalars.contains { $0.value == 0x1B }, text, file: file, line: line)
    }
    XCTAssertLessThan(Date().timeIntervalSince(started), 30, "a hang", file: file, line: line)
    try assertNothingPoisoned(file: file, line: line)
  }

  func testOK() throws {
    let server = try LoopbackServer { request, _ in .ok(FakeHorizons.reply(to: request.path)) }
    assertCorrect(try fetch(server))
    // The request reached one step past each end: the first START_TIME is start − 6 h.
    XCTAssertEqual(cacheEntries.count, 1)
  }

  func testServiceUnavailableThenOK() throws {
    let server = try LoopbackServer { request, n in
      n == 1 ? .ok(Data("overloaded".utf8), status: 503) : .ok(FakeHorizons.reply(to: request.path))
    }
    assertCorrect(try fetch(server))
    XCTAssertEqual(log.filter { $0.contains("HTTP 503") && $0.contains("retrying") }.count, 1, "\(log)")
  }

  func testSlow() throws {
    try assertFails({ _, _ in .slow(seconds: 30, Data()) }) { error in
      switch error as? HTTPError {
      case .deadlineExceeded?, .timeout?: break
      default: XCTFail("\(error)")
      }
    }
  }

  func testTruncated() throws {
    try assertFails({ request, _ in
      .truncated(declared: 100_000, body: FakeHorizons.reply(to: request.path).prefix(500))
    }) { error in
      guard case .truncated? = error as? HTTPError else { return XCTFail("\(error)") }
    }
  }

  /// A reply cut inside the ephemeris but well-formed as HTTP: `$$SOE` without `$$EOE`.
  func testTruncatedEphemeris() throws {
    try assertFails({ request, _ in
      let text = FakeHorizons.text(to: request.path)
      return .ok(Data(text[..<(text.range(of: "$$EOE")?.lowerBound ?? text.endIndex)].utf8))
    }) { error in
      guard case .truncated? = error as? HorizonsError else { return XCTFail("\(error)") }
    }
  }

  func testGarbage() throws {
    try assertFails({ _, _ in .raw(Data("\u{1B}[31m\u{0}\u{7F} garbage \r\n\r\n".utf8)) }) { error in
      XCTAssertNotNil(error as? HTTPError, "\(error)")
    }
    try assertFails({ _, _ in .ok(Data("<html>\u{1B}]0;owned\u{7} maintenance</html>".utf8)) }) { error in
      XCTAssertNotNil(error as? HorizonsError, "\(error)")
    }
  }

  func testErrorJSON() throws {
    try assertFails({ _, _ in .ok(FakeHorizons.error("No ephemeris for target \"Mars\" prior to A.D. 1600")) }) {
      error in
      XCTAssertEqual("\(error)", "Horizons rejected the request: No ephemeris for target \"Mars\" prior to A.D. 1600")
    }
  }

  func testAmbiguous() throws {
    let url = try XCTUnwrap(
      Bundle.module.url(
        forResource: "ambiguous_major_bodies_mars", withExtension: "txt", subdirectory: "Fixtures/horizons"))
    let text = try String(contentsOf: url, encoding: .utf8)
    try assertFails({ _, _ in .ok(Data(text.utf8)) }) { error in
      guard case .ambiguous? = error as? HorizonsError else { return XCTFail("\(error)") }
    }
  }

  func testReset() throws {
    try assertFails({ _, _ in .reset }) { error in
      guard case .connectionFailed? = error as? HTTPError else { return XCTFail("\(error)") }
    }
  }

  func testRedirectLoop() throws {
    try assertFails({ request, _ in .redirect(to: request.path) }) { error in
      guard case .tooManyRedirects? = error as? HTTPError else { return XCTFail("\(error)") }
    }
  }

  func testOversize() throws {
    try assertFails({ _, _ in .endless(bytes: 300 << 20, announced: false) }) { error in
      guard case .tooLarge? = error as? HTTPError else { return XCTFail("\(error)") }
    }
  }

  /// Replies that parse but answer another question: each refused, none cached.
  func testWrongReplies() throws {
    let faults: [(String, FakeHorizons.Fault)] = [
      ("target", .init(target: "Venus (299)")), ("centre", .init(center: "Sun (10)")),
      ("reference frame", .init(frame: "Ecliptic of J2000.0")),
    ]
    for (field, fault) in faults {
      try assertFails({ request, _ in .ok(FakeHorizons.reply(to: request.path, fault: fault)) }) { error in
        guard case .mismatch(_, field, _, _)? = error as? HorizonsReplyError else {
          return XCTFail("\(field): \(error)")
        }
      }
    }
    try assertFails({ request, _ in .ok(FakeHorizons.reply(to: request.path, fault: .init(shift: 1))) }) { error in
      guard case .missingEpoch? = error as? HorizonsReplyError else { return XCTFail("\(error)") }
    }
    try assertFails({ request, _ in .ok(FakeHorizons.reply(to: request.path, fault: .init(dropEpoch: 3))) }) { error in
      guard case .missingEpoch(_, let jd)? = error as? HorizonsReplyError else { return XCTFail("\(error)") }
      XCTAssertEqual(jd, 2451545.0 - 0.25 + 3 * 0.25, accuracy: 1e-9)
    }
    try assertFails({ request, _ in .ok(FakeHorizons.reply(to: request.path, fault: .init(dropEpoch: 6))) }) { error in
      XCTAssertTrue("\(error)".contains("lacks the epoch JD 2451546.25"), "\(error)")
    }
  }

  /// A damaged cache entry broke every later fetch until --force: it is now named, removed and
  /// fetched again, and the new entry is good.
  func testDamagedCacheEntryIsNamedAndRefetched() throws {
    let server = try LoopbackServer { request, _ in .ok(FakeHorizons.reply(to: request.path)) }
    assertCorrect(try fetch(server))
    let entry = cache.appendingPathComponent(try XCTUnwrap(cacheEntries.first))
    var bytes = try Data(contentsOf: entry)
    let digit = try XCTUnwrap(bytes.lastIndex(of: UInt8(ascii: "7")))
    bytes[digit] = UInt8(ascii: "8")  // one digit of one coordinate: still parses, still matches
    try bytes.write(to: entry)
    assertCorrect(try fetch(server))
    XCTAssertTrue(
      log.contains { $0.contains(entry.path) && $0.contains("damaged") && $0.contains("checksum") }, "\(log)")
    XCTAssertEqual(try Data(contentsOf: entry).count, bytes.count)
    XCTAssertNotEqual(try Data(contentsOf: entry), bytes)
    // A FIFO in its place is named too, not read (a read would block for ever).
    try FileManager.default.removeItem(at: entry)
    XCTAssertEqual(mkfifo(entry.path, 0o600), 0)
    assertCorrect(try fetch(server))
    XCTAssertTrue(log.contains { $0.contains(entry.path) && $0.contains("not a regular file") }, "\(log)")
    // A cached reply that no longer answers its request (an old entry, a copied cache) likewise.
    try Data("garbage".utf8).write(to: entry)
    assertCorrect(try fetch(server))
    XCTAssertTrue(log.contains { $0.contains(entry.lastPathComponent) && $0.contains("header") }, "\(log)")
    let requests = log.filter { $0.contains("cached") }.count
    assertCorrect(try fetch(server))
    XCTAssertEqual(log.filter { $0.contains("cached") }.count, requests + 1, "the refetched entry is used")
  }
}

/// Errors quoting a file or a server print its control characters escaped.
final class EscapedErrorTests: XCTestCase {
  func testFileBytesInErrorsAreEscaped() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-kernel-\(UUID()).bsp")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data("\u{1B}[2J\u{1B}]0;x\u{7}".utf8 + Data(repeating: 0, count: 2048)).write(to: file)
    XCTAssertThrowsError(try SPKKernel(contentsOf: file)) { error in
      XCTAssertFalse("\(error)".unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(error)")
    }
    XCTAssertEqual(
      "\(HorizonsError.rejected("bad\u{1B}[31m date\nmore"))",
      "Horizons rejected the request: bad\\u{1B}[31m date\\nmore")
  }
}
