import Foundation

/// Why a file could not be written durably. `path` is always the file the caller asked for (not
/// the temporary beside it), and the description is one line: the path and the step that failed.
public enum DurableFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
  /// The temporary file beside `path` could not be created (folder missing, permissions).
  case cannotCreate(path: String, reason: String)
  /// Writing the bytes failed (disk full, quota, I/O error).
  case cannotWrite(path: String, reason: String)
  /// fsync refused: the bytes may not be on disk, so they were not put in place.
  case cannotSync(path: String, reason: String)
  /// rename(2) onto `path` failed (a folder there, another file system, permissions).
  case cannotRename(path: String, reason: String)
  /// The folder of `path` could not be opened or locked for a read-modify-write.
  case cannotLock(path: String, reason: String)

  /// The file that was to be written.
  public var path: String {
    switch self {
    case .cannotCreate(let path, _), .cannotWrite(let path, _), .cannotSync(let path, _), .cannotRename(let path, _),
      .cannotLock(let path, _):
      return path
    }
  }

  /// What failed, without the path ("cannot write: No space left on device").
  public var failure: String {
    switch self {
    case .cannotCreate(_, let reason): return "cannot create a temporary file beside it: \(reason)"
    case .cannotWrite(_, let reason): return "cannot write: \(reason)"
    case .cannotSync(_, let reason): return "cannot write: fsync: \(reason)"
    case .cannotRename(_, let reason): return "cannot move into place: \(reason)"
    case .cannotLock(_, let reason): return "cannot lock its folder: \(reason)"
    }
  }

  public var description: String { "\(path): \(failure)" }

  /// The same line, for callers that report `error.localizedDescription`.
  public var errorDescription: String? { description }
}
