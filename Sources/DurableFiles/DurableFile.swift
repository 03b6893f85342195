import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#else
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// The one way files are written in this package: the bytes go to a hidden temporary file in the
/// destination's folder, which is fsynced, renamed onto the destination (atomic on one file
/// system), and then the folder is fsynced so the rename itself survives a power cut. A reader
/// or a crash therefore sees either the old file or the new one, never an empty or torn one, and
/// a failed write leaves the old file as it was and no temporary behind.
public enum DurableFile {
  /// Replaces (or creates) the file at `url` with `data`.
  public static func write(_ data: Data, to url: URL) throws(DurableFileError) {
    let temporary = temporaryURL(beside: url)
    do {
      try writeAndSync(data, to: temporary, reportingAs: url)
      try rename(temporary, onto: url)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
    syncFolder(of: url)
  }

  /// Puts a file someone else wrote (gnuplot's image, a finished download) in place of
  /// `destination`: fsync, rename, folder fsync. `source` must be in the destination's folder
  /// (`temporaryURL(beside:)` names one); on failure it is left where it is, for the caller to
  /// remove or to resume.
  public static func moveIntoPlace(_ source: URL, as destination: URL) throws(DurableFileError) {
    let descriptor = open(source.path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .cannotRename(path: destination.path, reason: lastError()) }
    let synced = fsync(descriptor) == 0
    let reason = lastError()
    close(descriptor)
    guard synced else { throw .cannotSync(path: destination.path, reason: reason) }
    try rename(source, onto: destination)
    syncFolder(of: destination)
  }

  /// Runs `body` holding an exclusive lock on the folder of `url`, for a read-modify-write of a
  /// file that other processes update too (each command adding its entry to a run's
  /// timing.json): whoever holds the lock reads the last writer's bytes, so no update is lost.
  /// The lock is flock(2) on the folder itself, waited for: no lock file is left behind, and the
  /// kernel releases it when its holder exits or is killed. Only callers that take it exclude
  /// each other. On a file system that has no locks (an NFS mount without its lock service:
  /// ENOLCK), `body` runs unlocked, as it did before there was a lock: a lost update there is
  /// better than a finished run's command failing at its last step.
  public static func withFolderLock<Result>(for url: URL, _ body: () throws -> Result) throws -> Result {
    let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw DurableFileError.cannotLock(path: url.path, reason: lastError()) }
    defer { close(descriptor) }  // closing the last descriptor releases the lock
    while flock(descriptor, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      if [ENOLCK, EOPNOTSUPP, EINVAL].contains(errno) { break }
      throw DurableFileError.cannotLock(path: url.path, reason: lastError())
    }
    return try body()
  }

  /// A hidden sibling of `url`, unique per call (`.NAME.UUID.tmp`).
  public static func temporaryURL(beside url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
  }

  /// Writes every byte and fsyncs; errors name `destination`, the file the caller asked for.
  private static func writeAndSync(_ data: Data, to temporary: URL, reportingAs destination: URL)
    throws(DurableFileError)
  {
    let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .cannotCreate(path: destination.path, reason: lastError()) }
    defer { close(descriptor) }
    let failedWrite: String? = data.withUnsafeBytes { raw -> String? in
      guard let base = raw.baseAddress else { return nil }
      var offset = 0
      while offset < raw.count {
        let written = systemWrite(descriptor, base + offset, raw.count - offset)
        if written < 0 && errno == EINTR { continue }
        // write(2) returning 0 for a non-empty request means no progress can be made.
        guard written > 0 else { return written < 0 ? lastError() : "no bytes written" }
        offset += written
      }
      return nil
    }
    if let failedWrite { throw .cannotWrite(path: destination.path, reason: failedWrite) }
    guard fsync(descriptor) == 0 else { throw .cannotSync(path: destination.path, reason: lastError()) }
  }

  /// rename(2) replaces the destination atomically on the same file system.
  private static func rename(_ source: URL, onto destination: URL) throws(DurableFileError) {
    #if canImport(Glibc)
      let status = Glibc.rename(source.path, destination.path)
    #else
      let status = Darwin.rename(source.path, destination.path)
    #endif
    guard status == 0 else { throw .cannotRename(path: destination.path, reason: lastError()) }
  }

  /// Makes the rename itself durable (best effort: some file systems refuse fsync on folders).
  private static func syncFolder(of url: URL) {
    let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  private static func lastError() -> String { String(cString: strerror(errno)) }
}
