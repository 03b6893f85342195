import HTTP

/// A fetch that could not reach Horizons, said once with the way to work without it: a server
/// that does not resolve or answer is most often a machine offline, and three things work then.
struct FetchFailure: Error, CustomStringConvertible {
  let error: HTTPError
  let cache: String

  var description: String {
    switch error {
    case .unresolvedHost, .connectionFailed, .deadlineExceeded, .timeout:
      "\(error). Without Horizons: point --api-url at a mirror or a local server, reuse replies cached in "
        + "\(TerminalText.escaped(cache)) (used when a request matches), or sample an SPK kernel "
        + "with `orbits sample --kernel FILE`"
    default: "\(error)"
    }
  }
}
