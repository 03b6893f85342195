import DurableFiles
import Foundation
import NN
import Runs
import TensorCore
import XCTest

/// A checkpoint that cannot be written fails as a file error naming the checkpoint (it used to
/// surface as `PlotError`, from the plotting library's atomic writer), and a failed save leaves
/// the previous checkpoint's bytes.
final class CheckpointWriteFailureTests: XCTestCase {
  func testFailedWriteIsADurableFileErrorAndKeepsThePreviousCheckpoint() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gravitas-ckpt-fail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var generator = RandomGenerator(seed: 5)
    let model: any Layer = MLP(widths: [2, 3, 1], generator: &generator)

    let missing = folder.appendingPathComponent("gone/last.safetensors")
    XCTAssertThrowsError(try Checkpoint(model: model).write(to: missing)) { error in
      guard case DurableFileError.cannotCreate(let path, _) = error else {
        return XCTFail("not a DurableFileError: \(error)")
      }
      XCTAssertEqual(path, missing.path)
    }

    // A folder standing where the file goes: the rename fails after the bytes were written.
    let blocked = folder.appendingPathComponent("best.safetensors")
    try FileManager.default.createDirectory(
      at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
    XCTAssertThrowsError(try Checkpoint(model: model).write(to: blocked)) { error in
      guard case DurableFileError.cannotRename = error else { return XCTFail("not a DurableFileError: \(error)") }
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["best.safetensors"],
      "no temporary left behind")

    let last = folder.appendingPathComponent("last.safetensors")
    try Checkpoint(model: model, metadata: ["epoch": "1"]).write(to: last)
    let before = try Data(contentsOf: last)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("best.safetensors"))
    try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path) }
    if getuid() != 0 {  // root writes through permissions
      XCTAssertThrowsError(try Checkpoint(model: model, metadata: ["epoch": "2"]).write(to: last))
      XCTAssertEqual(try Data(contentsOf: last), before)
    }
  }
}
