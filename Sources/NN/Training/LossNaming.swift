/// What the training and validation losses are called, and the scale they are read at, in every
/// place a user reads them: the progress line, the metrics CSV, TensorBoard and the JSON-lines
/// stream. The fit's own history keeps the loss as trained (checkpoints store it so); each
/// reader divides by the scale, so that a summed χ² reads as χ²/N everywhere.
public struct LossNaming: Sendable, Equatable {
  /// CSV column and stream key.
  public var training: String
  public var validation: String
  /// TensorBoard tags.
  public var trainingTag: String
  public var validationTag: String
  /// What the progress line calls the pair ("loss", "χ²/N").
  public var label: String
  /// The loss is divided by these before it is shown (rows, for a sum over rows).
  public var trainingScale: Double
  public var validationScale: Double

  public init(
    training: String, validation: String, trainingScale: Double = 1, validationScale: Double = 1,
    trainingTag: String? = nil, validationTag: String? = nil, label: String = "loss"
  ) {
    precondition(trainingScale > 0 && validationScale > 0, "LossNaming: scales must be > 0")
    self.training = training
    self.validation = validation
    self.trainingScale = trainingScale
    self.validationScale = validationScale
    self.trainingTag = trainingTag ?? training
    self.validationTag = validationTag ?? validation
    self.label = label
  }

  /// The loss as trained, under its plain names.
  public static let loss = LossNaming(
    training: "training_loss", validation: "validation_loss",
    trainingTag: "loss/train", validationTag: "loss/validation")

  public func training(_ metrics: EpochMetrics) -> Double { metrics.trainingLoss / trainingScale }
  public func validation(_ metrics: EpochMetrics) -> Double? { metrics.validationLoss.map { $0 / validationScale } }
}
