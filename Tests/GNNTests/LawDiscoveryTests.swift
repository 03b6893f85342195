import Foundation
import GNN
import Orbits
import TensorCore
import XCTest

/// The law-recovery path of `gnn discover` (directed-edge samples weighted by their share of
/// the receiver's |a|, the symbolic search, the exponent read off the pick) on synthetic
/// orbits whose forces follow a planted law: it must report the planted exponent, not −2.
final class LawDiscoveryTests: XCTestCase {
  /// A Sun and five bodies of 1e-8…1e-3 solar masses at 0.3…40 au, `epochs` random
  /// configurations, with pair forces G m₁m₂ r^p along the separation.
  static func samples(exponent p: Double, epochs: Int = 8, seed: UInt64) -> LawDiscovery.Samples {
    samples(epochs: epochs, seed: seed) { mi, mj, r in
      mi * mj * Foundation.pow(r, p) * Foundation.pow(Units.kilometresPerAU, p + 2)
    }
  }

  /// The same configurations with pair forces GM☉ · law(mᵢ, mⱼ, r in km) along the separation.
  static func samples(epochs: Int = 8, seed: UInt64, law: (Double, Double, Double) -> Double) -> LawDiscovery.Samples {
    var g = RandomGenerator(seed: seed)
    let masses = [1.0, 3e-3, 2e-5, 4e-7, 1e-4, 6e-8]
    let n = masses.count
    let au = Units.kilometresPerAU
    var positions = [Double]()
    for _ in 0..<epochs {
      positions += [0, 0, 0]
      for _ in 1..<n {
        let r = au * Foundation.pow(10, Foundation.log10(0.3) + Foundation.log10(40 / 0.3) * g.uniform())
        let (phi, z) = (2 * Double.pi * g.uniform(), 0.2 * (g.uniform() - 0.5))
        positions += [r * cos(phi), r * sin(phi), r * z]
      }
    }
    let bodies = (0..<n).map { EphemerisBody(id: $0 == 0 ? 10 : 100 + $0, name: "b\($0)") }
    let dataset = EphemerisDataset(
      bodies: bodies, epochs: (0..<epochs).map(Double.init), positions: positions,
      velocities: [Double](repeating: 0, count: positions.count), accelerations: nil)
    let graph = GravityGraph(bodyCount: n, referenceBody: 0, logDistanceMean: 0, logDistanceScale: 1)
    let gm = 1.32712440041e11
    var forces = [Double]()
    var accelerations = [Double](repeating: 0, count: epochs * n * 3)
    for e in 0..<epochs {
      for (i, j) in zip(graph.firstBody, graph.secondBody) {
        let d = (0..<3).map { positions[(e * n + j) * 3 + $0] - positions[(e * n + i) * 3 + $0] }
        let r = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot()
        let f = d.map { gm * law(masses[i], masses[j], r) * $0 / r }
        forces += f
        for k in 0..<3 {
          accelerations[(e * n + i) * 3 + k] += f[k] / masses[i]
          accelerations[(e * n + j) * 3 + k] -= f[k] / masses[j]
        }
      }
    }
    return LawDiscovery.samples(
      forces: forces, accelerations: accelerations, masses: masses, graph: graph,
      dataset: dataset, epochs: Array(0..<epochs))
  }

  func discover(exponent p: Double, seed: UInt64, setup: LawDiscovery.Setup = .init()) throws -> LawDiscovery.Result {
    try discover(Self.samples(exponent: p, seed: seed), label: "planted r^\(p)", seed: seed, setup: setup)
  }

  func discover(
    _ samples: LawDiscovery.Samples, label: String, seed: UInt64, populations: Int = 3,
    setup: LawDiscovery.Setup = .init()
  ) throws -> LawDiscovery.Result {
    var options = SymbolicRegressionOptions()
    (options.populationSize, options.generations, options.populations) = (60, 40, populations)
    let result = try LawDiscovery.discover(samples, options: options, setup: setup, seed: seed)
    print(
      "\(label), seed \(seed):\n\(result.search.table)\nexponents m1 \(result.exponents.m1), m2 \(result.exponents.m2), r \(result.exponents.r); populations agreeing \(result.search.populationsAgreeing)"
    )
    return result
  }

  func testFindsAPlantedInverseTwoAndAHalfLaw() throws {
    let result = try discover(exponent: -2.5, seed: 2)
    XCTAssertEqual(result.exponents.r, -2.5, accuracy: 0.01)
    XCTAssertEqual(result.exponents.m1, 1, accuracy: 0.01)
    XCTAssertEqual(result.exponents.m2, 1, accuracy: 0.01)
    XCTAssertLessThan(result.directionMedianDegrees, 1e-6, "planted forces lie along the separation")
    XCTAssertTrue(result.unitsConsistent)
    XCTAssertGreaterThan(result.heldOutSamples, 0, "the pick is judged on held-out time blocks")
  }

  /// The template m1·m2·f(r) does not decide the exponent: r^-2.5 still comes out.
  func testTemplateStillMeasuresTheExponent() throws {
    var setup = LawDiscovery.Setup()
    setup.massProductTemplate = true
    let result = try discover(exponent: -2.5, seed: 5, setup: setup)
    XCTAssertEqual(result.exponents.r, -2.5, accuracy: 0.01)
    XCTAssertEqual(result.exponents.m1, 1, accuracy: 1e-9)
    XCTAssertTrue(result.search.best.formula.hasPrefix("m1 * m2 * "), result.search.best.formula)
  }

  /// A law outside the template, searched without it: (m₁m₂)^1.5 / r², which no m1·m2·f(r)
  /// can write. The search must report the masses' powers it was given, not Newton's.
  func testFindsAPlantedLawOutsideTheTemplate() throws {
    let law = try discover(
      Self.samples(seed: 4) { mi, mj, r in Foundation.pow(mi * mj, 1.5) / (r * r) },
      label: "planted (m1 m2)^1.5 / r^2", seed: 4)
    XCTAssertEqual(law.exponents.m1, 1.5, accuracy: 0.01)
    XCTAssertEqual(law.exponents.m2, 1.5, accuracy: 0.01)
    XCTAssertEqual(law.exponents.r, -2, accuracy: 0.01)
  }

  /// The same path on Newton's law gives back −2 and GM☉ (the force at 1 au between unit masses).
  func testFindsNewtonAndTheSunsGM() throws {
    let result = try discover(exponent: -2, seed: 3)
    XCTAssertEqual(result.exponents.r, -2, accuracy: 0.01)
    XCTAssertEqual(result.gmReference / 1.32712440041e11, 1, accuracy: 1e-3)
  }
}
