import Foundation
import NN

extension SafeTensors {
  /// Largest header accepted; the reference implementation uses the same 100 MB cap.
  static let maximumHeaderSize = 100_000_000

  /// Parses and validates a safetensors file: header length, JSON, dtypes, shapes, and that
  /// the data offsets tile the data section exactly (no gaps, overlaps or trailing bytes).
  public static func decode(_ data: Data, path: String = "<memory>") throws -> SafeTensors {
    func invalid(_ reason: String) -> RunsError { .invalidSafetensors(path: path, reason: reason) }
    let bytes = [UInt8](data)
    guard bytes.count >= 8 else { throw invalid("file is \(bytes.count) bytes, shorter than the 8-byte header length") }
    let headerLength = decodeLittleEndian(Data(bytes[0..<8]), as: UInt64.self)[0]
    guard headerLength <= UInt64(min(bytes.count - 8, maximumHeaderSize)) else {
      throw invalid("header length \(headerLength) exceeds the \(bytes.count - 8) bytes after it")
    }
    let headerEnd = 8 + Int(headerLength)
    let headerBytes = Data(bytes[8..<headerEnd])
    guard headerBytes.first == UInt8(ascii: "{") else { throw invalid("header does not start with '{'") }
    let json: JSONValue
    do {
      json = try JSONDecoder().decode(JSONValue.self, from: headerBytes)
    } catch {
      throw invalid("header is not valid JSON (\(error.localizedDescription))")
    }
    guard case .object(let header) = json else { throw invalid("header is not a JSON object") }

    var metadata: [String: String] = [:]
    if let raw = header["__metadata__"] {
      guard case .object(let map) = raw else { throw invalid("__metadata__ is not an object") }
      for (key, value) in map {
        guard case .string(let text) = value else { throw invalid("__metadata__[\"\(key)\"] is not a string") }
        metadata[key] = text
      }
    }

    let dataSection = Data(bytes[headerEnd...])
    var spans: [(name: String, begin: Int, end: Int)] = []
    var tensors: [String: Tensor] = [:]
    for (name, raw) in header where name != "__metadata__" {
      guard case .object(let entry) = raw else { throw invalid("entry \"\(name)\" is not an object") }
      guard case .string(let dtypeName)? = entry["dtype"] else { throw invalid("\"\(name)\": missing dtype") }
      guard let dtype = DType(rawValue: dtypeName) else {
        throw invalid("\"\(name)\": unsupported dtype \(dtypeName) (supported: F32, F64, I64)")
      }
      guard let shape = integers(entry["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
        throw invalid("\"\(name)\": shape must be an array of non-negative integers")
      }
      guard let offsets = integers(entry["data_offsets"]), offsets.count == 2 else {
        throw invalid("\"\(name)\": data_offsets must be [begin, end]")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin >= 0, begin <= end, end <= dataSection.count else {
        throw invalid("\"\(name)\": data_offsets [\(begin), \(end)] outside the \(dataSection.count)-byte data section")
      }
      // Multiplied in the order `Tensor.init` multiplies them, so no product there can overflow.
      guard let bytes = byteCount(shape, dtype) else {
        throw invalid("\"\(name)\": shape \(shape) of \(dtypeName) holds more elements than any file can")
      }
      guard end - begin == bytes else {
        throw invalid(
          "\"\(name)\": shape \(shape) of \(dtypeName) needs \(bytes) bytes but data_offsets span \(end - begin)")
      }
      spans.append((name, begin, end))
      tensors[name] = Tensor(dtype: dtype, shape: shape, bytes: dataSection.subdata(in: begin..<end))
    }
    var expected = 0
    for span in spans.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
      guard span.begin == expected else {
        throw invalid("\"\(span.name)\": data starts at \(span.begin), expected \(expected) (gap or overlap)")
      }
      expected = span.end
    }
    guard expected == dataSection.count else {
      throw invalid("tensors cover \(expected) bytes but the data section has \(dataSection.count)")
    }
    return SafeTensors(tensors: tensors, metadata: metadata)
  }

  /// Bytes of a tensor of `shape`, or nil when a running product overflows.
  private static func byteCount(_ shape: [Int], _ dtype: DType) -> Int? {
    var product = 1
    for dimension in shape {
      let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
      if overflow { return nil }
      product = next
    }
    let (bytes, overflow) = product.multipliedReportingOverflow(by: dtype.byteCount)
    return overflow ? nil : bytes
  }

  /// An array of integers; a number with a fraction, or beyond `Int`, is not one.
  private static func integers(_ value: JSONValue?) -> [Int]? {
    guard case .array(let array)? = value else { return nil }
    var result: [Int] = []
    for element in array {
      switch element {
      case .integer(let integer): result.append(Int(integer))
      case .number(let number):
        // 3.0 or 3e0 is the integer 3, as it was read before (JSONSerialization's NSNumber).
        guard let integer = Int(exactly: number) else { return nil }
        result.append(integer)
      default: return nil
      }
    }
    return result
  }
}
