import Foundation
import NN
import Runs
import Yams

/// A `--config` file: YAML (or JSON, which YAML reads too, and `.json` files through Foundation's
/// parser), flattened to dotted keys in the file's order. Lists are of scalars; nested mappings
/// (gnn's `source`) become `source.data`.
public struct ConfigFile {
  public enum Value: Equatable {
    case text(String)
    case bool(Bool)
    case list([String])
    case null
  }

  public let path: String
  public let entries: [(key: String, value: Value)]

  /// Files are small: more than this is not a configuration.
  static let maximumBytes = 1 << 20
  static let maximumEntries = 10_000

  public init(contentsOf url: URL) throws {
    path = url.path
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ConfigFileError.unreadable(file: url.path, reason: "cannot read it (\(error.localizedDescription))")
    }
    guard data.count <= Self.maximumBytes else {
      throw ConfigFileError.unreadable(
        file: url.path, reason: "\(data.count) bytes, more than a configuration's \(Self.maximumBytes)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigFileError.unreadable(file: url.path, reason: "not UTF-8 text")
    }
    var entries: [(String, Value)] = []
    if url.pathExtension.lowercased() == "json" {
      let object: JSONValue
      do { object = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
        throw ConfigFileError.unreadable(file: url.path, reason: "not JSON (\(error.localizedDescription))")
      }
      try Self.flatten(json: object, prefix: "", into: &entries, file: url.path)
    } else {
      let node: Node?
      do { node = try Yams.compose(yaml: text) } catch {
        throw ConfigFileError.unreadable(
          file: url.path, reason: "not YAML (\("\(error)".split(separator: "\n").first ?? ""))")
      }
      guard let node else { throw ConfigFileError.unreadable(file: url.path, reason: "empty") }
      try Self.flatten(yaml: node, prefix: "", into: &entries, file: url.path)
    }
    self.entries = entries
  }

  private static func flatten(yaml node: Node, prefix: String, into entries: inout [(String, Value)], file: String)
    throws
  {
    guard entries.count < maximumEntries else {
      throw ConfigFileError.unreadable(file: file, reason: "more than \(maximumEntries) keys")
    }
    switch node {
    case .mapping(let mapping):
      for (keyNode, value) in mapping {
        guard let key = keyNode.scalar?.string, !key.isEmpty else {
          throw ConfigFileError.unreadable(file: file, reason: "a key at line \(keyNode.mark?.line ?? 0) is not a name")
        }
        let path = prefix.isEmpty ? key : "\(prefix).\(key)"
        if case .mapping = value {
          try flatten(yaml: value, prefix: path, into: &entries, file: file)
          continue
        }
        entries.append((path, try scalarValue(value, key: path, file: file)))
      }
    default:
      throw ConfigFileError.unreadable(file: file, reason: "the top level must be a mapping of option names to values")
    }
  }

  private static func scalarValue(_ node: Node, key: String, file: String) throws -> Value {
    switch node {
    case .scalar(let scalar):
      if scalar.style == .plain, node.null != nil { return .null }
      if scalar.style == .plain, let b = node.bool { return .bool(b) }
      return .text(scalar.string)
    case .sequence(let sequence):
      var items: [String] = []
      for item in sequence {
        guard case .scalar(let s) = item else {
          throw ConfigFileError.wrongType(file: file, key: key, expected: "a list of plain values")
        }
        items.append(s.string)
      }
      return .list(items)
    default:
      throw ConfigFileError.wrongType(file: file, key: key, expected: "a value or a list of values")
    }
  }

  private static func flatten(json: JSONValue, prefix: String, into entries: inout [(String, Value)], file: String)
    throws
  {
    guard case .object(let object) = json else {
      throw ConfigFileError.unreadable(file: file, reason: "the top level must be an object of option names to values")
    }
    for key in object.keys.sorted() {
      guard entries.count < maximumEntries else {
        throw ConfigFileError.unreadable(file: file, reason: "more than \(maximumEntries) keys")
      }
      let path = prefix.isEmpty ? key : "\(prefix).\(key)"
      switch object[key] ?? .null {
      case .object: try flatten(json: object[key] ?? .null, prefix: path, into: &entries, file: file)
      case .null: entries.append((path, .null))
      case .bool(let b): entries.append((path, .bool(b)))
      case .array(let items):
        entries.append(
          (
            path,
            .list(
              try items.map { item in
                guard let text = jsonScalar(item) else {
                  throw ConfigFileError.wrongType(file: file, key: path, expected: "a list of plain values")
                }
                return text
              })
          ))
      case let value:
        guard let text = jsonScalar(value) else {
          throw ConfigFileError.wrongType(file: file, key: path, expected: "a value")
        }
        entries.append((path, .text(text)))
      }
    }
  }

  /// A JSON string or number as the command line would spell it (numbers exactly: shortest
  /// round-trip digits for doubles, all digits for integers).
  private static func jsonScalar(_ value: JSONValue) -> String? {
    switch value {
    case .string(let s): return s
    case .integer(let i): return "\(i)"
    case .unsigned(let u): return "\(u)"
    case .number(let d): return "\(d)"
    default: return nil
    }
  }
}

/// Why a `--config` file cannot be used; one line naming the file and key.
public enum ConfigFileError: Error, Equatable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case unknownKey(file: String, key: String, suggestion: String?)
  case wrongType(file: String, key: String, expected: String)
  case otherCommand(file: String, found: String, expected: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let reason): return "\(file): not a configuration: \(reason)"
    case .unknownKey(let file, let key, let suggestion):
      return "\(file): unknown key '\(key)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    case .wrongType(let file, let key, let expected): return "\(file): key '\(key)' must be \(expected)"
    case .otherCommand(let file, let found, let expected):
      return "\(file): a configuration of '\(found)', not '\(expected)'"
    }
  }
}
