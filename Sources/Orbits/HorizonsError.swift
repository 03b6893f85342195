import HTTP

/// What Horizons said when it did not send an ephemeris, in its own words.
public enum HorizonsError: Error, Equatable, CustomStringConvertible {
  /// The API rejected the request (JSON `error`, or the message of a text reply).
  case rejected(String)
  /// A name matched several bodies; candidates as (ID, name).
  case ambiguous(query: String, candidates: [(id: String, name: String)])
  /// No ephemeris for the target over the asked span.
  case outOfCoverage(String)
  case noMatch(String)
  case invalidJSON(String)
  /// `$$SOE` without `$$EOE`: the reply was cut short.
  case truncated(rows: Int)
  /// Neither an ephemeris nor a recognised message.
  case noEphemeris(firstLines: String)
  case malformedRow(line: Int, reason: String)
  case positionsOnly

  public static func == (a: HorizonsError, b: HorizonsError) -> Bool { a.description == b.description }

  /// Quotes the server: escaped, so that its control characters never reach a terminal raw.
  public var description: String { TerminalText.escaped(text) }

  private var text: String {
    switch self {
    case .rejected(let message): "Horizons rejected the request: \(message)"
    case .ambiguous(let query, let candidates):
      "Horizons: \(query) matches \(candidates.count) bodies; use an ID: "
        + candidates.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
    case .outOfCoverage(let message): "Horizons: \(message)"
    case .noMatch(let message): "Horizons: \(message)"
    case .invalidJSON(let reason): "Horizons reply is not valid JSON: \(reason)"
    case .truncated(let rows): "Horizons reply was cut off: $$SOE without $$EOE after \(rows) rows"
    case .noEphemeris(let lines):
      "Horizons reply has no ephemeris ($$SOE) and no recognised message; it begins: \(lines)"
    case .malformedRow(let line, let reason): "Horizons reply line \(line): \(reason)"
    case .positionsOnly:
      "the reply has positions only (VEC_TABLE 1 or 4); a dataset needs velocities: request VEC_TABLE 2 or 3"
    }
  }
}
