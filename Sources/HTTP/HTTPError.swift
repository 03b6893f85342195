/// Why a request failed, in words a user can act on.
public enum HTTPError: Error, Equatable, CustomStringConvertible {
  /// The server answered with an error status; `body` is the start of what it said.
  case status(url: String, code: Int, body: String)
  case timeout(url: String, seconds: Double)
  case connectionFailed(url: String, reason: String)
  /// The connection closed before the announced length arrived.
  case truncated(url: String, received: Int, expected: Int?)
  case writeFailed(path: String, reason: String)
  case other(url: String, reason: String)

  public var description: String {
    switch self {
    case let .status(url, code, body):
      "\(url): HTTP \(code)\(body.isEmpty ? "" : ": \(body)")"
    case let .timeout(url, seconds): "\(url): no complete answer within \(Int(seconds)) s (timed out)"
    case let .connectionFailed(url, reason): "\(url): cannot connect: \(reason)"
    case let .truncated(url, received, expected):
      "\(url): the reply was cut off after \(received) bytes\(expected.map { " of \($0)" } ?? "")"
    case let .writeFailed(path, reason): "\(path): cannot write: \(reason)"
    case let .other(url, reason): "\(url): \(reason)"
    }
  }

  /// Overload, timeouts and dropped connections are worth another try; nothing else is.
  public var isTransient: Bool {
    switch self {
    case .status(_, let code, _): code == 503
    case .timeout, .connectionFailed: true
    default: false
    }
  }
}
