import Foundation

/// Writes files by temp-file-and-rename so that readers never see partial content.
public enum AtomicFile {
  public static func write(_ data: Data, to url: URL) throws {
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try data.write(to: temporary)
    } catch {
      throw NNError.writeFailed(path: url.path, reason: error.localizedDescription)
    }
    // rename(2) replaces the destination atomically on the same file system.
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw NNError.writeFailed(path: url.path, reason: reason)
    }
  }
}
