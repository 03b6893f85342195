import Foundation
import Orbits
import XCTest

/// The SPK reader against jplephem's states, and its accelerations against point-mass Newton.
final class SPKKernelTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let kernelURL = repository.appendingPathComponent("Data/de421_1980_2030.bsp")

  func testSegmentsAndBodies() throws {
    let kernel = try SPKKernel(contentsOf: Self.kernelURL)
    XCTAssertEqual(kernel.segments.count, 15)
    XCTAssertEqual(kernel.bodies, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 199, 299, 301, 399, 499])
    let coverage = try kernel.coverage(of: 301)
    XCTAssertLessThanOrEqual(coverage.lowerBound, 2_444_239.5)  // 1980-01-01
    XCTAssertGreaterThanOrEqual(coverage.upperBound, 2_462_502.5)  // 2030-01-01
  }

  /// Every reference row (22 epochs × 15 segments) to 1e-12 relative in position and velocity.
  func testAgreesWithJplephem() throws {
    let kernel = try SPKKernel(contentsOf: Self.kernelURL)
    let url = Bundle.module.url(forResource: "de421_reference_states", withExtension: "csv", subdirectory: "Fixtures")!
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
    XCTAssertEqual(lines.count, 330)
    var worstPosition = 0.0
    var worstVelocity = 0.0
    for line in lines {
      let f = line.split(separator: ",").map { Double($0)! }
      let (p, v) = try kernel.segmentState(target: Int(f[1]), center: Int(f[0]), at: f[2])
      let (pRef, vRef) = (Array(f[3..<6]), Array(f[6..<9]))
      worstPosition = max(worstPosition, relativeError(p, pRef))
      worstVelocity = max(worstVelocity, relativeError(v, vRef))
    }
    XCTAssertLessThan(worstPosition, 1e-12)
    XCTAssertLessThan(worstVelocity, 1e-12)
    print("SPK vs jplephem: worst relative error position \(worstPosition), velocity \(worstVelocity)")
  }

  /// The exact acceleration against Σ GMⱼ(xⱼ − xᵢ)/|xⱼ − xᵢ|³ over the other ten bodies, on 681
  /// days at 1-day cadence from 2000-01-01: each body's median relative residual within twice
  /// the level in shared/data/ephemeris/README.md (what point-mass Newton leaves out: GR,
  /// asteroids, figures and tides).
  func testAccelerationsAgreeWithNewton() throws {
    let kernel = try SPKKernel(contentsOf: Self.kernelURL)
    let gm: [Int: Double] = [
      10: 132712440040.9446, 199: 22032.09000000011, 299: 324858.59200000117,
      399: 398600.43623333966, 301: 4902.800076227743, 4: 42828.37521400019,
      5: 126712764.8000003, 6: 37940585.20000016, 7: 5794548.600000031,
      8: 6836535.000000017, 9: 977.0000000000057,
    ]
    let readmeMedian: [Int: Double] = [
      4: 2.0e-8, 10: 1.9e-6, 199: 8.1e-8, 299: 4.1e-8, 399: 3.0e-8, 301: 1.5e-7,
      5: 5.0e-9, 6: 2.3e-9, 7: 3.5e-10, 8: 3.5e-10, 9: 3.5e-10,
    ]
    let bodies = gm.keys.sorted()
    let epochs = (0..<681).map { 2_451_544.5 + Double($0) }
    let states = try Dictionary(uniqueKeysWithValues: bodies.map { ($0, try kernel.states(of: $0, at: epochs)) })
    for body in bodies {
      var residuals: [Double] = []
      for e in epochs.indices {
        let x = Array(states[body]!.positions[(3 * e)..<(3 * e + 3)])
        var newton = [0.0, 0, 0]
        for other in bodies where other != body {
          let d = (0..<3).map { states[other]!.positions[3 * e + $0] - x[$0] }
          let r = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot()
          for k in 0..<3 { newton[k] += gm[other]! * d[k] / (r * r * r) }
        }
        residuals.append(relativeError(newton, Array(states[body]!.accelerations[(3 * e)..<(3 * e + 3)])))
      }
      let median = residuals.sorted()[residuals.count / 2]
      XCTAssertLessThanOrEqual(median, 2 * readmeMedian[body]!, "body \(body): median Newton residual \(median)")
    }
  }

  func testErrors() throws {
    let kernel = try SPKKernel(contentsOf: Self.kernelURL)
    XCTAssertThrowsError(try kernel.states(of: 599, at: [2_451_545])) { error in
      XCTAssertTrue("\(error)".hasPrefix("body 599 is not in the kernel; it has 1, 2, 3"), "\(error)")
    }
    XCTAssertThrowsError(try kernel.states(of: 399, at: [2_400_000])) { error in
      XCTAssertTrue("\(error)".contains("outside the kernel's coverage for body 399"), "\(error)")
    }
    let notDAF = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-kernel-\(UUID()).bsp")
    try Data(repeating: 0x41, count: 2048).write(to: notDAF)
    defer { try? FileManager.default.removeItem(at: notDAF) }
    XCTAssertThrowsError(try SPKKernel(contentsOf: notDAF)) { error in
      XCTAssertEqual(error as? OrbitsError, .notDAF(file: notDAF.path, found: "AAAAAAAA"))
    }
    var bigEndian = try Data(contentsOf: Self.kernelURL)
    bigEndian.replaceSubrange(88..<96, with: Data("BIG-IEEE".utf8))
    let swapped = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID()).bsp")
    try bigEndian.write(to: swapped)
    defer { try? FileManager.default.removeItem(at: swapped) }
    XCTAssertThrowsError(try SPKKernel(contentsOf: swapped)) { error in
      XCTAssertEqual(error as? OrbitsError, .unsupportedByteOrder(file: swapped.path, format: "BIG-IEEE"))
    }
  }
}

func relativeError(_ a: [Double], _ b: [Double]) -> Double {
  let diff = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
  return diff / b.map { $0 * $0 }.reduce(0, +).squareRoot()
}
