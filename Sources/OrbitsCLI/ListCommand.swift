import ArgumentParser
import Orbits

/// `orbits list`: the built-in catalogue of bodies and their NAIF IDs.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the bodies `orbits` knows by name.")

  func run() {
    for entry in BodyCatalogue.entries {
      print(
        "\(String(entry.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(entry.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(entry.aliases.joined(separator: ", "))"
      )
    }
    print("Any NAIF ID passes through; a small body is a designation ending in ';' (e.g. 'Ceres;').")
  }
}
