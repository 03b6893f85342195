import ArgumentParser
import GravitasVersion
import Orbits

@main
struct OrbitsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orbits",
    abstract: "Fetch JPL Horizons ephemerides, read SPK kernels and build ephemeris datasets.",
    version: GravitasVersion.line(command: "orbits"),
    subcommands: [FetchCommand.self, ParseCommand.self, SampleCommand.self, ListCommand.self])
}
