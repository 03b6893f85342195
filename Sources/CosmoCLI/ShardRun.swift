import Cosmology
import DurableFiles
import Foundation
import NN
import Runs

/// A finished shard of `cosmo fit` read back for `cosmo gather`: its folder, configuration and
/// the folds its `shard.json` says it holds.
struct ShardRun {
  static let fileName = "shard.json"

  let root: URL
  let shard: Shard
  let folds: [Int]
  /// config.json as written, byte for byte (the gathered run gets the same bytes).
  let configBytes: Data
  let configuration: CosmoFitConfig

  /// Reads RUN/config.json and RUN/shard.json, checking that the folds are the shard's.
  init(_ root: URL) throws {
    let run = try RunDirectory(existing: root)
    self.root = root
    let record = root.appendingPathComponent(Self.fileName)
    guard FileManager.default.fileExists(atPath: record.path) else {
      throw NNError.invalidArgument(
        "\(root.path): no \(Self.fileName): not a finished cosmo fit (a shard killed mid-way: run it again with --resume)"
      )
    }
    do { configBytes = try Data(contentsOf: run.config) } catch {
      throw RunsError.readFailed(path: run.config.path, reason: error.localizedDescription)
    }
    configuration = try CosmoFitConfig.read(from: run.config)
    let written = try FitShardRecord.read(from: record)
    guard let shard = written.shard(ofFolds: configuration.folds) else {
      throw NNError.invalidArgument(
        "\(record.path): expected {\"shard\": i, \"of\": n, \"folds\": the folds k < config.json's folds with k mod n = i}"
      )
    }
    self.shard = shard
    self.folds = written.folds
  }

  /// Reads every shard and checks that together they are one run: the same config.json, and
  /// every fold in exactly one of them.
  static func readAll(_ roots: [URL]) throws -> [ShardRun] {
    let shards = try roots.map(ShardRun.init)
    guard let first = shards.first else {
      throw NNError.invalidArgument("cosmo gather needs at least one shard's run folder")
    }
    let total = first.configuration.folds
    for other in shards.dropFirst() where other.configBytes != first.configBytes {
      let (mine, theirs) = (try first.configuration.jsonObject(), try other.configuration.jsonObject())
      let keys = Set(mine.keys).union(theirs.keys).sorted().filter { mine[$0] != theirs[$0] }
      throw NNError.invalidArgument(
        "\(other.root.path) is another configuration than \(first.root.path): config.json differs in "
          + (keys.isEmpty ? "its bytes" : keys.joined(separator: ", ")))
    }
    var owner: [Int: URL] = [:]
    for shard in shards {
      for fold in shard.folds {
        if let earlier = owner[fold] {
          throw NNError.invalidArgument(
            "fold \(fold) is in both \(earlier.path) and \(shard.root.path): give each shard once")
        }
        owner[fold] = shard.root
      }
    }
    let missing = (0..<total).filter { owner[$0] == nil }
    guard missing.isEmpty else {
      let counts = Set(shards.map(\.shard.count)).sorted().map(String.init).joined(separator: ", ")
      throw NNError.invalidArgument(
        "fold\(missing.count > 1 ? "s" : "") \(missing.map(String.init).joined(separator: ", ")) of \(total) "
          + "in no shard given (shards of \(counts)): gather every shard's folder")
    }
    return shards
  }

  /// Starts the gathered run in `root` with the shards' config.json, then copies each fold's
  /// checkpoints, metrics CSV and TensorBoard logs from the shard that trained it.
  static func assemble(_ shards: [ShardRun], into root: URL) throws {
    let target = root.standardizedFileURL.resolvingSymlinksInPath().path
    for shard in shards where shard.root.standardizedFileURL.resolvingSymlinksInPath().path == target {
      throw NNError.invalidArgument("--out \(root.path) is one of the shards: gather into a new folder")
    }
    guard let first = shards.first else { return }
    let run = try RunDirectory(starting: root) { run in try DurableFile.write(first.configBytes, to: run.config) }
    for shard in shards {
      let from = try RunDirectory(existing: shard.root)
      for fold in shard.folds {
        let name = "fold-\(fold)"
        for (source, destination) in [
          (from.checkpoints.appendingPathComponent(name), run.checkpoints.appendingPathComponent(name)),
          (from.metrics.appendingPathComponent("\(name).csv"), run.metrics.appendingPathComponent("\(name).csv")),
          (from.tensorboard.appendingPathComponent(name), run.tensorboard.appendingPathComponent(name)),
        ] {
          do { try FileManager.default.copyItem(at: source, to: destination) } catch {
            throw NNError.invalidArgument(
              "\(source.path): cannot copy into the gathered run: \(error.localizedDescription)")
          }
        }
      }
    }
  }
}
