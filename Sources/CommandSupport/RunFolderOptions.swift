import ArgumentParser
import Foundation
import NN
import Runs

/// Where a training command writes: `--out` (default a new numbered folder), `--plots`
/// (default RUN/plots, `none` for no figures), `--resume`, `--overwrite`.
public struct RunFolderOptions {
  public static let noPlots = "none"

  public var out: String?
  public var plots: String?
  public var resume: Bool
  public var overwrite: Bool

  public init(out: String?, plots: String?, resume: Bool, overwrite: Bool) {
    (self.out, self.plots, self.resume, self.overwrite) = (out, plots, resume, overwrite)
  }

  public func validate() throws {
    if let out, out.isEmpty { throw ValidationError("--out must name a folder, got ''") }
    if let plots, plots.isEmpty { throw ValidationError("--plots must name a folder, or none for no figures; got ''") }
    if resume && overwrite {
      throw ValidationError("--resume continues the run in --out and --overwrite replaces it: give one")
    }
    if resume && out == nil { throw ValidationError("--resume needs --out, the run folder to continue") }
  }

  /// The run folder: --out, or a new `version_N` under `parent` (created now, and said).
  public func runFolder(default parent: String) throws -> URL {
    if let out { return URL(fileURLWithPath: out) }
    return try RunDirectory.nextVersion(under: URL(fileURLWithPath: parent))
  }

  /// Where the figures go for `run`, or nil for none.
  public func plotsFolder(_ run: RunDirectory) -> URL? {
    switch plots {
    case nil: return run.plots
    case Self.noPlots?: return nil
    case let folder?: return URL(fileURLWithPath: folder)
    }
  }
}
