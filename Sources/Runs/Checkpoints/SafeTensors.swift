import DurableFiles
import Foundation
import NN

/// Named tensors as raw little-endian bytes in the safetensors format, with no tensor library.
///
/// Layout: `u64 little-endian N | N bytes of JSON header | data`. The header maps each name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data section) and
/// may hold `"__metadata__"`, a string→string map. This writer sorts names, lays the data out
/// contiguously in that order, and pads the header with spaces to a multiple of 8 bytes.
public struct SafeTensors: Equatable, Sendable {
  public enum DType: String, Sendable, CaseIterable {
    case f32 = "F32"
    case f64 = "F64"
    case i64 = "I64"

    public var byteCount: Int {
      switch self {
      case .f32: return 4
      case .f64, .i64: return 8
      }
    }
  }

  public struct Tensor: Equatable, Sendable {
    public var dtype: DType
    public var shape: [Int]
    /// `shape.product × dtype.byteCount` bytes, little-endian, row-major.
    public var bytes: Data

    public init(dtype: DType, shape: [Int], bytes: Data) {
      precondition(shape.allSatisfy { $0 >= 0 }, "SafeTensors.Tensor: negative dimension in shape \(shape)")
      let expected = shape.reduce(1, *) * dtype.byteCount
      precondition(
        bytes.count == expected,
        "SafeTensors.Tensor: shape \(shape) of \(dtype.rawValue) needs \(expected) bytes, got \(bytes.count)")
      self.dtype = dtype
      self.shape = shape
      self.bytes = bytes
    }

    public init(shape: [Int], floats: [Float]) {
      self.init(dtype: .f32, shape: shape, bytes: littleEndianData(floats.map(\.bitPattern)))
    }

    public init(shape: [Int], doubles: [Double]) {
      self.init(dtype: .f64, shape: shape, bytes: littleEndianData(doubles.map(\.bitPattern)))
    }

    public init(shape: [Int], int64s: [Int64]) {
      self.init(dtype: .i64, shape: shape, bytes: littleEndianData(int64s))
    }

    /// The values, when `dtype` is `.f32`.
    public var floats: [Float]? {
      dtype == .f32 ? decodeLittleEndian(bytes, as: UInt32.self).map(Float.init(bitPattern:)) : nil
    }

    public var doubles: [Double]? {
      dtype == .f64 ? decodeLittleEndian(bytes, as: UInt64.self).map(Double.init(bitPattern:)) : nil
    }

    public var int64s: [Int64]? {
      dtype == .i64 ? decodeLittleEndian(bytes, as: Int64.self) : nil
    }
  }

  public var tensors: [String: Tensor]
  public var metadata: [String: String]

  public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
    precondition(tensors["__metadata__"] == nil, "SafeTensors: '__metadata__' is reserved, not a tensor name")
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The complete file contents.
  public func encoded() -> Data {
    let names = tensors.keys.sorted()
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(jsonStringLiteral($0)):\(jsonStringLiteral(metadata[$0]!))" }
      entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for name in names {
      let tensor = tensors[name]!
      let end = offset + tensor.bytes.count
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append(
        "\(jsonStringLiteral(name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}"
      )
      offset = end
    }
    var header = Data("{\(entries.joined(separator: ","))}".utf8)
    header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))
    var file = littleEndianData([UInt64(header.count)])
    file.append(header)
    for name in names { file.append(tensors[name]!.bytes) }
    return file
  }

  /// Writes the file via a temporary sibling and a rename, so it is never half-written.
  public func write(to url: URL) throws {
    try DurableFile.write(encoded(), to: url)
  }

  public static func read(from url: URL) throws -> SafeTensors {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw RunsError.readFailed(path: url.path, reason: error.localizedDescription)
    }
    return try decode(data, path: url.path)
  }
}

func littleEndianData<T: FixedWidthInteger>(_ values: [T]) -> Data {
  var data = Data(capacity: values.count * MemoryLayout<T>.size)
  for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
  return data
}

func decodeLittleEndian<T: FixedWidthInteger>(_ data: Data, as: T.Type) -> [T] {
  let size = MemoryLayout<T>.size
  return data.withUnsafeBytes { raw in
    (0..<raw.count / size).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
  }
}
