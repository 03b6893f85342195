import ArgumentParser
import CommandSupport
import Foundation
import NN

/// `cosmo gather`: the run folders of `cosmo fit --shard i/n` (or a launcher's shards) merged
/// into the report, figures and TensorBoard logs that one `cosmo fit` writes.
struct GatherCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gather",
    abstract: "Merge the run folders of cosmo fit's shards into one run's report, figures and TensorBoard logs.",
    discussion: """
      Every shard must have the same config.json and every fold must be in exactly one of them. Each \
      fold is rebuilt from its shard's checkpoints (nothing is trained), then the report and figures \
      are made as a single run makes them: report.json equals the single run's, byte for byte \
      (the wall time is in timing.json).
      """)

  @Argument(help: "The shards' run folders (their --out).") var runs: [String]
  @Option(
    help:
      "Gathered run directory, a new folder, not one of the shards (default: a new runs/cosmo-fit-gathered/version_N).")
  var out: String?
  @Option(help: "Where the figures go: a folder (stable names), or none (default: OUT/plots).") var plots: String?
  @Flag(help: "No progress output.") var quiet = false

  func validate() throws {
    guard !runs.isEmpty else { throw ValidationError("name the shards' run folders") }
    try RunFolderOptions(out: out, plots: plots, resume: false, overwrite: false).validate()
  }

  func run() throws {
    let shards = try ShardRun.readAll(runs.map { URL(fileURLWithPath: $0) })
    // The first shard's config.json given back as `cosmo fit --config` would take it (all are equal).
    let recorded = try FitCommand.configArguments().arguments(
      ConfigFile(contentsOf: shards[0].root.appendingPathComponent("config.json")))
    let folders = (out.map { ["--out", $0] } ?? []) + (plots.map { ["--plots", $0] } ?? [])
    let fit = try FitCommand.parse(recorded + folders + (quiet ? ["--quiet"] : []))
    print(
      "gathering \(shards.count) shard\(shards.count == 1 ? "" : "s"): "
        + shards.map { "\($0.root.path) (\($0.shard))" }.joined(separator: ", "))
    try fit.fit(.gather(shards))
  }
}
