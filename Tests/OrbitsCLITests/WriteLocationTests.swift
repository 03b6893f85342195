import Foundation
import TestSupport
import XCTest

@testable import OrbitsCLI

/// `orbits sample` and `orbits fetch` write only under the folders they are told. Each runs as
/// the built `orbits`, from an empty current folder with HOME empty too and `--out` elsewhere:
/// sample drew its figure in ./Plots/orbits and fetch cached replies in ./.cache/horizons,
/// whatever --out said.
final class WriteLocationTests: XCTestCase {
  // XCTest makes an instance per test: each gets its own folders.
  private let root = FileManager.default.temporaryDirectory.appendingPathComponent("orbits-writes-\(UUID())")
  private var current: URL { root.appendingPathComponent("current") }
  private var home: URL { root.appendingPathComponent("home") }
  private var elsewhere: URL { root.appendingPathComponent("elsewhere") }

  override func setUpWithError() throws {
    for folder in [current, home] {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

  func testSampleDrawsBesideItsOutput() throws {
    let out = elsewhere.appendingPathComponent("tables/mars.csv")
    try orbits([
      "sample", "--bodies", "sun,earth,mars", "--start", "2024-01-01", "--stop", "2024-01-03", "--step", "6h",
      "--out", out.path,
    ])
    XCTAssertEqual(try writtenOutside(), [], "written outside --out")
    let written = try files(under: elsewhere)
    XCTAssertTrue(written.contains("tables/mars.csv"), "\(written)")
    XCTAssertTrue(written.contains("tables/plots/orbits.dat"), "\(written)")
    XCTAssertEqual(written.filter { !$0.hasPrefix("tables/") }, [])
  }

  func testFetchCachesInsideItsOutput() throws {
    let server = try LoopbackServer { request, _ in .ok(FakeHorizons.reply(to: request.path)) }
    defer { server.stop() }
    let out = elsewhere.appendingPathComponent("fetched")
    let fetch = [
      "fetch", "--body", "mars", "--start", "2000-01-01", "--stop", "2000-01-02", "--step", "6h",
      "--api-url", server.baseURL + "/api", "--out", out.path, "--timeout", "60",
    ]
    try orbits(fetch)
    XCTAssertEqual(try writtenOutside(), [], "written outside --out")
    let written = try files(under: elsewhere)
    XCTAssertTrue(written.contains("fetched/horizons-499.csv"), "\(written)")
    XCTAssertTrue(written.contains { $0.hasPrefix("fetched/.cache/horizons/") }, "\(written)")
    XCTAssertEqual(written.filter { !$0.hasPrefix("fetched/") }, [])
    // The same request again is answered from that cache.
    let served = server.connections
    try orbits(fetch)
    XCTAssertEqual(server.connections, served, "the second fetch asked the server again")
  }

  /// A named --plots or --cache is used as given; `--plots none` draws nothing.
  func testNamedFoldersStillWin() throws {
    let sample = try SampleCommand.parse(["--out", "a/b.csv", "--plots", "/tmp/figures"])
    XCTAssertEqual(sample.plotsFolder?.path, "/tmp/figures")
    XCTAssertNil(try SampleCommand.parse(["--plots", "none"]).plotsFolder)
    XCTAssertEqual(
      try SampleCommand.parse(["--out", "/x/y/b.csv"]).plotsFolder?.path, "/x/y/plots")
    XCTAssertEqual(try FetchCommand.parse(["--body", "mars", "--cache", "/tmp/c"]).cacheFolder.path, "/tmp/c")
    XCTAssertEqual(
      try FetchCommand.parse(["--body", "mars", "--out", "/x/runs"]).cacheFolder.path, "/x/runs/.cache/horizons")
    XCTAssertThrowsError(try SampleCommand.parse(["--plots", ""]))
    XCTAssertThrowsError(try FetchCommand.parse(["--body", "mars", "--cache", ""]))
  }

  /// Runs the built `orbits` in the empty current folder, HOME empty and GRAVITAS_DATA unset (the
  /// shipped data is found from the binary's checkout), and fails on a non-zero exit.
  private func orbits(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
    let binary = Bundle.main.bundleURL.appendingPathComponent("orbits")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      throw XCTSkip("the orbits binary is not built beside the tests (\(binary.path)): run swift build --build-tests")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = current
    var environment = ProcessInfo.processInfo.environment
    environment["GRAVITAS_DATA"] = nil
    environment["HOME"] = home.path
    environment["XDG_CACHE_HOME"] = nil
    process.environment = environment
    let output = Pipe()
    (process.standardOutput, process.standardError) = (output, output)
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(
      process.terminationStatus, 0, "orbits \(arguments.joined(separator: " ")): \(text)", file: file, line: line)
  }

  /// What the commands left in the current folder and HOME (both start empty).
  private func writtenOutside() throws -> [String] {
    try [current, home].flatMap { folder in
      try FileManager.default.contentsOfDirectory(atPath: folder.path).map { "\(folder.lastPathComponent)/\($0)" }
    }
  }

  /// Every file under `folder`, as paths relative to it, sorted.
  private func files(under folder: URL) throws -> [String] {
    guard let walk = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    return walk.compactMap { $0 as? String }.filter { path in
      var isFolder: ObjCBool = false
      return FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
        && !isFolder.boolValue
    }.sorted()
  }
}
