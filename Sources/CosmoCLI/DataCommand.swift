import ArgumentParser
import Cosmology
import Foundation
import HTTP
import NN
import Runs
import ShippedData

/// `cosmo data fetch`: the release covariance into Data/, verified.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data", abstract: "Manage the supernova release files.", subcommands: [Fetch.self])

  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Download the Pantheon+ covariance (33 MB) beside the shipped table, resumable, verified against its sha256.")

    @Option(help: "Base URL of the release's 4_DISTANCES_AND_COVAR folder (or a mirror).") var url: String =
      ReleaseDownload.defaultBaseURL
    @Option(help: "Destination folder (default: the shipped \(DataOptions.table)'s, where --cov auto looks).") var to:
      String?
    @Option(help: "Files: \(ReleaseDownload.files.map(\.name).joined(separator: ", ")).")
    var file: [String] = ["Pantheon+SH0ES_STAT+SYS.cov"]

    func validate() throws {
      guard to?.isEmpty != true else { throw ValidationError("--to must name a folder") }
      var seen = Set<String>()
      for name in file {
        guard ReleaseDownload.files.contains(where: { $0.name == name }) else {
          throw ValidationError(
            "unknown file \(name); choose from \(ReleaseDownload.files.map(\.name).joined(separator: ", "))")
        }
        guard seen.insert(name).inserted else { throw ValidationError("--file \(name) given twice") }
      }
    }

    func run() throws {
      let folder =
        try to.map { URL(fileURLWithPath: $0) }
        ?? ShippedData().file(DataOptions.table, folderOption: "--to").deletingLastPathComponent()
      for name in file {
        guard let entry = ReleaseDownload.files.first(where: { $0.name == name }) else {
          throw ValidationError(
            "unknown file \(name); choose from \(ReleaseDownload.files.map(\.name).joined(separator: ", "))")
        }
        var shown = TransferProgress(name: name)
        defer { shown.finish() }
        let url = try ReleaseDownload.fetch(
          entry, baseURL: self.url, into: folder, http: HTTPClient(),
          progress: { shown.update(bytes: $0, of: $1) },
          log: {
            shown.finish()
            FileHandle.standardError.write(Data("\($0)\n".utf8))
          })
        print("\(url.path): sha256 verified")
      }
    }
  }
}
