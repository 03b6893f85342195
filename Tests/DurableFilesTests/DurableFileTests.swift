import DurableFiles
import Foundation
import XCTest

final class DurableFileTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  private func entries() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  func testWritesAndReplacesLeavingOnlyTheFile() throws {
    let url = folder.appendingPathComponent("report.json")
    try DurableFile.write(Data("old".utf8), to: url)
    try DurableFile.write(Data("new, longer".utf8), to: url)
    XCTAssertEqual(try Data(contentsOf: url), Data("new, longer".utf8))
    XCTAssertEqual(try entries(), ["report.json"])
  }

  func testWritesAnEmptyFile() throws {
    let url = folder.appendingPathComponent("empty")
    try DurableFile.write(Data(), to: url)
    XCTAssertEqual(try Data(contentsOf: url), Data())
  }

  func testMissingFolderIsCannotCreateNamingTheFile() {
    let url = folder.appendingPathComponent("missing/report.json")
    XCTAssertThrowsError(try DurableFile.write(Data("x".utf8), to: url)) { error in
      guard case DurableFileError.cannotCreate(let path, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(path, url.path)
      XCTAssertTrue("\(error)".hasPrefix(url.path + ": cannot create"), "\(error)")
      XCTAssertFalse("\(error)".contains("\n"))
    }
  }

  /// The temporary is complete when the rename fails: it must be removed, and what stands at the
  /// destination (here a folder with a file in it) left as it was.
  func testFailedRenameLeavesTheOldEntryAndNoTemporary() throws {
    let url = folder.appendingPathComponent("checkpoint")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try Data("kept".utf8).write(to: url.appendingPathComponent("inside"))
    XCTAssertThrowsError(try DurableFile.write(Data("new".utf8), to: url)) { error in
      guard case DurableFileError.cannotRename(let path, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(path, url.path)
    }
    XCTAssertEqual(try entries(), ["checkpoint"])
    XCTAssertEqual(try Data(contentsOf: url.appendingPathComponent("inside")), Data("kept".utf8))
  }

  #if os(Linux)
    /// A write that fails part way (here the file-size limit, as a full disk would) leaves the old
    /// file's bytes and no temporary.
    func testFailedWriteLeavesTheOldFileAndNoTemporary() throws {
      let url = folder.appendingPathComponent("last.safetensors")
      try DurableFile.write(Data("previous checkpoint".utf8), to: url)
      var saved = rlimit()
      XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
      let previousHandler = signal(SIGXFSZ, SIG_IGN)
      var limited = saved
      limited.rlim_cur = 4096
      XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
      let outcome = Result { try DurableFile.write(Data(repeating: 7, count: 1 << 16), to: url) }
      XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
      signal(SIGXFSZ, previousHandler)
      XCTAssertThrowsError(try outcome.get()) { error in
        guard case DurableFileError.cannotWrite(let path, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(path, url.path)
      }
      XCTAssertEqual(try Data(contentsOf: url), Data("previous checkpoint".utf8))
      XCTAssertEqual(try entries(), ["last.safetensors"])
    }
  #endif

  func testMoveIntoPlaceReplacesAndKeepsTheSourceOnFailure() throws {
    let destination = folder.appendingPathComponent("figure.png")
    try Data("old".utf8).write(to: destination)
    let source = DurableFile.temporaryURL(beside: destination)
    XCTAssertEqual(source.deletingLastPathComponent().path, folder.path)
    XCTAssertTrue(source.lastPathComponent.hasPrefix(".figure.png."))
    try Data("rendered".utf8).write(to: source)
    try DurableFile.moveIntoPlace(source, as: destination)
    XCTAssertEqual(try Data(contentsOf: destination), Data("rendered".utf8))
    XCTAssertEqual(try entries(), ["figure.png"])

    let blocked = folder.appendingPathComponent("blocked")
    try FileManager.default.createDirectory(
      at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
    let part = folder.appendingPathComponent("download.part")
    try Data("complete".utf8).write(to: part)
    XCTAssertThrowsError(try DurableFile.moveIntoPlace(part, as: blocked)) { error in
      guard case DurableFileError.cannotRename = error else { return XCTFail("\(error)") }
    }
    XCTAssertEqual(try Data(contentsOf: part), Data("complete".utf8), "a resumable download is not thrown away")
  }
}
