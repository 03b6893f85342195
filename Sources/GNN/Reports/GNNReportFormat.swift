import NN
import Runs

/// What the `gnn` reports (report.json, evaluate.json, discover.json, rollout.json) share: their
/// keys are spelt out in each type's `CodingKeys` (snake_case, some with digits that Foundation's
/// key conversion cannot round-trip, e.g. `exponent_within_0_01`), and a file written before the
/// reports had a `version` holds the same keys under the command's short name (`"train"`).
public protocol GNNReport: RunDocument {
  /// The command's name in unversioned files: "train", "evaluate", "discover", "rollout".
  static var unversionedCommand: String { get }
}

extension GNNReport {
  public static var formatVersion: Int { 1 }

  /// An unversioned file gets its command's full name; from version 2 on (train, discover and
  /// rollout reports), the wall time an older file holds, `seconds`, is dropped: it is
  /// RUN/timing.json's now, so that the same seed gives the same report bytes.
  public static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue] {
    var object = object
    if object["version"] == nil {
      guard object["command"] == .string(unversionedCommand) else {
        throw RunDocumentError.missingKey(file: file, key: "version")
      }
      object["command"] = .string(command)
    }
    if formatVersion >= 2 { object["seconds"] = nil }
    return object
  }
}
