import Foundation

/// Where a sample's covariance comes from: `--cov` of `cosmo lcdm`, `fit` and `evaluate`. What
/// was loaded is a `CovarianceMatrix` (full or diagonal); this says where to look for it.
public enum CovarianceSource: Equatable, Sendable {
  /// Full if a file is found (Pantheon+: `Pantheon+SH0ES_STAT+SYS.cov[.gz]` beside the table;
  /// `.dataset`: its `mag_covmat_file`), otherwise diagonal errors with a warning.
  case automatic
  case full, diagonal
  case file(URL)

  public init(argument: String) {
    switch argument {
    case "auto": self = .automatic
    case "full": self = .full
    case "diag", "diagonal": self = .diagonal
    default: self = .file(URL(fileURLWithPath: argument))
    }
  }

  /// The release's covariance file names, looked for beside a Pantheon+ table.
  static let pantheonCovarianceNames = ["Pantheon+SH0ES_STAT+SYS.cov", "Pantheon+SH0ES_STAT+SYS.cov.gz"]
}

extension CovarianceSource {
  /// The covariance file this choice selects for the Pantheon+ table `table`, or nil for
  /// diagonal errors (`auto` without the release file beside the table).
  public func pantheonFile(beside table: URL) throws -> URL? {
    let folder = table.deletingLastPathComponent()
    let found = Self.pantheonCovarianceNames.map { folder.appendingPathComponent($0) }
      .first { FileManager.default.fileExists(atPath: $0.path) }
    switch self {
    case .diagonal: return nil
    case .file(let url): return url
    case .automatic: return found
    case .full:
      guard let found else {
        throw CosmologyError.unreadable(
          file: folder.appendingPathComponent(Self.pantheonCovarianceNames[0]).path,
          reason: "full covariance not found (also tried .gz); download it from the Pantheon+ release"
            + " with `cosmo data fetch --to \(folder.path)` (33 MB, sha256-checked) or use --cov diag")
      }
      return found
    }
  }
}
