import DurableFiles
import Foundation
import HTTP

/// The Pantheon+SH0ES release files that cannot ship in `Data/`, fetched over HTTPS and checked
/// against the SHA-256 values recorded in the project's data README.
public enum ReleaseDownload {
  public struct File: Sendable {
    public let name: String
    public let path: String
    public let sha256: String

    public init(name: String, path: String, sha256: String) {
      self.name = name
      self.path = path
      self.sha256 = sha256
    }
  }

  /// The release repository's files (PantheonPlusSH0ES/DataRelease, `4_DISTANCES_AND_COVAR`).
  public static let defaultBaseURL =
    "https://raw.githubusercontent.com/PantheonPlusSH0ES/DataRelease/main/Pantheon+_Data/4_DISTANCES_AND_COVAR"
  public static let files = [
    File(
      name: "Pantheon+SH0ES_STAT+SYS.cov", path: "Pantheon+SH0ES_STAT+SYS.cov",
      sha256: "abf806d966485e64afdb359c87bffc0ecc00d05eff0a31ced66f247385df0fdc"),
    File(
      name: "Pantheon+SH0ES_STATONLY.cov", path: "Pantheon+SH0ES_STATONLY.cov",
      sha256: "9f177129a332735d3637affd20054080d5260815f3ca0809120c05b2c902297f"),
  ]

  /// Downloads `file` into `folder` (resumable, atomic) and verifies its SHA-256; a mismatch
  /// removes the download and throws. A file already present with the right hash is kept.
  public static func fetch(
    _ file: File, baseURL: String, into folder: URL, http: HTTPClient,
    progress: HTTPClient.Progress? = nil, log: ((String) -> Void)? = nil
  ) throws -> URL {
    let destination = folder.appendingPathComponent(file.name)
    if FileManager.default.fileExists(atPath: destination.path), (try? FileBytes.sha256(destination)) == file.sha256 {
      log?("\(file.name): present, sha256 verified")
      return destination
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // Download beside the destination, verify, then move into place: nothing unverified lands.
    let unverified = folder.appendingPathComponent(".\(file.name).download")
    try http.download(baseURL + "/" + file.path, to: unverified, progress: progress, log: log)
    let digest = try FileBytes.sha256(unverified)
    guard digest == file.sha256 else {
      try? FileManager.default.removeItem(at: unverified)
      throw CosmologyError.unreadable(
        file: baseURL + "/" + file.path,
        reason: "sha256 \(digest) does not match the release's \(file.sha256); the download was removed")
    }
    do throws(DurableFileError) {
      try DurableFile.moveIntoPlace(unverified, as: destination)
    } catch {
      throw CosmologyError.unreadable(
        file: destination.path, reason: "cannot move the verified download into place: \(error.failure)")
    }
    return destination
  }
}
