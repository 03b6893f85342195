/// The moments of a fit that callbacks hear about, in the order they happen.
public enum TrainingEvent: Sendable, Equatable {
  case fitStart
  case epochStart
  case batchStart
  case batchEnd
  /// After the epoch's training batches, before validation.
  case epochEnd
  /// After validation; the epoch's metrics are complete in `history.last`.
  case validationEnd
  case fitEnd
}

/// A small piece of behaviour attached to a fit of any model: logging, checkpoints, early
/// stopping.
public protocol TrainingCallback: AnyObject {
  func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws
}

/// A callback that needs the model as its own type (drawing its predictions).
public protocol ModelTrainingCallback<Model>: AnyObject {
  associatedtype Model: Layer
  func handle(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws
}

/// What one epoch produced.
public struct EpochMetrics: Sendable, Equatable, Codable {
  public var epoch: Int
  public var trainingLoss: Double
  public var validationLoss: Double?
  public var learningRate: Double
  /// Further named values a callback or the caller adds (χ²/N, gradient norm …).
  public var extra: [String: Double]

  public init(
    epoch: Int, trainingLoss: Double, validationLoss: Double?, learningRate: Double, extra: [String: Double] = [:]
  ) {
    self.epoch = epoch
    self.trainingLoss = trainingLoss
    self.validationLoss = validationLoss
    self.learningRate = learningRate
    self.extra = extra
  }
}
