import ArgumentParser
import Cosmology
import Foundation

/// Where the supernova table and its covariance come from; shared by every subcommand.
struct DataOptions: ParsableArguments {
  @Option(help: "Pantheon+ table (Pantheon+SH0ES.dat).") var data: String = "Data/Pantheon+SH0ES.dat"
  @Option(help: "Covariance: full (the release STAT+SYS file beside the table), diag, or a PATH. Default: full when the file is present, else diag.")
  var cov: String?
  @Option(help: "Keep rows with zHD above this.") var zmin: Double = 0.01

  var tableURL: URL { URL(fileURLWithPath: data) }

  /// The release covariance files looked for beside the table, in order.
  var releaseCovarianceCandidates: [URL] {
    let folder = tableURL.deletingLastPathComponent()
    return ["Pantheon+SH0ES_STAT+SYS.cov", "Pantheon+SH0ES_STAT+SYS.cov.gz"].map { folder.appendingPathComponent($0) }
  }

  /// The full covariance over every row of the table, or nil for diagonal errors.
  func loadCovariance() throws -> CovarianceMatrix? {
    switch cov {
    case "diag": return nil
    case nil, "full":
      if let found = releaseCovarianceCandidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
        return try CovarianceMatrix(contentsOf: found)
      }
      if cov == "full" {
        throw ValidationError("--cov full: no \(releaseCovarianceCandidates[0].lastPathComponent)(.gz) beside \(data); run `cosmo data fetch` or give --cov PATH")
      }
      return nil
    case let path?:
      return try CovarianceMatrix(contentsOf: URL(fileURLWithPath: path))
    }
  }
}
