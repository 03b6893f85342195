import DurableFiles
import Foundation

/// Horizons replies on disk, one file per request URL. Each file starts with a line holding the
/// body's length and FNV-1a checksum, so a damaged entry (a torn copy, a flipped bit, an edit)
/// is found on read instead of breaking every later fetch; entries are written through
/// `DurableFile` (temporary file, fsync, rename, folder fsync), so a kill never leaves half of one.
struct HorizonsCache {
  let directory: URL
  /// Entries larger than this are damaged by definition (no reply is that long).
  var maxBytes: Int64 = 256 << 20

  static let magic = "gravitas-horizons-reply v1"

  func file(for url: String) -> URL { directory.appendingPathComponent("horizons-\(fnv1a(Data(url.utf8))).reply") }

  /// The cached body, nil when there is none; `HorizonsReplyError.damagedCacheEntry` when there
  /// is one that fails its checks.
  func read(_ url: String) throws -> String? {
    let file = file(for: url)
    guard FileManager.default.fileExists(atPath: file.path) else { return nil }
    func damaged(_ reason: String) -> HorizonsReplyError { .damagedCacheEntry(file: file.path, reason: reason) }
    let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
    // A FIFO or device in its place would block or never end the read below.
    guard attributes?[.type] as? FileAttributeType == .typeRegular else { throw damaged("not a regular file") }
    let size = (attributes?[.size] as? NSNumber)?.int64Value
    guard let size, size <= maxBytes else { throw damaged("unreadable or larger than \(maxBytes) bytes") }
    guard let data = try? Data(contentsOf: file) else { throw damaged("unreadable") }
    guard let newline = data.prefix(200).firstIndex(of: UInt8(ascii: "\n")) else { throw damaged("no header line") }
    let header = String(decoding: data[..<newline], as: UTF8.self).split(separator: " ")
    let body = data[(newline + 1)...]
    guard header.count == 4, header[0...1].joined(separator: " ") == Self.magic,
      let length = header[2].split(separator: "=").last.flatMap({ Int($0) }),
      let sum = header[3].split(separator: "=").last
    else { throw damaged("the header line is not '\(Self.magic) length=N fnv1a64=HEX'") }
    guard body.count == length else { throw damaged("\(body.count) bytes where the header says \(length)") }
    guard fnv1a(body) == sum else { throw damaged("checksum \(fnv1a(body)) where the header says \(sum)") }
    guard let text = String(data: body, encoding: .utf8) else { throw damaged("not UTF-8") }
    return text
  }

  func write(_ body: String, for url: String) throws {
    let data = Data(body.utf8)
    let entry = Data("\(Self.magic) length=\(data.count) fnv1a64=\(fnv1a(data))\n".utf8) + data
    let destination = file(for: url)
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try DurableFile.write(entry, to: destination)
    } catch let error as DurableFileError {
      throw OrbitsError.unreadable(file: destination.path, reason: error.failure)
    } catch {
      throw OrbitsError.unreadable(file: destination.path, reason: "cannot write: \(error.localizedDescription)")
    }
  }

  func remove(_ url: String) { try? FileManager.default.removeItem(at: file(for: url)) }
}

/// 64-bit FNV-1a of `bytes`, in hex: a cache key, and a checksum against accidental damage.
func fnv1a(_ bytes: some Sequence<UInt8>) -> String {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
  return String(hash, radix: 16)
}
