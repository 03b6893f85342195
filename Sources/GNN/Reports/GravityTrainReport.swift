import Foundation
import NN

/// What `gnn train` produced, as RUN/report.json records it.
public struct GravityTrainReport: GNNReport {
  public static let command = "gnn train"
  public static let unversionedCommand = "train"
  /// 2: no `seconds` (the wall time is RUN/timing.json's). 1: with it. (Unversioned: 1's keys
  /// under the command "train".)
  public static let formatVersion = 2

  /// The ephemeris trained on (a path, as config.json's `source.data`).
  public var data: String
  public var bodies: [String]
  public var epochsTrained: Int
  /// The epoch whose checkpoint is best.safetensors; −1 when there is none.
  public var bestEpoch: Int
  public var bestValidationLoss: Double
  public var test: AccelerationErrorReport
  public var learnedMasses: [LearnedMass]

  enum CodingKeys: String, CodingKey {
    case data, bodies, test
    case epochsTrained = "epochs_trained"
    case bestEpoch = "best_epoch"
    case bestValidationLoss = "best_validation_loss"
    case learnedMasses = "learned_masses"
  }

  public init(
    data: String, bodies: [String], epochsTrained: Int, bestEpoch: Int, bestValidationLoss: Double,
    test: AccelerationErrorReport, learnedMasses: [LearnedMass]
  ) {
    (self.data, self.bodies, self.epochsTrained, self.bestEpoch) = (data, bodies, epochsTrained, bestEpoch)
    (self.bestValidationLoss, self.test, self.learnedMasses) = (bestValidationLoss, test, learnedMasses)
  }
}

/// What `gnn evaluate` produced, as RUN/evaluate.json records it.
public struct GravityEvaluateReport: GNNReport {
  public static let command = "gnn evaluate"
  public static let unversionedCommand = "evaluate"

  public var test: AccelerationErrorReport
  public var validation: AccelerationErrorReport
  public var learnedMasses: [LearnedMass]

  enum CodingKeys: String, CodingKey {
    case test, validation
    case learnedMasses = "learned_masses"
  }

  public init(test: AccelerationErrorReport, validation: AccelerationErrorReport, learnedMasses: [LearnedMass]) {
    (self.test, self.validation, self.learnedMasses) = (test, validation, learnedMasses)
  }
}
