import XCTest

@testable import NN
@testable import Runs

final class CRC32CTests: XCTestCase {
  func testKnownVectors() {
    // Check value from the CRC catalogue (CRC-32/ISCSI) and RFC 3720 B.4 vectors.
    XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
    XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
    XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
    XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
    XCTAssertEqual(CRC32C.checksum([UInt8]()), 0)
  }

  func testMaskIsRotateAndOffset() {
    let crc: UInt32 = 0xE306_9283
    XCTAssertEqual(CRC32C.masked(Array("123456789".utf8)), ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
  }
}
