import ArgumentParser
import Cosmology
import TensorCore

@main
struct Cosmo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cosmo",
    abstract: "Regress the Pantheon+SH0ES supernovae with a small MLP and fit flat ΛCDM beside it.",
    version: BLASKernel.versionText(command: "cosmo", commit: BuildCommit.hash),
    subcommands: [FitCommand.self, GatherCommand.self, EvaluateCommand.self, PredictCommand.self, LCDMCommand.self, DataCommand.self])

  /// OpenBLAS's kernels are fixed when it loads: repair a generic fallback before anything runs.
  static func main() {
    BLASKernel.useBestKernel()
    main(nil)
  }
}
