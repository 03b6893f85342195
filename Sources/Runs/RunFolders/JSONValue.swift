import Foundation

/// Any JSON document, as a value: what a run's files hold before they are decoded into their
/// types, so that unknown keys and differing options can be named.
public enum JSONValue: Codable, Equatable, CustomStringConvertible {
  case null
  case bool(Bool)
  case number(Double)
  /// Integers kept apart from doubles: a seed above 2⁵³ must not round.
  case integer(Int64)
  case unsigned(UInt64)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int64.self) {
      self = .integer(i)
    } else if let u = try? c.decode(UInt64.self) {
      self = .unsigned(u)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let b): try c.encode(b)
    case .number(let d): try c.encode(d)
    case .integer(let i): try c.encode(i)
    case .unsigned(let u): try c.encode(u)
    case .string(let s): try c.encode(s)
    case .array(let a): try c.encode(a)
    case .object(let o): try c.encode(o)
    }
  }

  /// The value as JSON text (sorted keys, one line), for messages.
  public var description: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
  }

  /// Keys of `self`'s objects, at any depth, that `known` has no counterpart for, as dotted paths.
  public func keys(notIn known: JSONValue, prefix: String = "") -> [String] {
    switch (self, known) {
    case (.object(let mine), .object(let theirs)):
      return mine.keys.sorted().flatMap { key -> [String] in
        let path = prefix.isEmpty ? key : "\(prefix).\(key)"
        guard let other = theirs[key] else { return [path] }
        return mine[key]?.keys(notIn: other, prefix: path) ?? []
      }
    default:
      return []
    }
  }
}
