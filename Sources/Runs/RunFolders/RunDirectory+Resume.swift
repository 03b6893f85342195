import Foundation
import NN

extension RunDirectory {
  /// Opens a run to continue it (`--resume`), creating nothing and rewriting nothing: the folder
  /// must be a run whose config.json decodes as `C` and records the options `configuration` has.
  /// - Throws: `RunsError.cannotResume` naming the folder when it is not a run, or listing every
  ///   option that differs, with the run's value and the value asked for now.
  public init<C: RunConfiguration>(resuming root: URL, configuration: C) throws {
    do {
      try self.init(existing: root)
    } catch let RunsError.readFailed(_, reason) {
      throw RunsError.cannotResume(path: root.path, reason: reason + "; start it without --resume")
    }
    let recorded = try C.read(from: config).jsonObject()
    let asked = try configuration.jsonObject()
    let differing = Set(recorded.keys).union(asked.keys).sorted().filter { recorded[$0] != asked[$0] }
    guard differing.isEmpty else {
      let show = { (value: JSONValue?) in value.map(\.description) ?? "absent" }
      let list = differing.map { "\($0) (run: \(show(recorded[$0])), now: \(show(asked[$0])))" }
      throw RunsError.cannotResume(
        path: root.path,
        reason: "its options differ: " + list.joined(separator: "; ")
          + "; resume with the run's options or start a new --out")
    }
    try createFolders()
  }

  /// Starts a new run in `root` with `configuration` as its config.json (see
  /// `init(starting:overwrite:writeConfig:)`).
  public init<C: RunConfiguration>(starting root: URL, configuration: C, overwrite: Bool = false) throws {
    _ = try configuration.encoded()  // fails before anything is cleared
    try self.init(starting: root, overwrite: overwrite) { run in try configuration.write(to: run.config) }
  }

  /// Starts a new run in `root`. A folder that exists and holds a file is refused — a run is
  /// never written over another's files by accident — unless `overwrite`, which first removes the
  /// files a run owns there (`ownedEntries`: no stale fold checkpoint, metrics row or TensorBoard
  /// step survives) and leaves anything else. config.json is written only after that: a kill at
  /// any moment leaves no config.json paired with another run's checkpoints for `--resume`.
  public init(starting root: URL, overwrite: Bool = false, writeConfig: (RunDirectory) throws -> Void) throws {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    if Self.holdsFiles(root) {
      guard overwrite else {
        throw RunsError.writeFailed(
          path: root.path,
          reason: "the folder is not empty (\(Self.summary(entries))); "
            + "give another --out, --resume to continue the run there, or --overwrite to replace it")
      }
      for name in entries.sorted() where Self.isOwned(name) {
        let url = root.appendingPathComponent(name)
        do { try FileManager.default.removeItem(at: url) } catch {
          throw RunsError.writeFailed(
            path: url.path, reason: "cannot clear the previous run's files: \(error.localizedDescription)")
        }
      }
    }
    try self.init(root)
    try writeConfig(self)
  }

  /// What a run writes at its top level and `--overwrite` removes: the layout's folders, and the
  /// JSON files (config.json, report.json and the reports later commands add beside them).
  public static func isOwned(_ name: String) -> Bool {
    ["checkpoints", "metrics", "tensorboard", "plots"].contains(name) || name.hasSuffix(".json")
  }

  /// Whether any file lies in `folder`, at any depth: a run killed before its config.json was
  /// written leaves only empty folders, and starting again there is no clobbering.
  static func holdsFiles(_ folder: URL) -> Bool {
    guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey]) else {
      return false
    }
    for case let url as URL in walk where (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
      return true
    }
    return false
  }

  private static func summary(_ entries: [String]) -> String {
    let sorted = entries.sorted()
    return sorted.prefix(3).joined(separator: ", ") + (sorted.count > 3 ? " and \(sorted.count - 3) more" : "")
  }

  /// A new numbered run folder under `parent` — `version_N`, N one more than the highest there
  /// (0 for the first), as PyTorch Lightning names its runs — created here so that two runs
  /// started at once get different folders.
  public static func nextVersion(under parent: URL) throws -> URL {
    do { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
      throw RunsError.writeFailed(path: parent.path, reason: error.localizedDescription)
    }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
    var next = (names.compactMap { $0.hasPrefix("version_") ? Int($0.dropFirst(8)) : nil }.max() ?? -1) + 1
    for _ in 0..<1000 {
      let url = parent.appendingPathComponent("version_\(next)")
      do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
      } catch {
        next += 1
      }
    }
    throw RunsError.writeFailed(path: parent.path, reason: "cannot create a new version_N folder")
  }
}
