import Foundation

extension RunDirectory {
  /// Opens a run to continue it (`--resume`), creating nothing and rewriting nothing: the folder
  /// must be a run (it has `config.json`) whose recorded options equal `options` key by key.
  /// - Parameter options: the options of the command now, as its config.json would record them.
  /// - Throws: `NNError.cannotResume` naming the folder when it is not a run, or listing every
  ///   option that differs, with the run's value and the value asked for now.
  public init(resuming root: URL, options: [String: Any]) throws {
    do {
      try self.init(existing: root)
    } catch let NNError.readFailed(_, reason) {
      throw NNError.cannotResume(path: root.path, reason: reason + "; start it without --resume")
    }
    let recorded = try readJSON(config)
    let asked = try Self.normalised(options, path: config.path)
    let differing = Set(recorded.keys).union(asked.keys).sorted().filter { key in
      !Self.same(recorded[key], asked[key])
    }
    guard differing.isEmpty else {
      let list = differing.map { "\($0) (run: \(Self.show(recorded[$0])), now: \(Self.show(asked[$0])))" }
      throw NNError.cannotResume(path: root.path, reason: "its options differ: " + list.joined(separator: "; ")
                                 + "; resume with the run's options or start a new --out")
    }
    try createFolders()
  }

  /// Starts a new run in `root` with `options` as its config.json. A previous run's checkpoints,
  /// metrics and TensorBoard logs there are removed first, and config.json is written only then: a
  /// kill at any moment leaves no config.json paired with another run's checkpoints, which a
  /// `--resume` would otherwise continue from.
  public init(starting root: URL, options: [String: Any]) throws {
    _ = try Self.normalised(options, path: root.appendingPathComponent("config.json").path)  // fails before clearing
    try self.init(starting: root) { run in try run.writeJSON(options, to: run.config) }
  }

  /// As `init(starting:options:)`, with config.json written by `writeConfig`.
  public init(starting root: URL, writeConfig: (RunDirectory) throws -> Void) throws {
    try self.init(root)
    try? FileManager.default.removeItem(at: self.config)
    for folder in [checkpoints, metrics, tensorboard] {
      do {
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
      } catch {
        throw NNError.writeFailed(path: folder.path, reason: "cannot clear the previous run's files: \(error.localizedDescription)")
      }
    }
    try createFolders()
    try writeConfig(self)
  }

  /// The object as config.json holds it after a write and a read (numbers as JSON numbers).
  static func normalised(_ object: [String: Any], path: String) throws -> [String: Any] {
    do {
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    } catch {
      throw NNError.writeFailed(path: path, reason: "not JSON-serialisable: \(error.localizedDescription)")
    }
  }

  static func same(_ a: Any?, _ b: Any?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (a as NSObject, b as NSObject): return a.isEqual(b)
    default: return false
    }
  }

  static func show(_ value: Any?) -> String {
    guard let value else { return "absent" }
    if let text = value as? String { return "\"\(text)\"" }
    if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
      return String(decoding: data, as: UTF8.self)
    }
    return "\(value)"
  }
}
