import Foundation

/// Splits a byte buffer into whitespace-separated tokens and parses them as finite `Double`s,
/// tracking line numbers for error messages. Used for multi-megabyte covariance files, where
/// `String` splitting is too slow.
struct NumberScanner {
  private let bytes: [UInt8]  // NUL-terminated copy, so `strtod` stops at the end
  private var position = 0
  private(set) var line = 1
  let file: String

  init(_ data: [UInt8], file: String) {
    bytes = data + [0]
    self.file = file
  }

  /// The next number, or nil at the end of the buffer.
  mutating func next() throws -> Double? {
    while position < bytes.count - 1, Self.isSpace(bytes[position]) {
      if bytes[position] == UInt8(ascii: "\n") { line += 1 }
      position += 1
    }
    if position >= bytes.count - 1 { return nil }
    let start = position
    while position < bytes.count - 1, !Self.isSpace(bytes[position]) { position += 1 }
    let stop = position
    let value: Double? = bytes.withUnsafeBufferPointer { buffer in
      guard let origin = buffer.baseAddress else { return nil }  // never: the buffer holds at least the NUL
      let base = UnsafeRawPointer(origin + start).assumingMemoryBound(to: CChar.self)
      var end: UnsafeMutablePointer<CChar>?
      let parsed = strtod(base, &end)
      guard let end, UnsafeRawPointer(end) == UnsafeRawPointer(origin + stop) else { return nil }
      return parsed
    }
    guard let value, value.isFinite else {
      let token = String(decoding: bytes[start..<position], as: UTF8.self)
      throw CosmologyError.malformedRow(
        file: file, line: line, column: nil,
        reason: "'\(token)' is not a finite number")
    }
    return value
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }
}
