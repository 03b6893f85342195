/// Why a fit ended before its last epoch.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
  /// Validation (or training) loss did not improve for `patience` epochs after `bestEpoch`.
  case earlyStopping(patience: Int, bestEpoch: Int)
  /// Ctrl-C or SIGTERM: the fit ends to be resumed, not to be used.
  case interrupted
  /// Any other callback's reason, in its own words.
  case requested(String)

  /// One line for logs and reports; stable, as files record it.
  public var description: String {
    switch self {
    case .earlyStopping(let patience, let bestEpoch):
      "early stopping: no improvement for \(patience) epochs after epoch \(bestEpoch)"
    case .interrupted: "interrupted"
    case .requested(let reason): reason
    }
  }
}
