import Foundation
import Plot
import NN
import TensorCore

/// Everything needed to rebuild a trained gravity network and its data: written by `gnn train`
/// as RUN/config.json, read by `gnn evaluate`, `discover` and `rollout`.
public struct GravityRunConfig: Codable {
  public struct DataSource: Codable {
    public var data: String
    public var bodies: String
    public var gm: String
    public var start: String
    public var stop: String
    public var step: String
    public var validateFrom: String
    public var testFrom: String

    public init(data: String, bodies: String, gm: String, start: String, stop: String, step: String,
                validateFrom: String, testFrom: String) {
      (self.data, self.bodies, self.gm, self.start, self.stop, self.step) = (data, bodies, gm, start, stop, step)
      (self.validateFrom, self.testFrom) = (validateFrom, testFrom)
    }
  }

  public var source: DataSource
  public var graph: GravityGraph
  public var hidden: [Int]
  public var activation: String
  public var forceOffset: Double
  public var forceScale: Double
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Double
  public var seed: UInt64

  public init(source: DataSource, model: GravityNetwork, options: GravityTrainingOptions) {
    self.source = source
    graph = model.graph
    hidden = options.hidden
    activation = options.activation.rawValue
    forceOffset = model.forceOffset
    forceScale = model.forceScale
    epochs = options.epochs
    batchSize = options.batchSize
    learningRate = options.learningRate
    seed = options.seed
  }

  /// The network with these settings and the parameters saved in `checkpoint`.
  public func model(from checkpoint: URL) throws -> GravityNetwork {
    var generator = RandomGenerator(seed: seed)
    var model: any Layer = GravityNetwork(graph: graph, hidden: hidden, activation: Activation(rawValue: activation) ?? .silu,
                                          forceOffset: forceOffset, forceScale: forceScale, generator: &generator)
    try Checkpoint.read(from: checkpoint).load(into: &model)
    return model as! GravityNetwork
  }

  public func write(to url: URL) throws {
    try AtomicFile.write(try encoded(), to: url)
  }

  /// The configuration as config.json holds it, read back as a JSON object (to compare a
  /// `--resume`'s options with the run's).
  public func jsonObject() throws -> [String: Any] {
    (try JSONSerialization.jsonObject(with: try encoded()) as? [String: Any]) ?? [:]
  }

  private func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }

  public static func read(from url: URL) throws -> GravityRunConfig {
    do {
      return try JSONDecoder().decode(GravityRunConfig.self, from: Data(contentsOf: url))
    } catch {
      throw NNError.readFailed(path: url.path, reason: "not a gnn run configuration (\(error.localizedDescription)); run `gnn train --out` first")
    }
  }
}
