import Foundation

/// Data and file errors of the training library; each description is one actionable line.
public enum NNError: Error, Equatable, CustomStringConvertible {
  /// A file could not be created, written or renamed into place.
  case writeFailed(path: String, reason: String)
  /// A file could not be read.
  case readFailed(path: String, reason: String)
  /// A safetensors file is malformed; `reason` names the offending field.
  case invalidSafetensors(path: String, reason: String)
  /// A value outside what the operation accepts (e.g. k > number of rows in k-fold).
  case invalidArgument(String)
  /// A run folder that `--resume` cannot continue: not a run, other options, inconsistent files.
  case cannotResume(path: String, reason: String)

  public var description: String {
    switch self {
    case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
    case .readFailed(let path, let reason): return "\(path): cannot read: \(reason)"
    case .invalidSafetensors(let path, let reason): return "\(path): not a valid safetensors file: \(reason)"
    case .invalidArgument(let message): return message
    case .cannotResume(let path, let reason): return "\(path): cannot resume: \(reason)"
    }
  }
}
