import ArgumentParser
import GNN

@main
struct GNNCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gnn",
    abstract: "Learn Newtonian gravity from ephemerides with a graph network and recover the law.",
    subcommands: [])
}
