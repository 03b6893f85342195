import Foundation
import NN
import Plot
import Runs
import TensorCore

/// Everything needed to rebuild a trained gravity network and its data: written by `gnn train`
/// as RUN/config.json, read by `gnn evaluate`, `discover` and `rollout` strictly (`RunConfiguration`),
/// and taken back by `gnn train --config`.
public struct GravityRunConfig: RunConfiguration {
  public static let command = "gnn train"
  /// 1: `command` and `version` recorded. (0, unversioned: the same keys without them.)
  public static let formatVersion = 1

  /// Runs written before the format had a version hold the same keys.
  public static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue] {
    guard object["command"] == nil else { throw RunDocumentError.missingKey(file: file, key: "version") }
    return object.merging(["command": .string(command)]) { $1 }
  }

  public struct DataSource: Codable, Equatable {
    public var data: String
    public var bodies: String
    public var gm: String
    public var start: String
    public var stop: String
    public var step: String
    public var validateFrom: String
    public var testFrom: String

    public init(
      data: String, bodies: String, gm: String, start: String, stop: String, step: String,
      validateFrom: String, testFrom: String
    ) {
      (self.data, self.bodies, self.gm, self.start, self.stop, self.step) = (data, bodies, gm, start, stop, step)
      (self.validateFrom, self.testFrom) = (validateFrom, testFrom)
    }
  }

  public var source: DataSource
  public var graph: GravityGraph
  public var hidden: [Int]
  public var activation: String
  /// nil in a run written before the choice existed: those used `.joint`.
  public var magnitude: ForceMagnitudeModel?
  public var forceOffset: Double
  public var forceScale: Double
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Double
  public var seed: UInt64
  /// Time steps per gradient slice (`--slice`): absent for whole-batch gradients. Not the number
  /// of ranks, which does not change the result.
  public var gradientSlice: Int?

  public init(source: DataSource, model: GravityNetwork, options: GravityTrainingOptions) {
    self.source = source
    graph = model.graph
    hidden = options.hidden
    activation = options.activation.rawValue
    magnitude = model.magnitude
    forceOffset = model.forceOffset
    forceScale = model.forceScale
    epochs = options.epochs
    batchSize = options.batchSize
    learningRate = options.learningRate
    seed = options.seed
    gradientSlice = options.gradientSlice
  }

  /// The network with these settings and the parameters saved in `checkpoint`.
  /// The claimed size is checked against the checkpoint's tensors before the network is built.
  /// A checkpoint written by `gnn train` records its run's configuration (`metadataValue()`), so
  /// that it describes its own network; one recording another network than this configuration
  /// is refused. Checkpoints of runs older than the record hold none.
  public func model(from checkpoint: URL) throws -> GravityNetwork {
    let stored = try Checkpoint.read(from: checkpoint)
    if let text = stored.metadata[Self.metadataKey] {
      let recorded = try Self.decode(Data(text.utf8), file: "\(checkpoint.path) metadata '\(Self.metadataKey)'")
      let differences = networkDifferences(from: recorded)
      guard differences.isEmpty else {
        throw RunsError.readFailed(
          path: checkpoint.path,
          reason: "holds another network than the run's config.json describes: "
            + differences.joined(separator: "; "))
      }
    }
    try stored.requireParameterCount(
      parameterCount,
      claim: "\(magnitudeModel) hidden \(hidden) for \(graph.bodyCount) bodies", file: checkpoint)
    try stored.requireFiniteParameters(file: checkpoint)
    guard let activation = Activation(rawValue: activation) else {
      throw RunsError.readFailed(path: checkpoint.path, reason: "unknown activation '\(self.activation)'")
    }
    var generator = RandomGenerator(seed: seed)
    let network = GravityNetwork(
      graph: graph, hidden: hidden, activation: activation, magnitude: magnitudeModel,
      forceOffset: forceOffset, forceScale: forceScale, generator: &generator)
    return try stored.loaded(into: network)
  }

  public var magnitudeModel: ForceMagnitudeModel { magnitude ?? .joint }

  /// The checkpoint metadata key holding the configuration of the run that wrote the checkpoint.
  public static let metadataKey = "config"

  /// How the network `recorded` describes differs from this one's, as "name recorded (config.json: ours)".
  func networkDifferences(from recorded: Self) -> [String] {
    var differences: [String] = []
    func compare<Value: Equatable>(_ name: String, _ theirs: Value, _ ours: Value) {
      if theirs != ours { differences.append("\(name) \(theirs) (config.json: \(ours))") }
    }
    compare("hidden", recorded.hidden, hidden)
    compare("activation", recorded.activation, activation)
    compare("magnitude", recorded.magnitudeModel.rawValue, magnitudeModel.rawValue)
    compare("forceOffset", recorded.forceOffset, forceOffset)
    compare("forceScale", recorded.forceScale, forceScale)
    if recorded.graph != graph {
      differences.append(
        "graph of \(recorded.graph.bodyCount) bodies, reference \(recorded.graph.referenceBody) "
          + "(config.json: another graph of \(graph.bodyCount) bodies, reference \(graph.referenceBody))")
    }
    return differences
  }

  /// The network's parameter count, nil when the widths are out of range.
  var parameterCount: Int? {
    guard
      let edge = Checkpoint.mlpParameterCount(
        widths: GravityNetwork.edgeWidths(hidden: hidden, magnitude: magnitudeModel)),
      let radial = magnitudeModel == .joint ? 0 : Checkpoint.mlpParameterCount(widths: GravityNetwork.radialWidths)
    else { return nil }
    return edge + radial + graph.bodyCount - 1
  }

  /// What is wrong with a decoded configuration (JSON decoding checks types, not values), or nil.
  public var problem: String? {
    let g = graph
    guard (2...1000).contains(g.bodyCount) else { return "graph.bodyCount \(g.bodyCount) is not in 2…1000" }
    guard (0..<g.bodyCount).contains(g.referenceBody) else {
      return "graph.referenceBody \(g.referenceBody) is not a body"
    }
    let pairs = (0..<g.bodyCount).flatMap { i in ((i + 1)..<g.bodyCount).map { (i, $0) } }
    guard g.firstBody == pairs.map(\.0), g.secondBody == pairs.map(\.1) else {
      return "graph edges are not the \(pairs.count) pairs i < j of \(g.bodyCount) bodies"
    }
    guard g.logDistanceMean.isFinite, g.logDistanceScale.isFinite, g.logDistanceScale > 0 else {
      return "graph ln r mean \(g.logDistanceMean) and scale \(g.logDistanceScale) must be finite, the scale positive"
    }
    guard parameterCount != nil else { return "hidden widths \(hidden) out of range" }
    guard Activation(rawValue: activation) != nil else { return "unknown activation '\(activation)'" }
    guard forceOffset.isFinite, forceScale.isFinite, forceScale != 0 else {
      return "forceOffset \(forceOffset) and forceScale \(forceScale) must be finite, the scale non-zero"
    }
    guard epochs >= 0, batchSize >= 1, learningRate.isFinite else {
      return "epochs, batchSize or learningRate out of range"
    }
    return nil
  }
}
