import ArgumentParser

@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure Gravitas against raw BLAS and the peer programs in shared/bench/peers.",
    subcommands: [])
}
