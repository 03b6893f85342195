import Foundation
import Orbits
import TensorCore

/// One block of epochs ready for the network: edge features and the true accelerations.
public struct GravitySplit {
  public let dataset: EphemerisDataset
  /// [T, P, 10], see `GravityGraph.edgeFeatures`.
  public let features: Tensor
  /// [T, N, 3], km s⁻².
  public let accelerations: Tensor
  public var epochCount: Int { dataset.epochs.count }

  /// - Parameter backend: where the features and accelerations live (and so where training runs).
  public init(_ dataset: EphemerisDataset, graph: GravityGraph, on backend: Backend = CPUBackend.shared) throws {
    guard let a = dataset.accelerations else {
      throw OrbitsError.invalidArgument(
        "the gravity network trains on accelerations; sample a kernel or use central differences")
    }
    guard !dataset.epochs.isEmpty else {
      throw OrbitsError.invalidArgument("no epochs in this split; choose split dates inside the data's span")
    }
    // A run's config.json names its graph; the data it is rebuilt from must have those bodies.
    guard dataset.bodies.count == graph.bodyCount else {
      throw OrbitsError.invalidArgument(
        "the network's graph has \(graph.bodyCount) bodies but the data has \(dataset.bodies.count)")
    }
    self.dataset = dataset
    features = graph.edgeFeatures(dataset, epochs: Array(dataset.epochs.indices)).to(backend: backend)
    accelerations = Tensor(shape: [dataset.epochs.count, dataset.bodies.count, 3], scalars: a, on: backend)
  }

  /// Rows `epochs` of features and accelerations.
  func batch(_ epochs: [Int]) -> (features: Tensor, accelerations: Tensor) {
    let rows = Indices(epochs, on: features.backend)
    return (features.gathering(rows, alongAxis: 0), accelerations.gathering(rows, alongAxis: 0))
  }
}

/// The paper's loss, Σ_bodies Σ_t |Δa|² / Σ_t |a|², so that every body counts: the Sun's
/// wobble (1e-10 km s⁻²) as much as Mercury's pull (4e-8).
public struct PerBodyScaledLoss {
  /// 1 / mean_t |aᵢ|² per body, as [1, N, 1].
  public let weights: Tensor

  public init(trainingAccelerations a: Tensor) {
    let meanSquare = (a * a).sum(alongAxes: [2]).mean(alongAxes: [0])
    weights = (1 / meanSquare).reshaped(to: [1, a.shape[1], 1])
  }

  /// Mean over bodies (and epochs) of |Δa|²/mean|a|².
  public func callAsFunction(_ predicted: Tensor, _ truth: Tensor) -> Tensor {
    let d = predicted - truth
    return (d * d * weights).sum() / Double(truth.shape[0] * truth.shape[1])
  }

  /// The same loss through ln(1 + x) per epoch and body, what training minimises: equal to it
  /// once errors are small, but a fresh network's accelerations are off by up to 10⁴ (log|F|
  /// starts flat while true forces span 14 decades), and squared, those few bodies' errors
  /// would drown the rest for thousands of steps.
  public func robust(_ predicted: Tensor, _ truth: Tensor) -> Tensor {
    robust(predicted, truth, batchEpochs: truth.shape[0])
  }

  /// A slice's share of `robust` over a batch of `batchEpochs` epochs (data-parallel training):
  /// its sum divided by the whole batch's count, so that the slices add up to the batch.
  public func robust(_ predicted: Tensor, _ truth: Tensor, batchEpochs: Int) -> Tensor {
    let d = predicted - truth
    return log1p((d * d).sum(alongAxes: [2], keepingDimensions: true) * weights).sum()
      / Double(batchEpochs * truth.shape[1])
  }
}

/// Per-body relative acceleration errors |Δaᵢ|/|aᵢ| over a split.
public struct AccelerationErrors {
  /// [epoch][body].
  public let relative: [[Double]]

  public init(predicted: Tensor, truth: Tensor) {
    let (t, n) = (truth.shape[0], truth.shape[1])
    let (p, a) = (predicted.scalars, truth.scalars)
    relative = (0..<t).map { e in
      (0..<n).map { b in
        var d2 = 0.0
        var a2 = 0.0
        for k in 0..<3 {
          let i = (e * n + b) * 3 + k
          d2 += (p[i] - a[i]) * (p[i] - a[i])
          a2 += a[i] * a[i]
        }
        return (d2 / a2).squareRoot()
      }
    }
  }

  public var bodyCount: Int { relative.first?.count ?? 0 }

  /// The median over epochs, per body.
  public var medians: [Double] { (0..<bodyCount).map { b in Self.median(relative.map { $0[b] }) } }
  /// The 95th percentile over epochs, per body.
  public var percentile95: [Double] { (0..<bodyCount).map { b in Self.quantile(relative.map { $0[b] }, 0.95) } }

  static func median(_ x: [Double]) -> Double { quantile(x, 0.5) }
  static func quantile(_ x: [Double], _ q: Double) -> Double {
    let s = x.sorted()
    let position = q * Double(s.count - 1)
    let (lo, hi) = (Int(position.rounded(.down)), Int(position.rounded(.up)))
    return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
  }
}
