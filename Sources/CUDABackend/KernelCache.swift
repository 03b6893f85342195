import Crypto
import DurableFiles
import Foundation

/// Compiled kernel images on disk, keyed by the SHA-256 of the source, the architecture, the
/// NVRTC version and the options: a second run skips NVRTC (a second or two per process).
struct KernelCache {
  let directory: URL

  /// `$GRAVITAS_CUDA_CACHE`, else `$XDG_CACHE_HOME/gravitas/cuda`, else `~/.cache/gravitas/cuda`.
  static var defaultDirectory: URL {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["GRAVITAS_CUDA_CACHE"], !path.isEmpty { return URL(fileURLWithPath: path) }
    let base =
      environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    return base.appendingPathComponent("gravitas/cuda")
  }

  static func key(source: String, architecture: String, compiler: String, options: [String]) -> String {
    let material = ([source, architecture, compiler] + options).joined(separator: "\u{0}")
    return SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  func image(for key: String) -> [UInt8]? {
    (try? Data(contentsOf: directory.appendingPathComponent("\(key).cubin"))).map { [UInt8]($0) }
  }

  /// Stores an image (`DurableFile`: a concurrent reader never sees half of one). A cache that
  /// cannot be written only costs the next run a compilation.
  func store(_ image: [UInt8], for key: String) {
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try? DurableFile.write(Data(image), to: directory.appendingPathComponent("\(key).cubin"))
  }
}
