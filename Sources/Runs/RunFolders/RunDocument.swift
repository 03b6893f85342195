import DurableFiles
import Foundation
import NN

/// A run's JSON document — its configuration (config.json: the options that decide what the run
/// computes) or its report — as a type owned by the library that produces it. Adding a field is
/// one stored property.
///
/// Written with sorted keys and shortest round-trip numbers, so the same values give the same
/// bytes; read strictly: a missing key, a value of the wrong type or a key this build does not
/// know is a `RunDocumentError` naming the file and the key, never a default.
public protocol RunDocument: Codable, Equatable {
  /// The command that writes it, e.g. "cosmo fit"; the document's `command`.
  static var command: String { get }
  /// The format this build writes; the document's `version`.
  static var formatVersion: Int { get }
  /// JSON keys in snake_case (cosmo) rather than the properties' camelCase (gnn).
  static var snakeCaseKeys: Bool { get }
  /// An earlier format's object brought to this one (its `version` is older, or missing for the
  /// unversioned format), or an error saying why it cannot be: by default, the key is required.
  static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue]
  /// What is wrong with a decoded configuration's values (decoding checks types only), or nil.
  var problem: String? { get }
}

/// A command's run configuration (config.json).
public typealias RunConfiguration = RunDocument

/// Why a run's configuration or report could not be read.
public enum RunDocumentError: Error, Equatable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case missingKey(file: String, key: String)
  case wrongType(file: String, key: String, expected: String)
  case unknownKey(file: String, key: String, suggestion: String?)
  case otherCommand(file: String, found: String, expected: String)
  case newerVersion(file: String, found: Int, supported: Int)
  case invalidValue(file: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let reason): return "\(file): not a run document: \(reason)"
    case .missingKey(let file, let key): return "\(file): key '\(key)' is missing"
    case .wrongType(let file, let key, let expected): return "\(file): key '\(key)' must be \(expected)"
    case .unknownKey(let file, let key, let suggestion):
      return "\(file): unknown key '\(key)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    case .otherCommand(let file, let found, let expected): return "\(file): written by '\(found)', not '\(expected)'"
    case .newerVersion(let file, let found, let supported):
      return "\(file): format version \(found) is newer than this build reads (\(supported)); update Gravitas"
    case .invalidValue(let file, let reason): return "\(file): \(reason)"
    }
  }
}

extension RunDocument {
  public static var snakeCaseKeys: Bool { false }
  public static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue] {
    throw RunDocumentError.missingKey(file: file, key: "version")
  }
  public var problem: String? { nil }

  /// The bytes config.json holds: pretty, sorted keys, with `command` and `version` first in meaning
  /// (and alphabetically where they fall).
  public func encoded() throws -> Data {
    var object = try jsonObject()
    object["command"] = .string(Self.command)
    object["version"] = .integer(Int64(Self.formatVersion))
    return try runFileBytes(JSONValue.object(object))
  }

  /// The document as one checkpoint metadata value: the keys `encoded()` writes, on one line
  /// with sorted keys, so that a checkpoint records what made it (same values, same bytes).
  public func metadataValue() throws -> String {
    var object = try jsonObject()
    object["command"] = .string(Self.command)
    object["version"] = .integer(Int64(Self.formatVersion))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(JSONValue.object(object)), as: UTF8.self)
  }

  /// The configuration's own keys and values, without `command` and `version`.
  public func jsonObject() throws -> [String: JSONValue] {
    let encoder = JSONEncoder()
    if Self.snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
    let value = try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(self))
    guard case .object(var object) = value else { preconditionFailure("\(Self.self) does not encode as a JSON object") }
    object["command"] = nil
    object["version"] = nil
    return object
  }

  public func write(to url: URL) throws {
    let data: Data
    do { data = try encoded() } catch {
      throw RunsError.writeFailed(path: url.path, reason: "cannot encode the configuration: \(error)")
    }
    try DurableFile.write(data, to: url)
  }

  public static func read(from url: URL) throws -> Self {
    try decode(try runFileData(at: url), file: url.path)
  }

  /// Decodes config.json's bytes strictly; `file` names it in errors.
  public static func decode(_ data: Data, file: String) throws -> Self {
    var object = try runFileObject(data, file: file)
    switch object["version"] {
    case nil: object = try upgrade(object, file: file)
    case .integer(let v)? where v >= 1 && v < Int64(formatVersion): object = try upgrade(object, file: file)
    case .integer(let v)? where v == Int64(formatVersion): break
    case .integer(let v)? where v > Int64(formatVersion):
      throw RunDocumentError.newerVersion(file: file, found: Int(v), supported: formatVersion)
    default: throw RunDocumentError.wrongType(file: file, key: "version", expected: "an integer 1…\(formatVersion)")
    }
    guard let command = object["command"] else { throw RunDocumentError.missingKey(file: file, key: "command") }
    guard command == .string(Self.command) else {
      guard case .string(let found) = command else {
        throw RunDocumentError.wrongType(file: file, key: "command", expected: "a string")
      }
      throw RunDocumentError.otherCommand(file: file, found: found, expected: Self.command)
    }
    object["command"] = nil
    object["version"] = nil
    let config = try typed(JSONValue.object(object), file: file)
    if let unknown = JSONValue.object(object).keys(notIn: .object(try config.jsonObject())).first {
      throw RunDocumentError.unknownKey(
        file: file, key: unknown, suggestion: closestKey(to: unknown, in: try config.jsonObject()))
    }
    if let problem = config.problem { throw RunDocumentError.invalidValue(file: file, reason: problem) }
    return config
  }

  private static func typed(_ value: JSONValue, file: String) throws -> Self {
    let decoder = JSONDecoder()
    if snakeCaseKeys { decoder.keyDecodingStrategy = .convertFromSnakeCase }
    do {
      return try decoder.decode(Self.self, from: try JSONEncoder().encode(value))
    } catch DecodingError.keyNotFound(let key, let context) {
      throw RunDocumentError.missingKey(file: file, key: path(context.codingPath + [key]))
    } catch DecodingError.typeMismatch(let type, let context) {
      throw RunDocumentError.wrongType(file: file, key: path(context.codingPath), expected: describe(type))
    } catch DecodingError.valueNotFound(let type, let context) {
      throw RunDocumentError.wrongType(file: file, key: path(context.codingPath), expected: describe(type))
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      // Foundation names no key for a number its type cannot hold (-1 as UInt64, 1.5 as Int):
      // find it as the number whose replacement by 0 lets decoding get past it.
      for (path, number) in numbers(in: value) {
        guard let replaced = replacing(path, in: value, with: .integer(0)), stillCorrupted(replaced) == false else {
          continue
        }
        throw RunDocumentError.wrongType(
          file: file, key: Self.path(path.map { StringKey($0) as CodingKey }),
          expected: "a number its type can hold (an integer, non-negative where it counts); got \(number)")
      }
      throw RunDocumentError.unreadable(file: file, reason: context.debugDescription)
    } catch DecodingError.dataCorrupted(let context) {
      throw RunDocumentError.wrongType(
        file: file, key: path(context.codingPath), expected: "a valid value (\(context.debugDescription))")
    } catch {
      throw RunDocumentError.unreadable(file: file, reason: "\(error)")
    }
  }

  private static func stillCorrupted(_ value: JSONValue) -> Bool {
    let decoder = JSONDecoder()
    if snakeCaseKeys { decoder.keyDecodingStrategy = .convertFromSnakeCase }
    do {
      _ = try decoder.decode(Self.self, from: try JSONEncoder().encode(value))
      return false
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      return true
    } catch {
      return false
    }
  }

  /// A dotted key path as the file spells it.
  private static func path(_ keys: [CodingKey]) -> String {
    keys.map { key in
      if let index = key.intValue { return "[\(index)]" }
      return snakeCaseKeys ? snakeCase(key.stringValue) : key.stringValue
    }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is Int.Type, is UInt64.Type, is Int64.Type: return "an integer"
    case is Double.Type: return "a number"
    default: return "a \(type)"
    }
  }
}

/// camelCase → snake_case, as JSONEncoder's `.convertToSnakeCase` spells it.
public func snakeCase(_ name: String) -> String {
  var out = ""
  for ch in name {
    if ch.isUppercase {
      if !out.isEmpty { out += "_" }
      out += ch.lowercased()
    } else {
      out.append(ch)
    }
  }
  return out
}

/// The key of `object` nearest to `key` in edit distance (at most a third of its length away),
/// separators ignored: a misspelt key gets a suggestion, an unrelated one none.
public func closestKey(to key: String, in object: [String: JSONValue]) -> String? {
  closestName(to: key, in: Array(object.keys))
}

public func closestName(to key: String, in names: [String]) -> String? {
  func normal(_ s: String) -> [Character] { Array(s.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }) }
  func distance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1]
      for (j, y) in b.enumerated() {
        current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
  let target = normal(key)
  let scored = names.sorted().map { ($0, distance(target, normal($0))) }
  guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= Swift.max(1, target.count / 3) else { return nil }
  return best.0
}

/// A coding key from a JSON object key (for naming paths).
private struct StringKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

/// Every number in `value` with its key path (object keys only; list items are named by their list).
private func numbers(in value: JSONValue, path: [String] = []) -> [([String], JSONValue)] {
  switch value {
  case .integer, .unsigned, .number: return [(path, value)]
  case .object(let object): return object.keys.sorted().flatMap { numbers(in: object[$0] ?? .null, path: path + [$0]) }
  case .array(let items): return items.contains { numbers(in: $0).isEmpty == false } ? [(path, value)] : []
  default: return []
  }
}

/// `value` with the entry at `path` replaced (a list at `path` by an empty list), or nil.
private func replacing(_ path: [String], in value: JSONValue, with replacement: JSONValue) -> JSONValue? {
  guard let key = path.first else {
    if case .array = value { return .array([]) }
    return replacement
  }
  guard case .object(var object) = value, let inner = object[key],
    let replaced = replacing(Array(path.dropFirst()), in: inner, with: replacement)
  else { return nil }
  object[key] = replaced
  return .object(object)
}

/// A run folder's JSON file read whole; a failure is a `RunDocumentError` naming it.
func runFileData(at url: URL) throws -> Data {
  do { return try Data(contentsOf: url) } catch {
    throw RunDocumentError.unreadable(file: url.path, reason: error.localizedDescription)
  }
}

/// A run folder's JSON file's top-level object; anything else is a `RunDocumentError` naming `file`.
func runFileObject(_ data: Data, file: String) throws -> [String: JSONValue] {
  let value: JSONValue
  do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
    throw RunDocumentError.unreadable(file: file, reason: "not JSON")
  }
  guard case .object(let object) = value else {
    throw RunDocumentError.unreadable(file: file, reason: "top level is not an object")
  }
  return object
}

/// The bytes of a JSON file in a run folder (config.json, report.json, timing.json): pretty,
/// sorted keys, slashes unescaped, a final newline.
func runFileBytes(_ value: some Encodable) throws -> Data {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  return try encoder.encode(value) + Data("\n".utf8)
}
