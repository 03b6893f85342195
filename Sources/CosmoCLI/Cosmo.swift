import ArgumentParser
import CommandSupport
import Cosmology
import TensorCore

@main
struct Cosmo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cosmo",
    abstract: "Regress the Pantheon+SH0ES supernovae with a small MLP and fit flat ΛCDM beside it.",
    version: BLASKernel.versionText(command: "cosmo", commit: BuildCommit.hash),
    subcommands: [
      FitCommand.self, GatherCommand.self, EvaluateCommand.self, PredictCommand.self, LCDMCommand.self,
      DataCommand.self,
    ])

  /// The process's settings first (OpenBLAS's kernels are fixed when it loads: a generic
  /// fallback is repaired before anything runs; see `ProcessSettings`).
  static func main() {
    ProcessSettings.commands.apply()
    // `cosmo fit --config FILE`: the file's options first, the command line's after them.
    let arguments: [String]
    do { arguments = try FitCommand.configArguments().expand(Array(CommandLine.arguments.dropFirst())) } catch {
      exit(withError: error)
    }
    main(arguments)
  }
}

extension SupernovaRegression.Schedule: ExpressibleByArgument {}
extension RedshiftColumn: ExpressibleByArgument {}
