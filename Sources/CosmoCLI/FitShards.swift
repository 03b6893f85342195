import ArgumentParser
import CommandSupport
import Cosmology
import Foundation
import NN
import Plot
import Runs

/// What `cosmo fit` does with its folds: train this process's shard of them, or (`cosmo gather`)
/// rebuild every fold from the shards' finished checkpoints without training.
enum FitMode {
  case train(ShardAssignment)
  case gather([ShardRun])

  var shard: Shard {
    switch self {
    case .train(let assignment): assignment.shard
    case .gather: .whole
    }
  }

  var isGather: Bool {
    if case .gather = self { return true }
    return false
  }

  var verb: String { isGather ? "gathering" : "training" }

  func foldsText(_ folds: Int) -> String {
    guard shard.count > 1 else { return "\(folds) folds" }
    return "\(unitsText(folds)) of \(folds)"
  }

  /// "fold 1" or "folds 0, 2": this shard's folds.
  func unitsText(_ folds: Int) -> String {
    let units = shard.units(of: folds)
    return "fold\(units.count == 1 ? "" : "s") \(units.map(String.init).joined(separator: ", "))"
  }

  /// The run folder: a new or resumed one for training; for a gather, a new one holding the
  /// shards' config.json and fold files, then checked against the options rebuilt from it.
  func runDirectory(_ folders: RunFolderOptions, configuration: CosmoFitConfig) throws -> RunDirectory {
    let root = try folders.runFolder(default: isGather ? "runs/cosmo-fit-gathered" : "runs/cosmo-fit")
    switch self {
    case .train:
      return folders.resume
        ? try RunDirectory(resuming: root, configuration: configuration)
        : try RunDirectory(starting: root, configuration: configuration, overwrite: folders.overwrite)
    case .gather(let shards):
      try ShardRun.assemble(shards, into: root)
      return try RunDirectory(resuming: root, configuration: configuration)
    }
  }

  /// `shard.json`: which folds this folder holds, for `cosmo gather` (a whole run is shard 0/1).
  func recordShard(in run: RunDirectory, folds: Int) throws {
    try FitShardRecord(shard: shard, folds: folds).write(to: run.root.appendingPathComponent(ShardRun.fileName))
  }
}

extension FitCommand {
  func validateShard() throws {
    guard let shard else { return }
    let parsed: Shard
    do { parsed = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
    guard !(animate && parsed.count > 1) else {
      throw ValidationError("--animate draws fold 0 as it trains in one process: not with --shard \(shard)")
    }
  }

  /// `--shard` when given, else the launcher's variables in `environment`; said on one line
  /// unless neither was found (a plain whole run prints what it always did).
  func shardAssignment(environment: [String: String]) throws -> ShardAssignment {
    let assignment: ShardAssignment
    if let shard {
      assignment = ShardAssignment(shard: try Shard(parsing: shard), source: "--shard")
    } else {
      assignment = try ShardAssignment.fromEnvironment(environment)
      guard assignment.shard.count == 1 || !animate else {
        throw ValidationError("--animate draws fold 0 as it trains in one process, but this is \(assignment)")
      }
    }
    if !assignment.source.hasPrefix("no launcher") {
      print(assignment)
    }
    return assignment
  }
}
