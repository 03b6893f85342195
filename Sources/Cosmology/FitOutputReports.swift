import Foundation

/// What `cosmo predict` gives: every fold's ensemble at the asked inputs (magnitudes in mag).
public struct PredictionReport: Codable, Equatable, Sendable {
  public struct Row: Codable, Equatable, Sendable {
    public var z: Double
    /// The fit's extra inputs, in `inputNames` order.
    public var inputs: [Double]
    /// Mean over every fold's members, and their standard deviation (n − 1).
    public var predictionMag: Double
    public var ensembleStdMag: Double
    /// Monte Carlo dropout's mean and spread, for fits trained with dropout.
    public var mcDropoutMeanMag: Double?
    public var mcDropoutStdMag: Double?

    public init(
      z: Double, inputs: [Double], predictionMag: Double, ensembleStdMag: Double,
      mcDropoutMeanMag: Double? = nil, mcDropoutStdMag: Double? = nil
    ) {
      (self.z, self.inputs, self.predictionMag, self.ensembleStdMag) = (z, inputs, predictionMag, ensembleStdMag)
      (self.mcDropoutMeanMag, self.mcDropoutStdMag) = (mcDropoutMeanMag, mcDropoutStdMag)
    }
  }

  public var run: String
  public var target: String
  public var inputNames: [String]
  public var folds: Int
  public var members: Int
  public var rows: [Row]

  public init(run: String, target: String, inputNames: [String], folds: Int, members: Int, rows: [Row]) {
    (self.run, self.target, self.inputNames, self.folds, self.members, self.rows) = (
      run, target, inputNames, folds, members, rows
    )
  }
}

/// What `cosmo evaluate` gives: each fold's validation χ²/N as the fit reported it and as the
/// reloaded checkpoints give it now.
public struct EvaluationReport: Codable, Equatable, Sendable {
  public struct Fold: Codable, Equatable, Sendable {
    public var fold: Int
    public var valChi2PerNReported: Double
    public var valChi2PerNNow: Double
    public init(fold: Int, valChi2PerNReported: Double, valChi2PerNNow: Double) {
      (self.fold, self.valChi2PerNReported, self.valChi2PerNNow) = (fold, valChi2PerNReported, valChi2PerNNow)
    }
  }

  public var run: String
  /// True when the table and covariance are the fit's, so the two columns must agree.
  public var reproducing: Bool
  public var notes: [String]
  public var folds: [Fold]
  /// max |now − reported| / reported over the folds.
  public var largestRelativeDifference: Double

  public init(run: String, reproducing: Bool, notes: [String], folds: [Fold]) {
    (self.run, self.reproducing, self.notes, self.folds) = (run, reproducing, notes, folds)
    largestRelativeDifference =
      folds.map { abs($0.valChi2PerNNow - $0.valChi2PerNReported) / $0.valChi2PerNReported }.max() ?? 0
  }
}
