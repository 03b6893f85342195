import ArgumentParser
import Cosmology

@main
struct Cosmo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cosmo",
    abstract: "Regress the Pantheon+SH0ES supernovae with a small MLP and fit flat ΛCDM beside it.",
    subcommands: [FitCommand.self, EvaluateCommand.self, PredictCommand.self, LCDMCommand.self, DataCommand.self])
}
