import ArgumentParser
import Cosmology
import Foundation
import HTTP

/// `cosmo data fetch`: the release covariance into Data/, verified.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data", abstract: "Manage the supernova release files.", subcommands: [Fetch.self])

  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download the Pantheon+ covariance (33 MB) into Data/, resumable, verified against its sha256.")

    @Option(help: "Base URL of the release's 4_DISTANCES_AND_COVAR folder (or a mirror).") var url: String = ReleaseDownload.defaultBaseURL
    @Option(help: "Destination folder.") var to: String = "Data"
    @Option(help: "Files: \(ReleaseDownload.files.map(\.name).joined(separator: ", ")).")
    var file: [String] = ["Pantheon+SH0ES_STAT+SYS.cov"]

    func run() throws {
      var lastShown = Date.distantPast
      let progress: HTTPClient.Progress = { now, total in
        guard Date().timeIntervalSince(lastShown) > 1 else { return }
        lastShown = Date()
        let share = total > 0 ? String(format: " (%.0f%%)", 100 * Double(now) / Double(total)) : ""
        FileHandle.standardError.write(Data("  \(now / 1_000_000) MB\(share)\n".utf8))
      }
      for name in file {
        guard let entry = ReleaseDownload.files.first(where: { $0.name == name }) else {
          throw ValidationError("unknown file \(name); choose from \(ReleaseDownload.files.map(\.name).joined(separator: ", "))")
        }
        let url = try ReleaseDownload.fetch(entry, baseURL: self.url, into: URL(fileURLWithPath: to), http: HTTPClient(),
                                            progress: progress, log: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
        print("\(url.path): sha256 verified")
      }
    }
  }
}
