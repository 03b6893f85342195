import Foundation
import NN
import Runs

/// How one command's `--config` file becomes its options: each key names an option, and the
/// file's values go before the command line's, so that a flag given there overrides the file
/// (for an option given twice the parser keeps the last). A run's own config.json is such a file.
public struct ConfigArguments {
  public enum Key {
    /// `--name=value`; a list is joined with commas.
    case option(String)
    /// true: `--name`; false: `--no-name`.
    case flag(String)
    /// Must equal this text (config.json's `command`).
    case command(String)
    /// An integer no larger than this (config.json's `version`).
    case version(Int)
    /// Recorded from the data, not an option (gnn's graph): accepted and recomputed.
    case recorded
  }

  public let subcommand: String
  public let keys: [String: Key]

  public init(subcommand: String, keys: [String: Key]) {
    self.subcommand = subcommand
    self.keys = keys
  }

  /// The command-line arguments `file` stands for, in the file's order.
  public func arguments(_ file: ConfigFile) throws -> [String] {
    var arguments: [String] = []
    var seen = Set<String>()
    for (key, value) in file.entries {
      guard let kind = keys[key] ?? keys[key.replacingOccurrences(of: "-", with: "_")] else {
        let prefix = key.split(separator: ".").first.map(String.init) ?? key
        if case .recorded? = keys[prefix + ".*"] { continue }
        let names = keys.keys.filter { !$0.hasSuffix(".*") }
        throw ConfigFileError.unknownKey(file: file.path, key: key, suggestion: closestName(to: key, in: names))
      }
      guard seen.insert(key.replacingOccurrences(of: "-", with: "_")).inserted else {
        throw ConfigFileError.wrongType(file: file.path, key: key, expected: "given once")
      }
      switch (kind, value) {
      case (.recorded, _): continue
      case (.command(let expected), .text(let found)):
        guard found == expected else {
          throw ConfigFileError.otherCommand(file: file.path, found: found, expected: expected)
        }
      case (.version(let newest), .text(let text)):
        guard let v = Int(text), v >= 1 else {
          throw ConfigFileError.wrongType(file: file.path, key: key, expected: "an integer ≥ 1")
        }
        guard v <= newest else {
          throw ConfigFileError.wrongType(
            file: file.path, key: key, expected: "at most \(newest), the newest format this build reads")
        }
      case (.flag(let name), .bool(let on)): arguments.append(on ? "--\(name)" : "--no-\(name)")
      case (.option(let name), .text(let text)): arguments += Self.option(name, text)
      case (.option(let name), .list(let items)): arguments += Self.option(name, items.joined(separator: ","))
      case (.option(let name), .bool(let b)): arguments.append("--\(name)=\(b)")
      case (.flag, _): throw ConfigFileError.wrongType(file: file.path, key: key, expected: "true or false")
      case (_, .null): throw ConfigFileError.wrongType(file: file.path, key: key, expected: "a value (it is empty)")
      default: throw ConfigFileError.wrongType(file: file.path, key: key, expected: "a single value")
      }
    }
    return arguments
  }

  /// `--name=value` (a value starting with '-' stays the option's), or `--name ""` for an empty
  /// value, which ArgumentParser takes only as a separate argument.
  static func option(_ name: String, _ value: String) -> [String] {
    value.isEmpty ? ["--\(name)", ""] : ["--\(name)=\(value)"]
  }

  /// `arguments` (the process's, without the program name) with `--config FILE` given after
  /// `subcommand` replaced by the file's options, placed right after the subcommand so that
  /// everything given on the command line comes later and overrides them.
  public func expand(_ arguments: [String]) throws -> [String] {
    guard arguments.first == subcommand else { return arguments }
    var rest = Array(arguments.dropFirst())
    var file: String?
    var i = 0
    while i < rest.count {
      if rest[i] == "--" { break }
      if rest[i] == "--config" || rest[i].hasPrefix("--config=") {
        guard file == nil else { throw ConfigFileError.unreadable(file: rest[i], reason: "--config is given twice") }
        if rest[i] == "--config" {
          guard i + 1 < rest.count else { throw ConfigFileError.unreadable(file: "--config", reason: "needs a file") }
          file = rest[i + 1]
          rest.removeSubrange(i...(i + 1))
        } else {
          file = String(rest[i].dropFirst("--config=".count))
          rest.remove(at: i)
        }
        continue
      }
      i += 1
    }
    guard let file else { return arguments }
    guard !file.isEmpty else { throw ConfigFileError.unreadable(file: "--config", reason: "needs a file, got ''") }
    return [subcommand] + (try self.arguments(ConfigFile(contentsOf: URL(fileURLWithPath: file)))) + rest
  }
}

extension ConfigArguments {
  /// The keys of a `RunConfiguration` as its config.json spells them, each the option of the
  /// same name (snake_case → --kebab-case; booleans as flags), plus `command` and `version`.
  public static func keys<C: RunConfiguration>(of configuration: C, renamed: [String: String] = [:]) throws -> [String:
    Key]
  {
    var keys: [String: Key] = ["command": .command(C.command), "version": .version(C.formatVersion)]
    func add(_ object: [String: JSONValue], prefix: String) {
      for (key, value) in object {
        let path = prefix.isEmpty ? key : "\(prefix).\(key)"
        if case .object(let inner) = value {
          add(inner, prefix: path)
          continue
        }
        let name = renamed[path] ?? kebab(key)
        if case .bool = value { keys[path] = .flag(name) } else { keys[path] = .option(name) }
      }
    }
    add(try configuration.jsonObject(), prefix: "")
    return keys
  }

  /// snake_case or camelCase → kebab-case, as ArgumentParser spells a property's flag.
  static func kebab(_ key: String) -> String {
    snakeCase(key).replacingOccurrences(of: "_", with: "-")
  }
}
