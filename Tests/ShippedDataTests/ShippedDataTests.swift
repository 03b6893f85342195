import Foundation
import ShippedData
import XCTest

/// The search order for shipped data, on folders laid out as an install and as a checkout.
final class ShippedDataTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

  /// Creates `relative` (a file, or a folder when it ends in "/") under the temporary root.
  @discardableResult
  private func make(_ relative: String) throws -> URL {
    let url = root.appendingPathComponent(relative)
    if relative.hasSuffix("/") {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } else {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("x".utf8).write(to: url)
    }
    return url.standardizedFileURL
  }

  private func path(_ relative: String) -> String { root.appendingPathComponent(relative).standardizedFileURL.path }

  func testInstalledShareBesideBinWins() throws {
    try make("prefix/share/gravitas/gm.csv")
    try make("elsewhere/Data/gm.csv")
    let data = ShippedData(
      environment: [:], executable: root.appendingPathComponent("prefix/bin/orbits"),
      currentDirectory: root.appendingPathComponent("elsewhere"))
    XCTAssertEqual(try data.file("gm.csv").path, path("prefix/share/gravitas/gm.csv"))
  }

  func testDevelopmentBuildFindsItsRepository() throws {
    try make("repo/Package.swift")
    try make("repo/Data/gm.csv")
    let data = ShippedData(
      environment: [:], executable: root.appendingPathComponent("repo/.build/x86_64-unknown-linux-gnu/release/orbits"),
      currentDirectory: try make("empty/"))
    XCTAssertEqual(try data.file("gm.csv").path, path("repo/Data/gm.csv"))
    XCTAssertEqual(data.places.map(\.origin), ["installed", "repository", "current folder"])
  }

  func testCurrentFolderDataIsTheLastResort() throws {
    try make("here/Data/gm.csv")
    let data = ShippedData(
      environment: [:], executable: root.appendingPathComponent("bin/orbits"),
      currentDirectory: root.appendingPathComponent("here"))
    XCTAssertEqual(try data.file("gm.csv").path, path("here/Data/gm.csv"))
  }

  func testEnvironmentOverridesTheInstallAndIsTheOnlyPlace() throws {
    try make("prefix/share/gravitas/gm.csv")
    try make("mine/gm.csv")
    let executable = root.appendingPathComponent("prefix/bin/orbits")
    let chosen = ShippedData(environment: ["GRAVITAS_DATA": path("mine")], executable: executable)
    XCTAssertEqual(try chosen.file("gm.csv").path, path("mine/gm.csv"))
    // A variable naming a folder without the file does not fall back to the installed copy.
    let wrong = ShippedData(environment: ["GRAVITAS_DATA": path("typo")], executable: executable)
    XCTAssertThrowsError(try wrong.file("gm.csv")) { error in
      XCTAssertTrue("\(error)".contains("\(self.path("typo")) ($GRAVITAS_DATA)"), "\(error)")
    }
  }

  func testOptionOverridesTheEnvironment() throws {
    try make("mine/gm.csv")
    try make("option/gm.csv")
    let data = ShippedData(option: path("option"), environment: ["GRAVITAS_DATA": path("mine")], executable: nil)
    XCTAssertEqual(data.places.map(\.origin), ["--data"])
    XCTAssertEqual(try data.file("gm.csv").path, path("option/gm.csv"))
  }

  func testRelativeOptionIsTakenFromTheCurrentFolder() throws {
    try make("here/mine/gm.csv")
    let data = ShippedData(
      option: "mine", environment: [:], executable: nil, currentDirectory: root.appendingPathComponent("here"))
    XCTAssertEqual(try data.file("gm.csv").path, path("here/mine/gm.csv"))
  }

  func testNothingFoundNamesEveryPlaceAndTheFixesOnOneLine() throws {
    try make("repo/Package.swift")
    try make("repo/Data/")
    let data = ShippedData(
      environment: [:], executable: root.appendingPathComponent("repo/.build/release/cosmo"),
      currentDirectory: try make("empty/"))
    XCTAssertThrowsError(try data.file("Pantheon+SH0ES.dat", fileOption: "--data")) { error in
      let line = "\(error)"
      XCTAssertFalse(line.contains("\n"))
      for place in [path("repo/.build/share/gravitas"), path("repo/Data"), path("empty/Data")] {
        XCTAssertTrue(line.contains(place), "\(place) missing from: \(line)")
      }
      for fix in ["make install", "GRAVITAS_DATA=DIR", "--data DIR"] { XCTAssertTrue(line.contains(fix), line) }
    }
  }

  func testRepositoryRootIsListedOnce() throws {
    try make("repo/Package.swift")
    try make("repo/Data/gm.csv")
    let data = ShippedData(
      environment: [:], executable: root.appendingPathComponent("repo/.build/release/orbits"),
      currentDirectory: root.appendingPathComponent("repo"))
    XCTAssertEqual(data.places.map(\.origin), ["installed", "repository"])
  }

  func testFileOrFolderOption() throws {
    let table = try make("mine/table.dat")
    try make("mine/Pantheon+SH0ES.dat")
    // A file is taken as it is (even one that does not exist: its reader says so).
    XCTAssertEqual(
      try ShippedData.file(
        "Pantheon+SH0ES.dat", fileOrFolder: table.path, option: "--data", environment: [:],
        executable: nil
      ).path, table.path)
    XCTAssertEqual(
      try ShippedData.file(
        "Pantheon+SH0ES.dat", fileOrFolder: path("missing.dat"), option: "--data", environment: [:],
        executable: nil
      ).path, path("missing.dat"))
    // A folder is searched for the default file.
    XCTAssertEqual(
      try ShippedData.file(
        "Pantheon+SH0ES.dat", fileOrFolder: path("mine"), option: "--data", environment: [:],
        executable: nil
      ).path, path("mine/Pantheon+SH0ES.dat"))
    // Nothing given: the search.
    XCTAssertEqual(
      try ShippedData.file(
        "Pantheon+SH0ES.dat", fileOrFolder: nil, option: "--data",
        environment: ["GRAVITAS_DATA": path("mine")], executable: nil
      ).path,
      path("mine/Pantheon+SH0ES.dat"))
  }
}
