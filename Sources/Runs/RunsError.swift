import Foundation

/// Why a run's files could not be read or written — checkpoints, safetensors, run folders, their
/// documents, metrics files — each description one line naming the file and what was expected.
/// (A run document's keys have their own errors, `RunDocumentError`.)
public enum RunsError: Error, Equatable, CustomStringConvertible {
  /// A file or folder could not be created, written or renamed into place.
  case writeFailed(path: String, reason: String)
  /// A file or folder could not be read, or does not hold what a run holds there.
  case readFailed(path: String, reason: String)
  /// A safetensors file is malformed; `reason` names the offending field.
  case invalidSafetensors(path: String, reason: String)
  /// A run folder that `--resume` cannot continue: not a run, other options, inconsistent files.
  case cannotResume(path: String, reason: String)
  /// A metrics row names metrics that are not columns of its CSV file.
  case unknownMetrics(path: String, metrics: [String], columns: [String])

  public var description: String {
    switch self {
    case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
    case .readFailed(let path, let reason): return "\(path): cannot read: \(reason)"
    case .invalidSafetensors(let path, let reason): return "\(path): not a valid safetensors file: \(reason)"
    case .cannotResume(let path, let reason): return "\(path): cannot resume: \(reason)"
    case .unknownMetrics(let path, let metrics, let columns):
      return "\(path): metrics \(metrics) are not among its columns \(columns)"
    }
  }
}
