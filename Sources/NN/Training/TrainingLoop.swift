import TensorCore

/// The state of a fit of a `Model`, shared with callbacks: they read it, and may change the
/// learning rate, the model (restoring best weights) or ask the fit to stop.
public final class TrainingLoop<Model: Layer> {
  public var model: Model
  public var optimizer: any Optimizer
  /// Draws the shuffles and dropout masks; saved in checkpoints so a resumed fit draws the same.
  public var generator: RandomGenerator
  public let epochs: Int
  /// The current epoch, counted from 0.
  public internal(set) var epoch = 0
  public internal(set) var batch = 0
  public internal(set) var batchCount = 0
  public internal(set) var batchLoss = 0.0
  /// The last step's gradients (after clipping), for callbacks that log them (histograms).
  public internal(set) var gradients: [Tensor] = []
  /// The norm before clipping, kept when the trainer clipped (it had to compute it then).
  var unclippedNorm: Double?
  public internal(set) var history: [EpochMetrics] = []
  /// Set by a callback to end the fit after the current epoch.
  public var stopReason: StopReason?

  init(model: Model, optimizer: any Optimizer, generator: RandomGenerator, epochs: Int) {
    self.model = model
    self.optimizer = optimizer
    self.generator = generator
    self.epochs = epochs
  }

  /// The global norm of the last step's gradients (before clipping). Computed when asked for:
  /// each parameter's sum of squares is a read back to the host (a synchronisation on a GPU),
  /// which an unclipped fit should not pay on every step.
  public var gradientNorm: Double { unclippedNorm ?? globalNorm(gradients) }

  /// The metrics of the epoch in progress (after `validationEnd`, complete).
  public var current: EpochMetrics? { history.last }

  /// Lets callbacks add a named value to the current epoch's metrics.
  public func record(_ name: String, _ value: Double) {
    guard !history.isEmpty else { return }
    history[history.count - 1].extra[name] = value
  }
}
