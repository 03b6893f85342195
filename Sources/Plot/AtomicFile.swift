import Foundation

/// Writes files by temp-file-and-rename so that readers never see partial content (the one copy:
/// plots, checkpoints, metrics, run configs and datasets all write through it).
public enum AtomicFile {
  public static func write(_ data: Data, to url: URL) throws {
    let temporary = temporaryURL(for: url)
    do {
      try data.write(to: temporary)
      try moveIntoPlace(temporary, url)
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

  /// rename(2) replaces the destination atomically on the same file system.
  static func moveIntoPlace(_ temporary: URL, _ destination: URL) throws {
    guard rename(temporary.path, destination.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw PlotError.writeFailed(path: destination.path, reason: reason)
    }
  }
}
