import Foundation

/// Data errors of the training library; each description is one actionable line. (A run's
/// files — checkpoints, run folders, metrics — fail with `RunsError`, in Runs.)
public enum NNError: Error, Equatable, CustomStringConvertible {
  /// A value outside what the operation accepts (e.g. k > number of rows in k-fold).
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .invalidArgument(let message): return message
    }
  }
}
