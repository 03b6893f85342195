import ArgumentParser
import Foundation
import GravitasVersion
import HTTP
import Orbits

@main
struct OrbitsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orbits",
    abstract: "Fetch JPL Horizons ephemerides, read SPK kernels and build ephemeris datasets.",
    version: GravitasVersion.line(command: "orbits", commit: BuildCommit.hash),
    subcommands: [FetchCommand.self, ParseCommand.self, SampleCommand.self, ListCommand.self])

  /// ArgumentParser's own main, except that an error's text — which may quote a server or a
  /// file — is printed with its control characters escaped.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }  // --help and the like, printed as usual
      let message = TerminalText.escaped(fullMessage(for: error), keepingLineBreaks: true)
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(code.rawValue)
    }
  }
}
