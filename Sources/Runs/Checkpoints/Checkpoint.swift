import Foundation
import NN
import TensorCore

/// A model's weights with everything a resumed fit needs, in a safetensors file that PyTorch's
/// `safetensors` library reads: parameters and buffers under their own paths (`layers.0.weight`),
/// optimizer state under `optimizer.*`, the random generator's state under `rng.state`, and
/// string metadata (model config, epoch, metrics, standardisation, seed, history as JSON).
public struct Checkpoint {
  public var parameters: [String: Tensor]
  public var buffers: [String: Tensor]
  public var optimizerState: [String: Tensor]
  public var generator: RandomGenerator?
  public var metadata: [String: String]
  /// The fit's per-epoch metrics, stored in the metadata as JSON when written.
  public var history: [EpochMetrics]

  /// Captures the state of a fit.
  public init(
    model: some Layer, optimizer: (any Optimizer)? = nil, generator: RandomGenerator? = nil,
    history: [EpochMetrics] = [], metadata: [String: String] = [:]
  ) {
    parameters = Dictionary(uniqueKeysWithValues: zip(model.parameterNames, model.parameters))
    buffers = model.buffers
    optimizerState = optimizer?.state ?? [:]
    self.generator = generator
    self.metadata = metadata
    self.history = history
  }

  /// Writes atomically: a crash mid-save leaves the previous file intact.
  public func write(to url: URL) throws {
    var file = SafeTensors(metadata: metadata)
    if !history.isEmpty {
      // Sorted keys: the same fit writes the same bytes (JSONEncoder's key order is not stable).
      let encoder = JSONEncoder()
      encoder.outputFormatting = .sortedKeys
      file.metadata["history"] = String(decoding: try encoder.encode(history), as: UTF8.self)
      // The last epoch it holds, numbered from 0 as in the history, the CSV and `best_epoch`.
      file.metadata["epoch"] = String(history.count - 1)
    }
    for (name, t) in parameters.merging(buffers, uniquingKeysWith: { a, _ in a }) {
      file.tensors[name] = Self.encode(t)
    }
    for (name, t) in optimizerState { file.tensors["optimizer.\(name)"] = Self.encode(t) }
    if let generator {
      file.tensors["rng.state"] = SafeTensors.Tensor(shape: [4], int64s: generator.state.map { Int64(bitPattern: $0) })
    }
    try file.write(to: url)
  }

  public static func read(from url: URL) throws -> Checkpoint {
    let file = try SafeTensors.read(from: url)
    var metadata = file.metadata
    let history: [EpochMetrics]
    do {
      history =
        try metadata.removeValue(forKey: "history").map {
          try JSONDecoder().decode([EpochMetrics].self, from: Data($0.utf8))
        } ?? []
    } catch {
      throw RunsError.readFailed(
        path: url.path, reason: "metadata 'history' is not the per-epoch metrics JSON (\(error.localizedDescription))")
    }
    var checkpoint = Checkpoint(
      parameters: [:], buffers: [:], optimizerState: [:], generator: nil,
      metadata: metadata, history: history)
    for (name, t) in file.tensors {
      if name == "rng.state", let words = t.int64s, words.count == 4 {
        checkpoint.generator = RandomGenerator(state: words.map { UInt64(bitPattern: $0) })
      } else if name.hasPrefix("optimizer.") {
        checkpoint.optimizerState[String(name.dropFirst("optimizer.".count))] = try decode(t, name, url)
      } else {
        checkpoint.parameters[name] = try decode(t, name, url)
      }
    }
    return checkpoint
  }

  private init(
    parameters: [String: Tensor], buffers: [String: Tensor], optimizerState: [String: Tensor],
    generator: RandomGenerator?, metadata: [String: String], history: [EpochMetrics]
  ) {
    self.history = history
    self.parameters = parameters
    self.buffers = buffers
    self.optimizerState = optimizerState
    self.generator = generator
    self.metadata = metadata
  }

  /// Loads the weights into `model`, which must have exactly these parameter (and buffer) paths
  /// and shapes; otherwise the error names every missing, unexpected or mis-shaped key.
  public func load<Model: Layer>(into model: inout Model) throws {
    let expected = Set(model.parameterNames).union(model.buffers.keys)
    let present = Set(parameters.keys).union(buffers.keys)
    let missing = expected.subtracting(present).sorted()
    let unexpected = present.subtracting(expected).sorted()
    let stored = parameters.merging(buffers, uniquingKeysWith: { a, _ in a })
    let own =
      zip(model.parameterNames, model.parameters).map { ($0, $1) }
      + model.buffers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    let misShaped = own.compactMap { name, t -> String? in
      guard let s = stored[name], s.shape != t.shape else { return nil }
      return "\(name) \(s.shape) vs \(t.shape)"
    }
    guard missing.isEmpty, unexpected.isEmpty, misShaped.isEmpty else {
      throw CheckpointError.keysDiffer(missing: missing, unexpected: unexpected, misShaped: misShaped)
    }
    // Each value goes where the model's own copy lives (a GPU model resumes on the GPU).
    let current = Dictionary(uniqueKeysWithValues: zip(model.parameterNames, model.parameters))
      .merging(model.buffers, uniquingKeysWith: { a, _ in a })
    func placed(_ name: String) throws -> Tensor {
      guard let target = current[name], let value = stored[name] else {
        throw CheckpointError.keysDiffer(missing: [name], unexpected: [], misShaped: [])
      }
      return value.to(target.dtype).to(backend: target.backend)
    }
    model.parameters = try model.parameterNames.map(placed)
    model.buffers = try model.buffers.keys.reduce(into: [:]) { $0[$1] = try placed($1) }
  }

  /// `model` holding these weights (see `load(into:)`).
  public func loaded<Model: Layer>(into model: Model) throws -> Model {
    var copy = model
    try load(into: &copy)
    return copy
  }

  /// The state a `Trainer` continues from.
  public func resumeState(for model: some Layer) throws -> ResumeState {
    var copy = model
    try load(into: &copy)
    guard let generator else { throw CheckpointError.keysDiffer(missing: ["rng.state"], unexpected: [], misShaped: []) }
    return ResumeState(
      parameters: copy.parameters, buffers: copy.buffers, optimizerState: optimizerState,
      generator: generator, history: history)
  }

  private static func encode(_ t: Tensor) -> SafeTensors.Tensor {
    t.dtype == .float64
      ? SafeTensors.Tensor(shape: t.shape, doubles: t.scalars)
      : SafeTensors.Tensor(shape: t.shape, floats: t.floats)
  }

  private static func decode(_ t: SafeTensors.Tensor, _ name: String, _ url: URL) throws -> Tensor {
    if let d = t.doubles { return Tensor(shape: t.shape, scalars: d) }
    if let f = t.floats { return Tensor(shape: t.shape, floats: f) }
    throw RunsError.readFailed(path: url.path, reason: "tensor '\(name)' has dtype \(t.dtype.rawValue), not F32 or F64")
  }
}

/// A checkpoint that does not fit the model it is loaded into.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
  case keysDiffer(missing: [String], unexpected: [String], misShaped: [String])

  public var description: String {
    switch self {
    case .keysDiffer(let missing, let unexpected, let misShaped):
      var parts: [String] = []
      if !missing.isEmpty { parts.append("missing keys: \(missing.joined(separator: ", "))") }
      if !unexpected.isEmpty { parts.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
      if !misShaped.isEmpty { parts.append("shapes differ: \(misShaped.joined(separator: ", "))") }
      return "checkpoint does not match the model: " + parts.joined(separator: "; ")
    }
  }
}
