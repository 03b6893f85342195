/// Why a request failed, in words a user can act on: one line, the URL once, and whatever the
/// server said with its control characters escaped.
public enum HTTPError: Error, Equatable, CustomStringConvertible {
  /// The server answered with an error status; `body` is the start of what it said.
  case status(url: String, code: Int, body: String)
  /// One try had no complete answer after `seconds` (its limit, or the stall limit).
  case timeout(url: String, seconds: Double)
  case connectionFailed(url: String, reason: String)
  /// The host name does not resolve (offline, or a typo): no retry can heal that.
  case unresolvedHost(url: String, host: String)
  /// The connection closed before the announced length arrived.
  case truncated(url: String, received: Int, expected: Int?)
  /// Only http and https are spoken: `file://` would read local files, `gopher://`, `dict://`
  /// or `telnet://` would send bytes to arbitrary services. `scheme` is what was refused
  /// (the URL's own, or that of a redirect).
  case unsupportedScheme(url: String, scheme: String)
  case tooManyRedirects(url: String, limit: Int)
  /// The reply grew past `limit` bytes and was abandoned.
  case tooLarge(url: String, limit: Int64)
  /// Tries and back-offs used up the overall deadline; `last` is why the last try failed.
  case deadlineExceeded(url: String, seconds: Double, tries: Int, last: String)
  case writeFailed(path: String, reason: String)
  case other(url: String, reason: String)

  public var description: String {
    switch self {
    case .writeFailed(let path, let reason):
      "\(TerminalText.escaped(path)): cannot write: \(TerminalText.escaped(reason))"
    default: "\(TerminalText.escaped(url)): \(reason)"
    }
  }

  /// The request's URL (for a write failure, the file).
  public var url: String {
    switch self {
    case .status(let url, _, _), .timeout(let url, _), .connectionFailed(let url, _), .unresolvedHost(let url, _),
      .truncated(let url, _, _), .unsupportedScheme(let url, _), .tooManyRedirects(let url, _), .tooLarge(let url, _),
      .deadlineExceeded(let url, _, _, _), .other(let url, _), .writeFailed(let url, _):
      url
    }
  }

  /// What went wrong, without the URL (for messages that name it elsewhere), escaped.
  public var reason: String {
    func seconds(_ s: Double) -> String {
      s == s.rounded() && abs(s) < 1e15 ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
    let text: String =
      switch self {
      case .status(_, let code, let body): "HTTP \(code)\(body.isEmpty ? "" : ": \(body)")"
      case .timeout(_, let s): "no complete answer after \(seconds(s)) (timed out)"
      case .connectionFailed(_, let reason): "cannot connect: \(reason)"
      case .unresolvedHost(_, let host): "cannot resolve host '\(host)' (offline, or a mistyped name)"
      case .truncated(_, let received, let expected):
        "the reply was cut off after \(received) bytes\(expected.map { " of \($0)" } ?? "")"
      case .unsupportedScheme(_, let scheme): "'\(scheme)' refused: only http and https are fetched"
      case .tooManyRedirects(_, let limit): "more than \(limit) redirects (a redirect loop?)"
      case .tooLarge(_, let limit): "the reply is larger than the \(limit)-byte limit; abandoned"
      case .deadlineExceeded(_, let s, let tries, let last):
        "gave up after \(tries) \(tries == 1 ? "try" : "tries") within the \(seconds(s)) deadline; last: \(last)"
      case .writeFailed(_, let reason): "cannot write: \(reason)"
      case .other(_, let reason): reason
      }
    return TerminalText.escaped(text)
  }

  /// Overload (503, 429), timeouts and dropped connections are worth another try; nothing
  /// else is: a 4xx, an unknown host, a refused scheme or an oversized reply stay as they are.
  /// (A body cut short is not retried here: `download` resumes it on the next call.)
  public var isTransient: Bool {
    switch self {
    case .status(_, let code, _): code == 503 || code == 429
    case .timeout, .connectionFailed: true
    default: false
    }
  }
}
