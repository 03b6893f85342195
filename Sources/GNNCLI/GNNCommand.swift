import ArgumentParser
import GNN
import TensorCore

@main
struct GNNCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gnn",
    abstract: "Learn Newtonian gravity from ephemerides with a graph network and recover the law.",
    discussion: """
      gnn train writes a run directory; evaluate, discover and rollout read it:
        gnn train --out runs/gnn && gnn evaluate runs/gnn && gnn discover runs/gnn && gnn rollout runs/gnn
      """,
    version: BLASKernel.versionText(command: "gnn", commit: BuildCommit.hash),
    subcommands: [TrainCommand.self, EvaluateCommand.self, DiscoverCommand.self, RolloutCommand.self])

  /// The process's settings first (OpenBLAS's kernels are fixed when it loads: a generic
  /// fallback is repaired before anything runs; see `ProcessSettings`).
  static func main() {
    ProcessSettings.commands.apply()
    // `gnn train --config FILE`: the file's options first, the command line's after them.
    let arguments: [String]
    do { arguments = try TrainCommand.configArguments().expand(Array(CommandLine.arguments.dropFirst())) } catch {
      exit(withError: error)
    }
    main(arguments)
  }
}

/// A failure of a `gnn` command that is not a bad argument: printed as one line, no usage text.
struct CommandFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
