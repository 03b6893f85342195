import Foundation
import XCTest

@testable import NN
@testable import Runs

/// A minimal TFRecord + protobuf reader, written independently of the writer, to check
/// event files from the outside.
enum TFRecordReader {
  struct FramingError: Error, CustomStringConvertible { var description: String }

  /// Splits a file into records, verifying both masked CRCs of each.
  static func records(_ bytes: [UInt8]) throws -> [[UInt8]] {
    var records: [[UInt8]] = []
    var offset = 0
    while offset < bytes.count {
      guard offset + 12 <= bytes.count else { throw FramingError(description: "truncated header at \(offset)") }
      let lengthBytes = Array(bytes[offset..<offset + 8])
      let length = Int(lengthBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
      guard uint32(bytes, offset + 8) == CRC32C.masked(lengthBytes) else {
        throw FramingError(description: "bad length CRC at \(offset)")
      }
      let start = offset + 12
      guard start + length + 4 <= bytes.count else { throw FramingError(description: "truncated data at \(offset)") }
      let data = Array(bytes[start..<start + length])
      guard uint32(bytes, start + length) == CRC32C.masked(data) else {
        throw FramingError(description: "bad data CRC at \(offset)")
      }
      records.append(data)
      offset = start + length + 4
    }
    return records
  }

  static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
  }

  static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
  }

  /// One decoded protobuf field: varints as `UInt64`, fixed widths as raw bit patterns.
  enum Field {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case bytes([UInt8])

    var bytesValue: [UInt8]? { if case .bytes(let b) = self { return b } else { return nil } }
    var string: String? { bytesValue.map { String(decoding: $0, as: UTF8.self) } }
    var double: Double? { if case .fixed64(let v) = self { return Double(bitPattern: v) } else { return nil } }
    var float: Float? { if case .fixed32(let v) = self { return Float(bitPattern: v) } else { return nil } }
    var int: Int64? { if case .varint(let v) = self { return Int64(bitPattern: v) } else { return nil } }
    var message: [Int: [Field]]? { bytesValue.flatMap { try? TFRecordReader.fields($0) } }
    var packedDoubles: [Double]? {
      bytesValue.map { b in stride(from: 0, to: b.count, by: 8).map { Double(bitPattern: TFRecordReader.uint64(b, $0)) }
      }
    }
  }

  /// Decodes a protobuf message into field number → values (repeated fields keep order).
  static func fields(_ bytes: [UInt8]) throws -> [Int: [Field]] {
    var result: [Int: [Field]] = [:]
    var offset = 0
    func varint() throws -> UInt64 {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard offset < bytes.count, shift < 64 else { throw FramingError(description: "bad varint") }
        let byte = bytes[offset]
        offset += 1
        value |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { return value }
        shift += 7
      }
    }
    while offset < bytes.count {
      let key = try varint()
      let field: Field
      switch key & 7 {
      case 0: field = .varint(try varint())
      case 1:
        guard offset + 8 <= bytes.count else { throw FramingError(description: "short fixed64") }
        field = .fixed64(uint64(bytes, offset))
        offset += 8
      case 5:
        guard offset + 4 <= bytes.count else { throw FramingError(description: "short fixed32") }
        field = .fixed32(uint32(bytes, offset))
        offset += 4
      case 2:
        let length = Int(try varint())
        guard offset + length <= bytes.count else { throw FramingError(description: "short bytes") }
        field = .bytes(Array(bytes[offset..<offset + length]))
        offset += length
      default: throw FramingError(description: "wire type \(key & 7)")
      }
      result[Int(key >> 3), default: []].append(field)
    }
    return result
  }
}
