import Foundation
import XCTest

@testable import Orbits

/// The SPK crash classes of issue 17, each from a small kernel cut from DE421 and then broken
/// in one place: every one now ends in an error naming the kernel, not a trap, a hang or NaN.
final class MalformedKernelTests: XCTestCase {
  /// Sun, EMB, Moon (centre 3), two records each; summary i starts at byte 1024 + 24 + 40i.
  private func excerpt() throws -> Data {
    try SPKKernel(contentsOf: SPKKernelTests.kernelURL).excerpt(targets: [10, 3, 301], records: 2)
  }

  private func patch(_ data: inout Data, at offset: Int, double value: Double) {
    withUnsafeBytes(of: value.bitPattern.littleEndian) { data.replaceSubrange(offset..<(offset + 8), with: $0) }
  }

  private func patch(_ data: inout Data, at offset: Int, int32 value: Int32) {
    withUnsafeBytes(of: value.littleEndian) { data.replaceSubrange(offset..<(offset + 4), with: $0) }
  }

  private func summary(_ i: Int) -> Int { 1024 + 24 + 40 * i }

  private func int32(_ data: Data, _ offset: Int) -> Int {
    Int(data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) })
  }

  private func assertRefused(_ data: Data, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try SPKKernel(data: data, name: "bad.bsp"), file: file, line: line) { error in
      XCTAssertTrue("\(error)".hasPrefix("bad.bsp: "), "\(error)", file: file, line: line)
      XCTAssertTrue("\(error)".contains(expected), "\(error)", file: file, line: line)
    }
  }

  func testTheExcerptIsAValidKernelAgreeingWithTheOriginal() throws {
    let original = try SPKKernel(contentsOf: SPKKernelTests.kernelURL)
    let small = try SPKKernel(data: try excerpt(), name: "excerpt.bsp")
    XCTAssertEqual(small.bodies, [3, 10, 301])
    let coverage = try small.coverage(of: 301)
    // Not the last instant: there the excerpt ends its last record and the original starts the next.
    let epochs = [coverage.lowerBound, (coverage.lowerBound + coverage.upperBound) / 2, coverage.upperBound - 0.1]
    let a = try small.states(of: 301, at: epochs)
    let b = try original.states(of: 301, at: epochs)
    XCTAssertEqual(a.positions, b.positions)
    XCTAssertEqual(a.accelerations, b.accelerations)
  }

  /// Counts held as doubles used to go through Int(Double): 1e300 or NaN trapped.
  func testCountsThatAreNotIntegersAreRefused() throws {
    var data = try excerpt()
    patch(&data, at: 1024 + 16, double: 1e300)
    assertRefused(data, "summary count at byte 1040 is 1e+300")
    data = try excerpt()
    patch(&data, at: 1024, double: .nan)
    assertRefused(data, "next summary record at byte 1024 is nan")
    data = try excerpt()
    let trailer = (int32(data, summary(0) + 36) - 1) * 8
    patch(&data, at: trailer, double: 9.3e18)  // record count, the trailer's last word
    assertRefused(data, "record count")
  }

  /// Reversed word ranges and coverages.
  func testReversedRangesAreRefused() throws {
    var data = try excerpt()
    let (first, last) = (int32(data, summary(1) + 32), int32(data, summary(1) + 36))
    patch(&data, at: summary(1) + 32, int32: Int32(last))
    patch(&data, at: summary(1) + 36, int32: Int32(first))
    assertRefused(data, "are reversed")
    data = try excerpt()
    patch(&data, at: summary(0), double: 1e12)  // start after end
    assertRefused(data, "is not a finite, increasing range")
  }

  /// A segment whose centre is itself looped until memory ran out; a two-segment loop too.
  func testCentreLoopsAreRefused() throws {
    var data = try excerpt()
    patch(&data, at: summary(2) + 20, int32: 301)  // Moon's centre: the Moon
    assertRefused(data, "a body cannot be its own centre")
    data = try excerpt()
    patch(&data, at: summary(1) + 20, int32: 301)  // EMB's centre: the Moon, whose centre is EMB
    let kernel = try SPKKernel(data: data, name: "loop.bsp")
    XCTAssertThrowsError(try kernel.states(of: 301, at: [2_444_240])) { error in
      XCTAssertTrue("\(error)".contains("loop back to body"), "\(error)")
    }
  }

  /// NaN coefficients gave NaN states with exit 0; a record too short for one coefficient trapped.
  func testNonFiniteCoefficientsAndEmptyRecordsAreRefused() throws {
    var data = try excerpt()
    let firstWord = int32(data, summary(2) + 32)
    patch(&data, at: (firstWord - 1 + 5) * 8, double: .nan)
    assertRefused(data, "is nan, not a finite number")
    data = try excerpt()
    let trailer = (int32(data, summary(0) + 36) - 1) * 8
    patch(&data, at: trailer - 8, double: 3)  // record size 3: no room for a coefficient
    assertRefused(data, "record size 3")
  }

  /// Finite coefficients that overflow when summed give no state, not an infinite one.
  func testStatesThatOverflowAreRefused() throws {
    var data = try excerpt()
    let firstWord = int32(data, summary(0) + 32)
    let sun = try SPKKernel(data: data, name: "excerpt.bsp").segments[0]
    // Every X coefficient of the Sun's last record at its largest: at the record's end all Tₖ = 1.
    let last = firstWord - 1 + (sun.count - 1) * sun.recordSize
    for k in 2..<(2 + sun.coefficientCount) { patch(&data, at: (last + k) * 8, double: .greatestFiniteMagnitude) }
    let kernel = try SPKKernel(data: data, name: "huge.bsp")
    XCTAssertThrowsError(try kernel.states(of: 10, at: [try kernel.coverage(of: 10).upperBound])) { error in
      XCTAssertTrue("\(error)".contains("is not finite"), "\(error)")
    }
  }

  /// Segments pointing at the same words would each copy them (a 5 MB kernel, 100,000 copies).
  func testOverlappingSegmentsAreRefused() throws {
    var data = try excerpt()
    patch(&data, at: summary(1) + 32, int32: Int32(int32(data, summary(0) + 32)))
    patch(&data, at: summary(1) + 36, int32: Int32(int32(data, summary(0) + 36)))
    assertRefused(data, "overlap")
  }
}
