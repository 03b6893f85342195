import Foundation
import XCTest

@testable import NN
@testable import Runs

final class SafeTensorsTests: XCTestCase {
  private func sample() -> SafeTensors {
    SafeTensors(
      tensors: [
        "layers.1.weight": .init(
          shape: [2, 3], floats: [1, -2.5, .pi, .greatestFiniteMagnitude, -0.0, .leastNonzeroMagnitude]),
        "layers.0.bias": .init(shape: [3], doubles: [1e-300, -7, .infinity]),
        "step": .init(shape: [], int64s: [Int64.min]),
        "empty": .init(shape: [0, 4], floats: []),
      ],
      metadata: ["format": "pt", "note": "quote \" backslash \\ newline \n é"])
  }

  func testRoundTripIsBitExact() throws {
    let original = sample()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-st-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    try original.write(to: url)
    let read = try SafeTensors.read(from: url)
    XCTAssertEqual(read, original)
    XCTAssertEqual(
      read.tensors["layers.1.weight"]?.floats?.map(\.bitPattern),
      ([1, -2.5, .pi, .greatestFiniteMagnitude, -0.0, .leastNonzeroMagnitude] as [Float]).map(\.bitPattern))
    XCTAssertEqual(read.tensors["step"]?.int64s, [Int64.min])
    XCTAssertNil(read.tensors["step"]?.floats)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["model.safetensors"])
    // GRAVITAS_KEEP_SAFETENSORS=FILE keeps a copy for /work/shared/bench/peers/check_safetensors.py.
    if let keep = ProcessInfo.processInfo.environment["GRAVITAS_KEEP_SAFETENSORS"] {
      try original.write(to: URL(fileURLWithPath: keep))
    }
  }

  func testHeaderLayoutIsSortedAlignedAndContiguous() throws {
    let bytes = [UInt8](sample().encoded())
    let length = Int(decodeLittleEndian(Data(bytes[0..<8]), as: UInt64.self)[0])
    XCTAssertEqual(length % 8, 0)
    let header = String(decoding: bytes[8..<8 + length], as: UTF8.self)
    XCTAssertTrue(header.hasPrefix("{\"__metadata__\":{\"format\":\"pt\","), header)
    // Sorted names, contiguous offsets: empty(0 bytes), layers.0.bias(24), layers.1.weight(24), step(8).
    XCTAssertTrue(header.contains("\"empty\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[0,0]}"))
    XCTAssertTrue(header.contains("\"layers.0.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}"))
    XCTAssertTrue(header.contains("\"layers.1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,48]}"))
    XCTAssertTrue(header.contains("\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[48,56]}"))
    XCTAssertEqual(bytes.count, 8 + length + 56)
    XCTAssertTrue(header.hasSuffix("}") || header.last == " ")
  }

  /// A file with the given JSON header and data section.
  private func file(header: String, data: [UInt8]) -> Data {
    var file = littleEndianData([UInt64(header.utf8.count)])
    file.append(Data(header.utf8))
    file.append(contentsOf: data)
    return file
  }

  private func assertInvalid(_ data: Data, mentions fragment: String, line: UInt = #line) {
    XCTAssertThrowsError(try SafeTensors.decode(data, path: "bad.safetensors"), line: line) { error in
      guard case RunsError.invalidSafetensors(let path, let reason) = error else {
        return XCTFail("unexpected \(error)", line: line)
      }
      XCTAssertEqual(path, "bad.safetensors", line: line)
      XCTAssertTrue(reason.contains(fragment), "\(reason)", line: line)
      XCTAssertFalse("\(error)".contains("\n"), line: line)
    }
  }

  func testCorruptFilesThrowClearErrors() {
    let eight = [UInt8](repeating: 0, count: 8)
    assertInvalid(Data([1, 2, 3]), mentions: "shorter than the 8-byte header length")
    assertInvalid(littleEndianData([UInt64(1000)]) + Data("{}".utf8), mentions: "header length 1000 exceeds")
    assertInvalid(file(header: "[1]", data: []), mentions: "does not start with '{'")
    assertInvalid(file(header: "{\"a\":", data: []), mentions: "not valid JSON")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", data: eight),
      mentions: "unsupported dtype BF16")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: eight),
      mentions: "needs 12 bytes but data_offsets span 8")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", data: eight),
      mentions: "outside the 8-byte data section")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data: eight),
      mentions: "expected 0 (gap or overlap)")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: eight),
      mentions: "cover 4 bytes but the data section has 8")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", data: eight),
      mentions: "shape must be")
    assertInvalid(
      file(header: "{\"__metadata__\":{\"k\":1}}", data: []), mentions: "__metadata__[\"k\"] is not a string")
    assertInvalid(file(header: "{\"__metadata__\":[1]}", data: []), mentions: "__metadata__ is not an object")
    assertInvalid(file(header: "{\"a\":[1]}", data: []), mentions: "entry \"a\" is not an object")
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", data: eight), mentions: "missing dtype"
    )
    for shape in ["[true]", "[-1]", "[1e300]", "[18446744073709551615]", "\"1\"", "[[1]]"] {
      assertInvalid(
        file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,4]}}", data: eight),
        mentions: "shape must be")
    }
    assertInvalid(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", data: eight),
      mentions: "data_offsets must be [begin, end]")
  }

  /// An integral number written with a fraction or an exponent is that integer, as when the
  /// header was read with JSONSerialization.
  func testIntegralNumbersInTheHeaderAreIntegers() throws {
    let four = [UInt8](repeating: 0, count: 4)
    let decoded = try SafeTensors.decode(
      file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4e0]}}", data: four))
    XCTAssertEqual(decoded.tensors["a"]?.shape, [1])
  }

  func testReadsAFileWrittenByTheSafetensorsLibrary() throws {
    // Written by Python safetensors 0.8.0 + numpy 2.4.6 (this helper session, 2026-11-24):
    //   save_file({"b": np.array([[1, 2], [3, 4]], dtype=np.int64),
    //              "a": np.array([0.5, -1.25], dtype=np.float32)}, path, metadata={"who": "python"})
    // then `base64 -w0`. Embedded rather than a resource to keep Package.swift unchanged. The
    // library lays out data by dtype alignment (b before a), not by name, unlike our writer.
    let written =
      "kAAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJ3aG8iOiJweXRob24ifSwiYiI6eyJkdHlwZSI6Ikk2NCIsInNoYXBlIjpbMiwyXSwiZGF0YV9vZmZzZXRzIjpbMCwzMl19LCJhIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMzIsNDBdfX0BAAAAAAAAAAIAAAAAAAAAAwAAAAAAAAAEAAAAAAAAAAAAAD8AAKC/"
    let file = try SafeTensors.decode(XCTUnwrap(Data(base64Encoded: written)), path: "python-written.safetensors")
    XCTAssertEqual(file.metadata, ["who": "python"])
    XCTAssertEqual(file.tensors["a"]?.floats, [0.5, -1.25])
    XCTAssertEqual(file.tensors["b"]?.shape, [2, 2])
    XCTAssertEqual(file.tensors["b"]?.int64s, [1, 2, 3, 4])
  }
}

/// Forged shapes from issue 17's fuzzing: products that overflow trapped while the tensor was built.
final class SafeTensorsHostileTests: XCTestCase {
  private func file(_ header: String, data: Int = 0) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(Data(header.utf8))
    bytes.append(Data(count: data))
    return bytes
  }

  func testShapesWhoseProductOverflowsAreRefused() {
    for shape in ["[4611686018427387904,4611686018427387904,0]", "[9223372036854775807,2]", "[1152921504606846976]"] {
      let header = #"{"w":{"dtype":"F64","shape":"# + shape + #","data_offsets":[0,0]}}"#
      XCTAssertThrowsError(try SafeTensors.decode(file(header), path: "w.safetensors"), shape) { error in
        XCTAssertTrue("\(error)".hasPrefix("w.safetensors: not a valid safetensors file: \"w\": shape"), "\(error)")
      }
    }
  }
}
