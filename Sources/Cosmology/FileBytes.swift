import CZlib
import Crypto
import Foundation

/// Reads whole files, transparently inflating `.gz`, and fingerprints them.
enum FileBytes {
  /// The file's bytes; a name ending in `.gz` is decompressed with zlib.
  static func read(_ url: URL) throws -> [UInt8] {
    guard FileManager.default.isReadableFile(atPath: url.path) else {
      throw CosmologyError.unreadable(file: url.path, reason: "file not found or not readable")
    }
    if url.pathExtension == "gz" { return try inflate(url) }
    do { return [UInt8](try Data(contentsOf: url)) } catch {
      throw CosmologyError.unreadable(file: url.path, reason: error.localizedDescription)
    }
  }

  /// The file as UTF-8 text.
  static func readText(_ url: URL) throws -> String {
    String(decoding: try read(url), as: UTF8.self)
  }

  /// Lowercase hex SHA-256 of the file as stored on disk (compressed if it is `.gz`).
  static func sha256(_ url: URL) throws -> String {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw CosmologyError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  /// Largest inflated `.gz` accepted: 30 times the Pantheon+ covariance's 33 MB, far below a
  /// decompression bomb's reach (zlib inflates up to ~1000:1).
  static let maximumInflatedBytes = 1 << 30

  private static func inflate(_ url: URL) throws -> [UInt8] {
    guard let handle = gzopen(url.path, "rb") else {
      throw CosmologyError.unreadable(file: url.path, reason: "gzopen failed")
    }
    defer { gzclose(handle) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = chunk.withUnsafeMutableBytes { gzread(handle, $0.baseAddress, UInt32($0.count)) }
      if n < 0 { throw CosmologyError.unreadable(file: url.path, reason: "corrupt gzip stream") }
      if n == 0 { break }
      guard out.count + Int(n) <= maximumInflatedBytes else {
        throw CosmologyError.unreadable(
          file: url.path, reason: "inflates to more than \(maximumInflatedBytes) bytes; not a data file")
      }
      out.append(contentsOf: chunk[0..<Int(n)])
    }
    return out
  }
}
