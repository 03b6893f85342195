import Foundation

/// Where the files shipped in the repository's `Data/` are found, so that every command works
/// from any folder: the folder given with `--data DIR`, else `$GRAVITAS_DATA`, else the installed
/// `PREFIX/share/gravitas` beside the executable's `PREFIX/bin`, else the `Data/` of the
/// repository the executable was built in (`.build/…/cosmo`), else `./Data`.
///
/// A folder the user chose (`--data` or `$GRAVITAS_DATA`) is the only place looked in: a typo
/// there should fail loudly, not fall back quietly to other data.
public struct ShippedData: Sendable {
  /// A folder looked in, and why it is on the list ("--data", "$GRAVITAS_DATA", "installed"…).
  public struct Place: Equatable, Sendable {
    public let folder: URL
    public let origin: String
  }

  /// The environment variable naming the data folder.
  public static let environmentVariable = "GRAVITAS_DATA"

  /// The folders looked in, first match wins.
  public let places: [Place]

  /// - Parameters:
  ///   - option: the folder named with `--data DIR`, if any.
  ///   - executable: the running binary (symbolic links resolved), whose `../share/gravitas` and
  ///     enclosing repository are searched.
  public init(
    option: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: URL? = ShippedData.runningExecutable,
    currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  ) {
    if let option, !option.isEmpty {
      places = [
        Place(folder: URL(fileURLWithPath: option, relativeTo: currentDirectory).standardizedFileURL, origin: "--data")
      ]
      return
    }
    if let chosen = environment[Self.environmentVariable], !chosen.isEmpty {
      places = [
        Place(
          folder: URL(fileURLWithPath: chosen, relativeTo: currentDirectory).standardizedFileURL,
          origin: "$\(Self.environmentVariable)")
      ]
      return
    }
    var found: [Place] = []
    if let bin = executable?.deletingLastPathComponent() {
      found.append(
        Place(folder: bin.appendingPathComponent("../share/gravitas").standardizedFileURL, origin: "installed"))
      if let repository = Self.enclosingRepository(of: bin) {
        found.append(Place(folder: repository.appendingPathComponent("Data"), origin: "repository"))
      }
    }
    found.append(
      Place(folder: currentDirectory.appendingPathComponent("Data").standardizedFileURL, origin: "current folder"))
    // Run from the repository root, its Data/ is both the repository's and ./Data: list it once.
    places = found.enumerated().filter { i, place in !found[..<i].contains { $0.folder.path == place.folder.path } }
      .map(\.element)
  }

  /// `name` from the first place holding it as a readable file.
  /// - Parameters:
  ///   - fileOption: the option that names the file itself (`--kernel`), for the hint.
  ///   - folderOption: the command's option naming the data folder, for the hint.
  public func file(_ name: String, fileOption: String? = nil, folderOption: String = "--data") throws -> URL {
    for place in places {
      let url = place.folder.appendingPathComponent(name)
      if FileManager.default.isReadableFile(atPath: url.path) { return url }
    }
    throw ShippedDataError.notFound(name: name, places: places, fileOption: fileOption, folderOption: folderOption)
  }

  /// The file for an option that takes a file or a data folder (`cosmo lcdm --data`): the file
  /// itself when `path` names one, `name` inside the folder it names, and `name` found by the
  /// search when it is absent.
  public static func file(
    _ name: String, fileOrFolder path: String?, option: String,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: URL? = ShippedData.runningExecutable
  ) throws -> URL {
    guard let path, !path.isEmpty else {
      return try ShippedData(environment: environment, executable: executable).file(name, fileOption: option)
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
      return URL(fileURLWithPath: path)
    }
    return try ShippedData(option: path, environment: environment, executable: executable).file(
      name, fileOption: option)
  }

  /// The binary now running, with symbolic links resolved (a `~/bin/cosmo` link to an installed
  /// `PREFIX/bin/cosmo` still finds `PREFIX/share/gravitas`).
  public static var runningExecutable: URL? {
    Bundle.main.executableURL?.resolvingSymlinksInPath()
  }

  /// The nearest folder above `folder` holding both `Package.swift` and `Data/`: the checkout a
  /// development build in `.build/<triple>/release` came from.
  static func enclosingRepository(of folder: URL) -> URL? {
    var candidate = folder.standardizedFileURL
    while candidate.path != "/" {
      let package = candidate.appendingPathComponent("Package.swift").path
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: package),
        FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Data").path, isDirectory: &isFolder),
        isFolder.boolValue
      {
        return candidate
      }
      candidate = candidate.deletingLastPathComponent().standardizedFileURL
    }
    return nil
  }
}
