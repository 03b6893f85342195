import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#else
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes files by temp-file-and-rename so that readers never see partial content (the one copy:
/// plots, checkpoints, metrics, run configs and datasets all write through it). The temporary
/// file is fsynced before the rename and the folder after it, so a crash or power cut leaves
/// either the old file or the new one, never an empty or torn one under the final name.
public enum AtomicFile {
  public static func write(_ data: Data, to url: URL) throws {
    let temporary = temporaryURL(for: url)
    do {
      try writeDurably(data, to: temporary)
      try moveIntoPlace(temporary, url)
      syncFolder(of: url)
    } catch let error as PlotError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw PlotError.writeFailed(path: url.path, reason: error.localizedDescription)
    }
  }

  /// A hidden sibling of `url`, unique per call.
  static func temporaryURL(for url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
  }

  /// Writes and fsyncs: the bytes are on disk before the rename makes them the file.
  static func writeDurably(_ data: Data, to url: URL) throws {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw PlotError.writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    try data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else {
          let reason = String(cString: strerror(errno))
          try? FileManager.default.removeItem(at: url)
          throw PlotError.writeFailed(path: url.path, reason: reason)
        }
        offset += written
      }
    }
    guard fsync(descriptor) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: url)
      throw PlotError.writeFailed(path: url.path, reason: "fsync: \(reason)")
    }
  }

  /// rename(2) replaces the destination atomically on the same file system.
  static func moveIntoPlace(_ temporary: URL, _ destination: URL) throws {
    guard rename(temporary.path, destination.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw PlotError.writeFailed(path: destination.path, reason: reason)
    }
  }

  /// Makes the rename itself durable (best effort: some file systems refuse fsync on folders).
  static func syncFolder(of url: URL) {
    let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }
}
