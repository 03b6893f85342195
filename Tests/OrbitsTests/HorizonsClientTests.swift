import Foundation
import HTTP
import Orbits
import TestSupport
import XCTest

/// The whole client path — request building, libcurl, retries, parsing, splitting, caching —
/// against a loopback server answering with replies in Horizons' layout.
final class HorizonsClientTests: XCTestCase {
  /// A reply for the request's JD range: epochs from START to STOP at the step, a straight-line
  /// "orbit" so joined chunks can be checked for gaps and duplicates.
  static func reply(to path: String) -> Data {
    func value(_ key: String) -> String {
      let query = path.removingPercentEncoding ?? path
      guard let range = query.range(of: "\(key)='") else { return "" }
      return String(query[range.upperBound...].prefix { $0 != "'" })
    }
    let start = Double(value("START_TIME").dropFirst(3))!
    let stop = Double(value("STOP_TIME").dropFirst(3))!
    let minutes = Double(value("STEP_SIZE").split(separator: " ")[0])!
    let id = value("COMMAND")
    var text = "Target body name: Body (\(id))   {source: test}\nCenter body name: Solar System Barycenter (0)\n"
    text +=
      "Output units    : KM-S\nOutput format   : 2 (position and velocity)\nReference frame : ICRF\n*****\n$$SOE\n"
    for k in 0...Int(((stop - start) * 1440 / minutes).rounded()) {
      let jd = start + Double(k) * minutes / 1440
      let t = (jd - 2_451_545) * 86400
      text +=
        "\(jd) = A.D. 2000-Jan-01 00:00:00.0000 TDB \n X = \(1e8 + t) Y = \(Double(id)!) Z = 0.0\n VX= 1.0 VY= 0.0 VZ= 0.0\n"
    }
    text += "$$EOE\n"
    let envelope =
      ["result": text, "signature": ["source": "NASA/JPL Horizons API", "version": "1.2"]] as [String: Any]
    return try! JSONSerialization.data(withJSONObject: envelope)
  }

  func testFetchSplitsRetriesCachesAndJoins() throws {
    let server = try LoopbackServer { request, n in
      n == 1 && request.path.contains("499")
        ? .ok(Data("overloaded".utf8), status: 503) : .ok(Self.reply(to: request.path))
    }
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("horizons-cache-\(UUID())")
    defer { try? FileManager.default.removeItem(at: cache) }
    var http = HTTPClient()
    http.backoff = 0.01
    var client = HorizonsClient(apiURL: server.baseURL + "/api/horizons.api", http: http, cacheDirectory: cache)
    client.epochsPerRequest = 100
    let start = try CalendarDate.julianDate("2000-01-01")
    let stop = try CalendarDate.julianDate("2000-01-21")
    let targets = [try BodyCatalogue.resolve("mars"), try BodyCatalogue.resolve("sun")]
    let dataset = try client.fetch(
      targets: targets, center: try HorizonsClient.center("ssb"), start: start, stop: stop, stepMinutes: 120)
    // 241 epochs on the grid, padded by one step at each end for central differences (243 in
    // 3 requests a body), every one of the 241 kept, from the first asked for to the last.
    XCTAssertEqual(dataset.epochs.count, 241)
    XCTAssertEqual(dataset.epochs.first!, start, accuracy: 1e-9)
    XCTAssertEqual(dataset.epochs.last!, stop, accuracy: 1e-9)
    XCTAssertEqual(dataset.bodies.map(\.id), [499, 10])
    XCTAssertEqual(
      zip(dataset.epochs, dataset.epochs.dropFirst()).map { ($1 - $0) * 24 }.map { ($0 * 1e6).rounded() / 1e6 }
        .allSatisfy { $0 == 2 }, true)
    XCTAssertEqual(dataset.positions[dataset.index(0, 0, 1)], 499)
    XCTAssertEqual(dataset.accelerations![dataset.index(10, 0, 0)], 0, accuracy: 1e-12)
    XCTAssertEqual(dataset.frame, "ICRF")
    XCTAssertTrue(dataset.provenance.contains { $0.key == "api_version" && $0.value == "1.2" })
    // Cached: a second fetch makes no request (the server would now fail them all).
    server.stop()
    let again = try client.fetch(targets: targets, center: "500@0", start: start, stop: stop, stepMinutes: 120)
    XCTAssertEqual(again.positions, dataset.positions)
  }

  func testServerErrorsReachTheUser() throws {
    let server = try LoopbackServer { request, _ in
      request.path.contains("999")
        ? .ok(
          try! JSONSerialization.data(withJSONObject: [
            "error": "No ephemeris for target \"Pluto\" after A.D. 2500", "signature": [:],
          ]))
        : .ok(Data("Cannot interpret date. Type \"?!\" or try YYYY-Mon-Dy {HH:MM} format.".utf8), status: 400)
    }
    let client = HorizonsClient(apiURL: server.baseURL + "/api", cacheDirectory: nil)
    XCTAssertThrowsError(
      try client.fetch(
        targets: [.major(id: 999, name: "Pluto")], center: "500@0", start: 2_451_545, stop: 2_451_546, stepMinutes: 60)
    ) { error in
      XCTAssertEqual("\(error)", "Horizons rejected the request: No ephemeris for target \"Pluto\" after A.D. 2500")
    }
    XCTAssertThrowsError(
      try client.fetch(
        targets: [.major(id: 10, name: "Sun")], center: "500@0", start: 2_451_545, stop: 2_451_546, stepMinutes: 60)
    ) { error in
      XCTAssertTrue(
        "\(error)".hasSuffix("HTTP 400: Cannot interpret date. Type \"?!\" or try YYYY-Mon-Dy {HH:MM} format."),
        "\(error)")
    }
  }

  func testRequestURL() {
    let url = HorizonsClient(cacheDirectory: nil).requestURL(
      command: "499", center: "500@0", start: 2451544.5, stop: 2451575.5, stepMinutes: 120)
    XCTAssertTrue(url.hasPrefix("https://ssd.jpl.nasa.gov/api/horizons.api?format=json&COMMAND='499'"), url)
    for part in [
      "EPHEM_TYPE='VECTORS'", "CENTER='500%400'", "REF_PLANE='FRAME'", "VEC_TABLE='2'", "STEP_SIZE='120%20min'",
      "START_TIME='JD%202451544.5'",
    ] {
      XCTAssertTrue(url.contains(part), "\(part) missing from \(url)")
    }
  }
}
