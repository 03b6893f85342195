import DurableFiles
import Foundation

/// RUN/timing.json: what each command run in a run folder cost in wall-clock time, kept out of
/// the reports so that a report depends only on what was computed — a rerun, a resumed run and
/// gathered shards write the same report bytes, and this is the one file that differs.
///
/// One entry per command that ran there (`gnn train`, then `gnn discover` and `gnn rollout` in
/// the train run's folder); running a command again replaces its entry and keeps the others'.
///
///     {"commands": {"gnn discover": {"seconds": 3.7}, "gnn train": {"seconds": 3.2}}, "version": 2}
///
/// Version 2 (this one) holds the entries; version 1, unversioned, held one command's
/// (`{"command": "cosmo fit", "seconds": 0.75}`) and still reads, as that single entry.
public struct RunTiming: Equatable, Sendable {
  /// The format this build writes; the file's `version`.
  public static let formatVersion = 2

  /// One command's cost.
  public struct Entry: Codable, Equatable, Sendable {
    /// That process's wall time, from its start to its report (a resumed run counts only itself).
    public var seconds: Double

    public init(seconds: Double) { self.seconds = seconds }
  }

  /// Each command's entry, by the command's name, e.g. "cosmo fit" or "gnn discover".
  public var commands: [String: Entry]

  public init(commands: [String: Entry] = [:]) { self.commands = commands }

  /// A file with one command's entry.
  public init(command: String, seconds: Double) { commands = [command: Entry(seconds: seconds)] }

  /// The bytes timing.json holds, as the run's other documents: pretty, sorted keys, a final newline.
  public func encoded() throws -> Data {
    try runFileBytes(Version2(commands: commands, version: Self.formatVersion))
  }

  public func write(to url: URL) throws { try DurableFile.write(try encoded(), to: url) }

  /// Reads timing.json strictly: a key this build does not know, a missing one or a newer
  /// version is a `RunDocumentError` naming the file, never a guess.
  public static func read(from url: URL) throws -> RunTiming {
    try decode(try runFileData(at: url), file: url.path)
  }

  /// Decodes timing.json's bytes (version 2, or the unversioned single entry); `file` names it in
  /// errors. A wall time that is not finite (a number beyond a Double, should a parser read it as
  /// infinity) is refused: it could not be written back.
  public static func decode(_ data: Data, file: String) throws -> RunTiming {
    let timing = try decodeEntries(data, file: file)
    for (command, entry) in timing.commands.sorted(by: { $0.key < $1.key }) where !entry.seconds.isFinite {
      throw RunDocumentError.invalidValue(
        file: file, reason: "the seconds of '\(command)' must be a finite number, got \(entry.seconds)")
    }
    return timing
  }

  private static func decodeEntries(_ data: Data, file: String) throws -> RunTiming {
    let object = try runFileObject(data, file: file)
    switch object["version"] {
    case nil:
      let version1 = try strict(Version1.self, object, file: file)
      return RunTiming(command: version1.command, seconds: version1.seconds)
    case .integer(let v)? where v == Int64(formatVersion):
      return RunTiming(commands: try strict(Version2.self, object, file: file).commands)
    case .integer(let v)? where v > Int64(formatVersion):
      throw RunDocumentError.newerVersion(file: file, found: Int(v), supported: formatVersion)
    default:
      throw RunDocumentError.wrongType(
        file: file, key: "version", expected: "\(formatVersion) (or no version, for one command's entry)")
    }
  }

  /// Records `command`'s wall time in the timing file at `url`: its entry replaces the one an
  /// earlier run of that command left, and the other commands' entries are kept, also those of
  /// commands finishing at the same moment (the read and the write hold the folder's lock). A
  /// missing file starts empty; one that does not read is an error naming it (it is not
  /// overwritten).
  public static func record(command: String, seconds: Double, in url: URL) throws {
    try DurableFile.withFolderLock(for: url) {
      var timing = RunTiming()
      if FileManager.default.fileExists(atPath: url.path) { timing = try read(from: url) }
      timing.commands[command] = Entry(seconds: seconds)
      try timing.write(to: url)
    }
  }

  /// The format written: entries under `commands`, and `version`.
  private struct Version2: Codable {
    var commands: [String: Entry]
    var version: Int
  }

  /// The unversioned format: the one command that wrote it.
  private struct Version1: Codable {
    var command: String
    var seconds: Double
  }

  /// `object` decoded as `T`, every key known: a missing, mistyped or unknown key is named.
  private static func strict<T: Codable>(_ type: T.Type, _ object: [String: JSONValue], file: String) throws -> T {
    let decoded: T
    do {
      decoded = try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(JSONValue.object(object)))
    } catch DecodingError.keyNotFound(let key, let context) {
      throw RunDocumentError.missingKey(file: file, key: keyPath(context.codingPath + [key]))
    } catch DecodingError.typeMismatch(_, let context) {
      throw RunDocumentError.wrongType(file: file, key: keyPath(context.codingPath), expected: expectation(context))
    } catch DecodingError.valueNotFound(_, let context) {
      throw RunDocumentError.wrongType(file: file, key: keyPath(context.codingPath), expected: expectation(context))
    } catch {
      throw RunDocumentError.unreadable(file: file, reason: "\(error)")
    }
    let written = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(decoded))
    if let unknown = JSONValue.object(object).keys(notIn: written).first {
      guard case .object(let known) = written else { preconditionFailure("\(T.self) does not encode as an object") }
      let suggestion = unknown.contains(".") ? nil : closestKey(to: unknown, in: known)
      throw RunDocumentError.unknownKey(file: file, key: unknown, suggestion: suggestion)
    }
    return decoded
  }

  private static func keyPath(_ keys: [CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }

  /// What a key of timing.json holds: the command's name, or a number of seconds.
  private static func expectation(_ context: DecodingError.Context) -> String {
    let last = context.codingPath.last?.stringValue
    switch last {
    case "command": return "a string"
    case "version": return "an integer"
    case "commands": return "an object of {\"seconds\": number} by command"
    default: return last == "seconds" ? "a number" : "an object {\"seconds\": number}"
    }
  }
}
