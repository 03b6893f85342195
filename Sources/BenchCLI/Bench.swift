import ArgumentParser

@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure Gravitas against raw BLAS and the peer programs in shared/bench/peers.",
    discussion: "Each subcommand prints one JSON object per line; BENCHMARKS.md records them.",
    subcommands: [MatmulBench.self, MLPStepBench.self, PrimitivesBench.self, CosmoPeerBench.self, GNNPeerBench.self, OrbitsSampleBench.self, HorizonsParseBench.self])
}
