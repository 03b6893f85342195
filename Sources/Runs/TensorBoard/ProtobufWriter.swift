import Foundation

/// Just enough protobuf wire format to hand-encode TensorBoard's `Event` and `Summary`.
///
/// Wire types: 0 = varint, 1 = 64-bit, 2 = length-delimited, 5 = 32-bit; a field key is
/// `(field number << 3) | wire type`. All fixed-width values are little-endian.
struct ProtobufWriter {
  private(set) var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  private mutating func key(_ field: Int, _ wireType: UInt64) {
    varint(UInt64(field) << 3 | wireType)
  }

  /// int32/int64 fields: negative values take ten bytes, as protobuf specifies.
  mutating func int(_ field: Int, _ value: Int64) {
    key(field, 0)
    varint(UInt64(bitPattern: value))
  }

  mutating func double(_ field: Int, _ value: Double) {
    key(field, 1)
    appendLittleEndian(value.bitPattern)
  }

  mutating func float(_ field: Int, _ value: Float) {
    key(field, 5)
    appendLittleEndian(value.bitPattern)
  }

  mutating func bytes(_ field: Int, _ value: [UInt8]) {
    key(field, 2)
    varint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  mutating func string(_ field: Int, _ value: String) {
    bytes(field, Array(value.utf8))
  }

  mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
    var inner = ProtobufWriter()
    build(&inner)
    bytes(field, inner.bytes)
  }

  /// A packed repeated double: one length-delimited field holding the raw 8-byte values.
  mutating func packedDoubles(_ field: Int, _ values: [Double]) {
    var inner = ProtobufWriter()
    for value in values { inner.appendLittleEndian(value.bitPattern) }
    bytes(field, inner.bytes)
  }

  private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }
}
