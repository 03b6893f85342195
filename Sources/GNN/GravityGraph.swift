import Foundation
import NN
import Orbits
import TensorCore

/// The bodies as a graph: one edge per unordered pair (i < j) — the third law supplies the
/// reverse edge — and how a pair's separation becomes the edge network's input.
public struct GravityGraph: Codable, Sendable, Equatable {
  public let bodyCount: Int
  /// The body whose mass is the unit (the Sun when present).
  public let referenceBody: Int
  public let firstBody: [Int]
  public let secondBody: [Int]
  /// ln r is standardised with these (from the training data), r in km.
  public let logDistanceMean: Double
  public let logDistanceScale: Double

  public init(bodyCount: Int, referenceBody: Int, logDistanceMean: Double, logDistanceScale: Double) {
    precondition(
      bodyCount >= 2 && (0..<bodyCount).contains(referenceBody),
      "GravityGraph: \(bodyCount) bodies, reference \(referenceBody)")
    self.bodyCount = bodyCount
    self.referenceBody = referenceBody
    let pairs = (0..<bodyCount).flatMap { i in ((i + 1)..<bodyCount).map { (i, $0) } }
    firstBody = pairs.map(\.0)
    secondBody = pairs.map(\.1)
    self.logDistanceMean = logDistanceMean
    self.logDistanceScale = logDistanceScale
  }

  /// A graph for `dataset`'s bodies, ln r standardised over its epochs; the reference is the
  /// Sun (NAIF 10) when present, else the body with the largest known GM, else the first.
  public init(for dataset: EphemerisDataset) {
    let n = dataset.bodies.count
    let reference =
      dataset.bodies.firstIndex { $0.id == 10 }
      ?? dataset.bodies.indices.max { (dataset.bodies[$0].gm ?? 0) < (dataset.bodies[$1].gm ?? 0) } ?? 0
    var sum = 0.0
    var squares = 0.0
    var count = 0.0
    let stride = max(1, dataset.epochs.count / 2000)
    for e in Swift.stride(from: 0, to: dataset.epochs.count, by: stride) {
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) {
          let l = Foundation.log(Self.separation(dataset, e, i, j).r)
          sum += l
          squares += l * l
          count += 1
        }
      }
    }
    let mean = sum / count
    self.init(
      bodyCount: n, referenceBody: reference, logDistanceMean: mean,
      logDistanceScale: max((squares / count - mean * mean).squareRoot(), 1e-6))
  }

  public var pairCount: Int { firstBody.count }
  /// The index lists the network gathers and scatters with, uploaded to one backend.
  struct EdgeIndices {
    let backend: Backend
    let first: Indices
    let second: Indices
    /// The pairs as 2P directed edges for message passing: edge p carries the force on pair p's
    /// first body from its second, edge P + p the reaction on the second body from the first.
    let messages: Graph

    init(_ graph: GravityGraph, on backend: Backend) {
      self.backend = backend
      first = Indices(graph.firstBody, on: backend)
      second = Indices(graph.secondBody, on: backend)
      messages = Graph(
        nodeCount: graph.bodyCount, senders: graph.secondBody + graph.firstBody,
        receivers: graph.firstBody + graph.secondBody, on: backend)
    }
  }

  static func separation(_ d: EphemerisDataset, _ e: Int, _ i: Int, _ j: Int) -> (dx: [Double], r: Double) {
    let dx = (0..<3).map { d.positions[d.index(e, j, $0)] - d.positions[d.index(e, i, $0)] }
    return (dx, (dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]).squareRoot())
  }

  /// Edge features [epochs, P, 10]: standardised ln r, then x̂ (from the first body to the
  /// second), ê₁ = normalise(ẑ × x̂) and ê₂ = x̂ × ê₁. (No pair of bodies lines up with the
  /// pole; the frame falls back to x̂ × x̂-axis there.)
  public func edgeFeatures(_ d: EphemerisDataset, epochs: [Int]) -> Tensor {
    precondition(d.bodies.count == bodyCount, "GravityGraph.edgeFeatures: \(d.bodies.count) bodies for \(bodyCount)")
    return edgeFeatures(epochCount: epochs.count) { row, body, k in d.positions[d.index(epochs[row], body, k)] }
  }

  /// Edge features [1, P, 10] of one configuration, positions [3N] in km.
  public func edgeFeatures(positions x: [Double]) -> Tensor {
    precondition(x.count == 3 * bodyCount, "GravityGraph.edgeFeatures: \(x.count) coordinates for \(bodyCount) bodies")
    return edgeFeatures(epochCount: 1) { _, body, k in x[3 * body + k] }
  }

  private func edgeFeatures(epochCount: Int, position: (Int, Int, Int) -> Double) -> Tensor {
    var values = [Double]()
    values.reserveCapacity(epochCount * pairCount * 10)
    for e in 0..<epochCount {
      for (i, j) in zip(firstBody, secondBody) {
        let dx = (0..<3).map { position(e, j, $0) - position(e, i, $0) }
        let r = (dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]).squareRoot()
        let x = dx.map { $0 / r }
        var e1 = [-x[1], x[0], 0.0]
        if e1[0] * e1[0] + e1[1] * e1[1] < 1e-12 { e1 = [0, -x[2], x[1]] }
        let n1 = (e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]).squareRoot()
        e1 = e1.map { $0 / n1 }
        let e2 = [x[1] * e1[2] - x[2] * e1[1], x[2] * e1[0] - x[0] * e1[2], x[0] * e1[1] - x[1] * e1[0]]
        values.append((Foundation.log(r) - logDistanceMean) / logDistanceScale)
        values += x + e1 + e2
      }
    }
    return Tensor(shape: [epochCount, pairCount, 10], scalars: values)
  }
}
