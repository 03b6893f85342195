import Foundation
import GNN
import NN
import Orbits
import TensorCore
import TestSupport
import XCTest

/// The gravity network's structure: gradients, the third law, which way a pair's force points,
/// and rotations about the pole.
final class GravityNetworkTests: XCTestCase {
  /// Three bodies at random places over two epochs, with accelerations from Newton.
  func system(epochs: Int = 2, seed: UInt64 = 3) -> EphemerisDataset {
    var g = RandomGenerator(seed: seed)
    let gm = [1.0, 0.01, 0.001]
    let positions = (0..<(epochs * 9)).map { _ in g.uniform() * 4 - 2 }
    var a = [Double](repeating: 0, count: positions.count)
    for e in 0..<epochs {
      for i in 0..<3 {
        for j in 0..<3 where j != i {
          let d = (0..<3).map { positions[e * 9 + j * 3 + $0] - positions[e * 9 + i * 3 + $0] }
          let r = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot()
          for k in 0..<3 { a[e * 9 + i * 3 + k] += gm[j] * d[k] / (r * r * r) }
        }
      }
    }
    return EphemerisDataset(
      bodies: (0..<3).map { EphemerisBody(id: 10 + $0, name: "b\($0)", gm: gm[$0]) },
      epochs: (0..<epochs).map(Double.init), positions: positions,
      velocities: [Double](repeating: 0, count: positions.count), accelerations: a)
  }

  func network(
    _ d: EphemerisDataset, hidden: [Int] = [5, 4],
    magnitude: ForceMagnitudeModel = .separable
  ) -> (GravityNetwork, GravityGraph) {
    let graph = GravityGraph(for: d)
    var g = RandomGenerator(seed: 11)
    var model = GravityNetwork(
      graph: graph, hidden: hidden, activation: .tanh, magnitude: magnitude, initialLogMass: -1,
      forceOffset: -1, forceScale: 1, generator: &g)
    // Away from the near-zero output layer of a fresh network, so every path carries gradient.
    // The radial MLP's 32-wide layers and the log-masses (stored ÷100) get narrower ranges,
    // or log|F| and ln m reach ~100 and the finite differences lose their digits.
    model.parameters = zip(model.parameters, model.parameterNames).map { p, name in
      let range = name.hasPrefix("radial.") ? 0.2 : name == "scaled_log_masses" ? 0.02 : 0.8
      return Tensor.uniform(p.shape, low: -range, high: range, using: &g)
    }
    return (model, graph)
  }

  /// As message passing, against a plain loop over the pairs: each pair's force lands on its
  /// first body, its reaction on the second, and a body's sum is divided by its mass.
  func testMessagePassingMatchesLoopOverPairs() {
    let d = system(epochs: 2)
    let (model, graph) = network(d)
    let features = graph.edgeFeatures(d, epochs: [0, 1])
    let forces = model.pairForces(features).scalars
    let masses = model.masses
    var expected = [Double](repeating: 0, count: 2 * 3 * 3)
    for e in 0..<2 {
      for (p, (i, j)) in zip(graph.firstBody, graph.secondBody).enumerated() {
        for k in 0..<3 {
          let force = forces[(e * graph.pairCount + p) * 3 + k]
          expected[(e * 3 + i) * 3 + k] += force / masses[i]
          expected[(e * 3 + j) * 3 + k] -= force / masses[j]
        }
      }
    }
    assertClose(model(features).scalars, expected, relative: 1e-12)
  }

  func testLossGradientMatchesFiniteDifferences() throws {
    let d = system()
    for magnitude in ForceMagnitudeModel.allCases {
      let (model, graph) = network(d, magnitude: magnitude)
      let split = try GravitySplit(d, graph: graph)
      let loss = PerBodyScaledLoss(trainingAccelerations: split.accelerations)
      checkGradient(model.parameters, tolerance: 1e-5) { p in
        loss(model.with(parameters: p)(split.features, context: .inference), split.accelerations)
      }
    }
  }

  /// In the separable model log|F| is a mass part plus a distance part: moving a pair from one
  /// separation to another changes log|F| by the same amount whichever pair it is. The joint
  /// model is free not to (and a random one does not), which is what this test tells apart.
  func testSeparableMagnitudeFactorisesIntoMassAndDistanceParts() throws {
    let d = system(epochs: 2)
    for magnitude in ForceMagnitudeModel.allCases {
      let (model, graph) = network(d, magnitude: magnitude)
      var features = graph.edgeFeatures(d, epochs: [0]).scalars
      let pairs = graph.pairCount
      // Every pair at one standardised ln r, then every pair at another.
      func logMagnitudes(at s: Double) -> [Double] {
        for p in 0..<pairs { features[p * 10] = s }
        let f = model.pairForces(Tensor(shape: [1, pairs, 10], scalars: features)).scalars
        return (0..<pairs).map { p -> Double in
          let squares = (0..<3).map { f[3 * p + $0] * f[3 * p + $0] }
          return 0.5 * Foundation.log(squares.reduce(0, +))
        }
      }
      let (near, far) = (logMagnitudes(at: -0.7), logMagnitudes(at: 1.9))
      let shifts = zip(far, near).map(-)
      let spread = shifts.max()! - shifts.min()!
      if magnitude == .separable {
        XCTAssertLessThan(spread, 1e-12, "shifts \(shifts)")
      } else {
        XCTAssertGreaterThan(spread, 1e-3, "shifts \(shifts)")
      }
    }
  }

  /// Σ mᵢaᵢ = 0 whatever the weights: the third law is in the architecture.
  func testMomentumIsConserved() throws {
    let d = system()
    let (model, graph) = network(d)
    let a = model(try GravitySplit(d, graph: graph).features, context: .inference).scalars
    let m = model.masses
    for e in 0..<2 {
      for k in 0..<3 {
        let total = (0..<3).map { m[$0] * a[e * 9 + $0 * 3 + k] }
        XCTAssertEqual(total.reduce(0, +), 0, accuracy: 1e-12 * total.map(abs).max()!)
      }
    }
  }

  /// A force along the pair's first frame vector pulls the first body toward the second.
  func testPairFrameStartsAtTheFirstBody() throws {
    let d = system(epochs: 1)
    let graph = GravityGraph(for: d)
    let f = graph.edgeFeatures(d, epochs: [0]).scalars
    for (p, (i, j)) in zip(graph.firstBody, graph.secondBody).enumerated() {
      let dx = (0..<3).map { d.positions[j * 3 + $0] - d.positions[i * 3 + $0] }
      let r = (dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]).squareRoot()
      assertClose(Array(f[p * 10 + 1..<p * 10 + 4]), dx.map { $0 / r }, relative: 1e-14)
      // The frame is orthonormal.
      let rows = (0..<3).map { Array(f[p * 10 + 1 + 3 * $0..<p * 10 + 4 + 3 * $0]) }
      for u in 0..<3 {
        for v in 0..<3 {
          XCTAssertEqual(zip(rows[u], rows[v]).map(*).reduce(0, +), u == v ? 1 : 0, accuracy: 1e-14)
        }
      }
    }
  }

  /// Rotating the system about the pole rotates every predicted acceleration with it.
  func testRotationAboutThePoleRotatesAccelerations() throws {
    let d = system()
    let (model, graph) = network(d)
    let angle = 0.7
    let (c, s) = (cos(angle), sin(angle))
    var rotated = d
    for n in 0..<(d.positions.count / 3) {
      let (x, y) = (d.positions[3 * n], d.positions[3 * n + 1])
      rotated.positions[3 * n] = c * x - s * y
      rotated.positions[3 * n + 1] = s * x + c * y
    }
    let a = model(graph.edgeFeatures(d, epochs: [0, 1]), context: .inference).scalars
    let b = model(graph.edgeFeatures(rotated, epochs: [0, 1]), context: .inference).scalars
    var expected = a
    for n in 0..<(a.count / 3) {
      expected[3 * n] = c * a[3 * n] - s * a[3 * n + 1]
      expected[3 * n + 1] = s * a[3 * n] + c * a[3 * n + 1]
    }
    let scale = a.map(abs).max()!
    assertClose(b.map { $0 / scale }, expected.map { $0 / scale }, relative: 1e-12)
  }
}
