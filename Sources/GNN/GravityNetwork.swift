import Foundation
import NN
import TensorCore

/// The gravity emulator after Lemos et al. 2022 (arXiv 2202.02306): one edge network for every
/// pair of bodies, a learnable mass per body, Newton's third law built in.
///
/// For a pair (i, j), i < j, the edge MLP sees both bodies' learnable log-masses (and, in the
/// `.joint` magnitude model, the standardised log separation) and emits four numbers (s, u, v, w);
/// in the `.separable` model a radial MLP shared by every pair adds h(ln r) to s:
///
///     log|F| = a·(s + h) + b                    (pair forces span ~14 decades: predict the log)
///     F̂ = normalise(u x̂ + v ê₁ + w ê₂)          direction in the pair's own frame
///     F on i = |F| F̂,   F on j = −|F| F̂         (third law)
///     aᵢ = Σ forces on i / mᵢ
///
/// x̂ points from i to j and ê₁, ê₂ complete it to an orthonormal frame, so a rotated system
/// gives rotated forces without the paper's rotation augmentation; the network still has to
/// learn that the force lies along x̂ (u > 0, v = w = 0). Masses are in units of the reference
/// body's (the Sun's), whose log-mass is fixed at 0: the dynamics fix only G·m.
///
/// Input: edge features [B, P, 10] from `GravityGraph.edgeFeatures` (standardised ln r, then the
/// frame's three rows). Output: accelerations [B, N, 3] in the dataset's units (km s⁻²).
public struct GravityNetwork: Layer {
  public var edge: Sequential
  /// The shared h(ln r) of the `.separable` magnitude model; nil in the `.joint` one.
  public var radial: Sequential?
  /// ln(m/m_ref)/100 of every body but the reference. Adam moves a parameter by about its
  /// learning rate per step, so storing the log-mass divided by 100 gives the masses the
  /// paper's 100× larger learning rate (1e-1 against 1e-3) from one optimizer.
  public var scaledLogMasses: Tensor
  public let graph: GravityGraph
  /// log|F| = forceScale·s + forceOffset, F in m_ref km s⁻².
  public let forceScale: Double
  public let forceOffset: Double
  /// The graph's indices on the parameters' backend, uploaded once rather than every pass.
  var edgeIndices: GravityGraph.EdgeIndices

  static let logMassStorageScale = 100.0
  /// Log-masses enter the edge MLP divided by this, to be of order one.
  static let logMassInputScale = 10.0

  public init(
    graph: GravityGraph, hidden: [Int], activation: Activation = .silu,
    magnitude: ForceMagnitudeModel = .separable, initialLogMass: Double = -10,
    forceOffset: Double, forceScale: Double = 10, generator: inout RandomGenerator
  ) {
    self.graph = graph
    // Start every pair at log|F| = forceOffset: a random output layer scaled by forceScale
    // would start forces e^±10 off and spend the first epochs undoing it.
    edge = Self.quietOutput(
      MLP(
        widths: Self.edgeWidths(hidden: hidden, magnitude: magnitude),
        activation: activation, generator: &generator))
    radial =
      magnitude == .joint
      ? nil
      : Self.quietOutput(MLP(widths: Self.radialWidths, activation: activation, generator: &generator))
    let n = graph.bodyCount - 1
    scaledLogMasses = Tensor([Double](repeating: initialLogMass / Self.logMassStorageScale, count: n))
    self.forceScale = forceScale
    self.forceOffset = forceOffset
    edgeIndices = GravityGraph.EdgeIndices(graph, on: scaledLogMasses.backend)
  }

  /// The edge MLP's widths: (ln r, μ₁, μ₂) in, or (μ₁, μ₂) when ln r goes to the radial MLP.
  public static func edgeWidths(hidden: [Int], magnitude: ForceMagnitudeModel) -> [Int] {
    [magnitude == .joint ? 3 : 2] + hidden + [4]
  }

  public static let radialWidths = [1] + ForceMagnitudeModel.radialHidden + [1]

  public var magnitude: ForceMagnitudeModel { radial == nil ? .joint : .separable }

  /// `mlp` with its output layer's weights scaled by 0.01 and its bias zeroed.
  private static func quietOutput(_ mlp: Sequential) -> Sequential {
    var quiet = mlp
    guard let index = quiet.layers.indices.last, var last = quiet.layers[index] as? Linear else {
      preconditionFailure("GravityNetwork: an MLP must end in a Linear layer")
    }
    last.weight = last.weight * 0.01
    last.bias = last.bias.map { $0 * 0.0 }
    quiet.layers[index] = last
    return quiet
  }

  public var parameters: [Tensor] {
    get { edge.parameters + (radial?.parameters ?? []) + [scaledLogMasses] }
    set {
      let edgeCount = edge.parameters.count
      edge.parameters = Array(newValue[0..<edgeCount])
      radial?.parameters = Array(newValue[edgeCount..<(newValue.count - 1)])
      scaledLogMasses = newValue[newValue.count - 1]
    }
  }

  public var parameterNames: [String] {
    edge.parameterNames.map { "edge.\($0)" } + (radial?.parameterNames.map { "radial.\($0)" } ?? [])
      + ["scaled_log_masses"]
  }

  /// ln(mᵢ/m_ref) for every body [N], the reference's fixed at 0.
  public var logMasses: Tensor {
    let learned = scaledLogMasses * Self.logMassStorageScale
    let r = graph.referenceBody
    return Tensor.concatenate([
      learned.slice(alongAxis: 0, 0..<r), Tensor([0.0], dtype: learned.dtype, on: learned.backend),
      learned.slice(alongAxis: 0, r..<learned.shape[0]),
    ])
  }

  /// The same network with its parameters on `backend`.
  public func moved(to backend: Backend) -> GravityNetwork {
    var moved = with(parameters: parameters.map { $0.to(backend: backend) })
    moved.edgeIndices = GravityGraph.EdgeIndices(graph, on: backend)
    return moved
  }

  /// The indices on `backend`: the cached ones, or (features elsewhere) a fresh upload.
  private func indices(on backend: Backend) -> GravityGraph.EdgeIndices {
    edgeIndices.backend === backend ? edgeIndices : GravityGraph.EdgeIndices(graph, on: backend)
  }

  /// Masses relative to the reference body.
  public var masses: [Double] { logMasses.scalars.map { Foundation.exp($0) } }

  /// The force on the first body of each pair from the second, [B, P, 3] (m_ref km s⁻²).
  public func pairForces(_ features: Tensor, context: ForwardContext = .inference) -> Tensor {
    precondition(
      features.rank == 3 && features.shape[1] == graph.pairCount && features.shape[2] == 10,
      "GravityNetwork: edge features must be [B, \(graph.pairCount), 10], got \(features.shape)")
    let (b, p) = (features.shape[0], features.shape[1])
    let mu = logMasses / Self.logMassInputScale
    let edges = indices(on: features.backend)
    let first = mu.gathering(edges.first).reshaped(to: [1, p, 1]).expanded(to: [b, p, 1])
    let second = mu.gathering(edges.second).reshaped(to: [1, p, 1]).expanded(to: [b, p, 1])
    let logDistance = features.slice(alongAxis: 2, 0..<1)
    let out: Tensor
    let logMagnitude: Tensor
    if let radial {
      out = edge(Tensor.concatenate([first, second], alongAxis: 2), context: context)
      logMagnitude = out.slice(alongAxis: 2, 0..<1) + radial(logDistance, context: context)
    } else {
      out = edge(Tensor.concatenate([logDistance, first, second], alongAxis: 2), context: context)
      logMagnitude = out.slice(alongAxis: 2, 0..<1)
    }
    let magnitude = exp(logMagnitude * forceScale + forceOffset)
    let local = out.slice(alongAxis: 2, 1..<4)
    let unit = local / sqrt((local * local).sum(alongAxes: [2], keepingDimensions: true) + 1e-12)
    let frame = features.slice(alongAxis: 2, 1..<10).reshaped(to: [b, p, 3, 3])
    let direction = (unit.reshaped(to: [b, p, 3, 1]) * frame).sum(alongAxes: [2])
    return magnitude * direction
  }

  /// Accelerations [B, N, 3]: `propagate` over the pairs as directed edges.
  public func callAsFunction(_ features: Tensor, context: ForwardContext) -> Tensor {
    propagate(features, over: indices(on: features.backend).messages, context: context)
  }
}

/// The network as message passing over 2P directed edges (`GravityGraph.EdgeIndices.messages`):
/// a message is a force, the pair's and then, by the third law, its reaction; the default
/// aggregate sums the forces on each body; the update divides by the body's mass.
extension GravityNetwork: MessagePassing {
  /// Edge features [B, P, 10] (`GravityGraph.edgeFeatures`).
  public typealias Input = Tensor

  /// Forces [B, 2P, 3]: on the first bodies, then on the second (m_ref km s⁻²).
  public func message(_ features: Tensor, over graph: Graph, context: ForwardContext) -> Tensor {
    let forces = pairForces(features, context: context)
    return Tensor.concatenate([forces, -forces], alongAxis: 1)
  }

  /// Accelerations [B, N, 3]: the summed forces over each body's mass.
  public func update(_ aggregated: Tensor, _ features: Tensor, context: ForwardContext) -> Tensor {
    aggregated * exp(-logMasses).reshaped(to: [1, graph.bodyCount, 1])
  }
}
