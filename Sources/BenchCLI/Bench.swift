import ArgumentParser
import TensorCore

@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure Gravitas against raw BLAS and the peer programs in shared/bench/peers.",
    discussion: "Each subcommand prints one JSON object per line; BENCHMARKS.md records them.",
    version: BLASKernel.versionText(command: "bench", commit: BuildCommit.hash),
    subcommands: [
      MatmulBench.self, MLPStepBench.self, PrimitivesBench.self, CosmoPeerBench.self, GNNPeerBench.self,
      OrbitsSampleBench.self, HorizonsParseBench.self,
    ])

  /// The process's settings first (OpenBLAS's kernels are fixed when it loads: a generic
  /// fallback is repaired before anything runs; see `ProcessSettings`).
  static func main() {
    ProcessSettings.commands.apply()
    main(nil)
  }
}
