import ArgumentParser
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
      are made as a single run makes them: report.json equals the single run's except 'seconds'.
      """)

  @Argument(help: "The shards' run folders (their --out).") var runs: [String]
  @Option(help: "Gathered run directory (a new folder, not one of the shards).") var out: String = "runs/cosmo-fit-gathered"
  @Option(help: "Also write the figures here (stable names).") var plots: String = "Plots/cosmo"
  @Flag(help: "No progress output.") var quiet = false

  func validate() throws {
    guard !runs.isEmpty else { throw ValidationError("name the shards' run folders") }
    guard !out.isEmpty, !plots.isEmpty else { throw ValidationError("--out and --plots must name folders") }
  }

  func run() throws {
    let shards = try ShardRun.readAll(runs.map { URL(fileURLWithPath: $0) })
    let arguments = try FitCommand.arguments(fromConfig: shards[0].configuration, path: shards[0].root.path)
    let fit = try FitCommand.parse(arguments + ["--out", out, "--plots", plots] + (quiet ? ["--quiet"] : []))
    print("gathering \(shards.count) shard\(shards.count == 1 ? "" : "s"): "
          + shards.map { "\($0.root.path) (\($0.shard))" }.joined(separator: ", "))
    try fit.fit(.gather(shards))
  }
}

extension FitCommand {
  /// The `cosmo fit` options that config.json records, as arguments. A key this version does not
  /// know is an error: silently dropping it would gather as another configuration.
  static func arguments(fromConfig config: [String: Any], path: String) throws -> [String] {
    func bad(_ key: String) -> NNError {
      .invalidArgument("\(path)/config.json: '\(key)' is \(config[key].map { "\($0)" } ?? "absent"), which cosmo gather cannot pass to cosmo fit")
    }
    guard config["command"] as? String == "cosmo fit" else { throw bad("command") }
    let strings = ["data": "--data", "cov": "--cov", "target": "--target", "z": "--z", "hidden": "--hidden",
                   "activation": "--activation", "schedule": "--schedule", "device": "--device"]
    let integers = ["epochs": "--epochs", "folds": "--folds", "ensemble": "--ensemble", "patience": "--patience",
                    "overfit_window": "--overfit-window"]
    let doubles = ["zmin": "--zmin", "dropout": "--dropout", "lr": "--lr", "weight_decay": "--weight-decay",
                   "overfit_threshold": "--overfit-threshold"]
    let flags = ["amsgrad": "--amsgrad", "early_stop": "--early-stop"]
    var arguments: [String] = []
    for key in config.keys.sorted() where key != "command" {
      let value = config[key]
      if let flag = strings[key] {
        guard let text = value as? String else { throw bad(key) }
        arguments += [flag, text]
      } else if let flag = integers[key] {
        guard let number = value as? Int else { throw bad(key) }
        arguments += [flag, String(number)]
      } else if let flag = doubles[key] {
        guard let number = value as? Double, number.isFinite else { throw bad(key) }
        arguments += [flag, "\(number)"]
      } else if let flag = flags[key] {
        guard let on = value as? Bool else { throw bad(key) }
        if on { arguments.append(flag) }
      } else if key == "seed" {
        guard let seed = (value as? UInt64) ?? (value as? Int).flatMap({ UInt64(exactly: $0) }) else { throw bad(key) }
        arguments += ["--seed", String(seed)]
      } else if key == "features" {
        guard let names = value as? [String] else { throw bad(key) }
        if !names.isEmpty { arguments += ["--features", names.joined(separator: ",")] }
      } else {
        throw bad(key)
      }
    }
    return arguments
  }
}
