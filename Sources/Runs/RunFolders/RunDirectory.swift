import DurableFiles
import Foundation
import NN

/// The layout a training run writes, shared by `cosmo` and `gnn`:
///
///     RUN/config.json            what was asked (every option, the seed)
///     RUN/report.json            what came out (the same bytes on every rerun)
///     RUN/timing.json            what each command cost (wall time: the one file a rerun changes)
///     RUN/checkpoints/…          safetensors (best, last, per fold/member subfolders)
///     RUN/metrics/….csv          per-epoch metrics
///     RUN/tensorboard/…          event files (`tensorboard --logdir RUN/tensorboard`)
///     RUN/plots/…                gnuplot data, scripts and PNGs
public struct RunDirectory {
  public let root: URL

  /// Creates the folders, failing with the path and reason if the location is not writable.
  public init(_ root: URL) throws {
    self.root = root
    try createFolders()
  }

  func createFolders() throws {
    for folder in [root, checkpoints, metrics, tensorboard, plots] {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      } catch {
        throw RunsError.writeFailed(path: folder.path, reason: error.localizedDescription)
      }
    }
  }

  /// Opens a finished run to read it back, creating nothing: a mistyped path fails naming the
  /// path, rather than leaving an empty run skeleton there.
  public init(existing root: URL) throws {
    self.root = root
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw RunsError.readFailed(path: root.path, reason: "no such run directory")
    }
    guard FileManager.default.fileExists(atPath: config.path) else {
      throw RunsError.readFailed(path: root.path, reason: "not a run directory (no config.json)")
    }
  }

  public var checkpoints: URL { root.appendingPathComponent("checkpoints") }
  public var metrics: URL { root.appendingPathComponent("metrics") }
  public var tensorboard: URL { root.appendingPathComponent("tensorboard") }
  public var plots: URL { root.appendingPathComponent("plots") }
  public var config: URL { root.appendingPathComponent("config.json") }
  public var report: URL { root.appendingPathComponent("report.json") }
  public var timing: URL { root.appendingPathComponent("timing.json") }
}
