import Foundation

/// Everything that can go wrong while writing or rendering a figure.
public enum PlotError: Error, Equatable, CustomStringConvertible {
  /// A file could not be written (directory missing, permissions, disk full).
  case writeFailed(path: String, reason: String)
  /// gnuplot ran but did not produce the image; `stderr` is what gnuplot printed.
  case renderFailed(script: String, exitStatus: Int32, stderr: String)
  /// gnuplot could not be started at all.
  case gnuplotNotRunnable(path: String, reason: String)

  public var description: String {
    switch self {
    case .writeFailed(let path, let reason):
      return "\(path): cannot write: \(reason)"
    case .renderFailed(let script, let status, let stderr):
      let message = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: " | ")
      return "\(script): gnuplot exited with status \(status): \(message.isEmpty ? "no message" : message)"
    case .gnuplotNotRunnable(let path, let reason):
      return "\(path): cannot run gnuplot: \(reason)"
    }
  }
}
