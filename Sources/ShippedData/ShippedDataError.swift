import Foundation

/// A shipped data file found nowhere: one line naming every place looked in and the fixes.
public enum ShippedDataError: Error, CustomStringConvertible, Equatable {
  case notFound(name: String, places: [ShippedData.Place], fileOption: String?, folderOption: String)

  public var description: String {
    switch self {
    case .notFound(let name, let places, let fileOption, let folderOption):
      let looked = places.map { "\($0.folder.path) (\($0.origin))" }.joined(separator: ", ")
      let chosen = places.count == 1 && places[0].origin != "current folder"
      var fixes =
        chosen
        ? ["point \(places[0].origin) at a folder holding \(name)"]
        : [
          "run `make install` in the Gravitas repository", "set \(ShippedData.environmentVariable)=DIR",
          "pass \(folderOption) DIR",
        ]
      if let fileOption { fixes.append("name the file with \(fileOption) FILE") }
      return "cannot find the shipped data file \(name); looked in \(looked). Fix: " + fixes.joined(separator: ", or ")
    }
  }
}
