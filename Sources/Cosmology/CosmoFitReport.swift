import Foundation
import NN
import Runs

/// What `cosmo fit` produced, as RUN/report.json records it (snake_case keys): read back by
/// `cosmo evaluate` and the notebooks. Adding a field is one stored property.
public struct CosmoFitReport: RunDocument {
  public static let command = "cosmo fit"
  /// 2: no `seconds` (wall time is RUN/timing.json's, so that reruns and gathered shards write
  /// the same bytes). 1: typed, with `command` and `version`. (0, unversioned: 1 without them.)
  public static let formatVersion = 2
  public static let snakeCaseKeys = true

  public struct Covariance: Codable, Equatable, Sendable {
    public var kind: String
    public var path: String?
    public var sha256: String?
  }

  /// One fold; epochs are nil where there is none (no best epoch, no onset).
  public struct Fold: Codable, Equatable, Sendable {
    public var fold: Int
    public var trainRows: Int
    public var valRows: Int
    public var trainChi2PerN: Double
    public var valChi2PerN: Double
    public var epochsRun: Int
    public var bestEpoch: Int?
    public var overfitOnsetEpoch: Int?
    public var validationMinimumEpoch: Int?
    public var overfitting: String

    /// Written with explicit nulls, so that every fold has every key.
    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(fold, forKey: .fold)
      try c.encode(trainRows, forKey: .trainRows)
      try c.encode(valRows, forKey: .valRows)
      try c.encode(trainChi2PerN, forKey: .trainChi2PerN)
      try c.encode(valChi2PerN, forKey: .valChi2PerN)
      try c.encode(epochsRun, forKey: .epochsRun)
      try c.encode(bestEpoch, forKey: .bestEpoch)
      try c.encode(overfitOnsetEpoch, forKey: .overfitOnsetEpoch)
      try c.encode(validationMinimumEpoch, forKey: .validationMinimumEpoch)
      try c.encode(overfitting, forKey: .overfitting)
    }
  }

  /// Flat ΛCDM on every row (the inputs beyond redshift entering linearly, `linearTerms`).
  public struct LambdaCDM: Codable, Equatable, Sendable {
    public var omegaM: Double
    public var omegaMLo: Double
    public var omegaMHi: Double
    public var chi2: Double
    public var dof: Int
    public var rows: Int
    public var offsetMag: Double
    public var linearTerms: [String: Double]
  }

  /// The release's standardisation beside the network's slopes (fits with x1 or c).
  public struct Tripp: Codable, Equatable, Sendable {
    public var releaseAlpha: Double
    public var releaseBeta: Double
    public var releaseEffectiveAlpha: Double?
    public var releaseEffectiveBeta: Double?
    public var networkAlpha: Double?
    public var networkBeta: Double?

    public init(
      releaseAlpha: Double, releaseBeta: Double, releaseEffectiveAlpha: Double?, releaseEffectiveBeta: Double?,
      networkAlpha: Double?, networkBeta: Double?
    ) {
      (self.releaseAlpha, self.releaseBeta, self.releaseEffectiveAlpha) = (
        releaseAlpha, releaseBeta, releaseEffectiveAlpha
      )
      (self.releaseEffectiveBeta, self.networkAlpha, self.networkBeta) = (
        releaseEffectiveBeta, networkAlpha, networkBeta
      )
    }
  }

  public var data: LCDMReport.DataFile
  public var target: String
  public var features: [String]
  public var redshiftInput: String
  public var rows: Int
  public var covariance: Covariance
  public var notes: [String]
  public var folds: [Fold]
  public var cvChi2PerN: Double
  public var lcdmCvChi2PerN: Double
  public var lcdm: LambdaCDM
  /// Mean ∂prediction/∂input over the validation rows, by input name (per dex for log redshift).
  public var meanSlopes: [String: Double]
  public var tripp: Tripp?
  /// Each input's span over the rows (nil in reports written before it was recorded).
  public var inputRanges: [InputRange]?

  /// Runs written before the format had a version hold version 1's keys; version 1 also held
  /// the wall time, `seconds`.
  public static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue] {
    var object = object
    if object["version"] == nil {
      guard object["command"] == nil else { throw RunDocumentError.missingKey(file: file, key: "version") }
      object["command"] = .string(command)
    }
    object["seconds"] = nil
    return object
  }

  public init(
    data: LCDMReport.DataFile, target: String, features: [String], redshiftInput: String,
    covariance: CovarianceMatrix, notes: [String], summary: RegressionSummary, tripp: Tripp?, inputRanges: [InputRange]?
  ) {
    (self.data, self.target, self.features, self.redshiftInput) = (data, target, features, redshiftInput)
    rows = summary.outOfFoldPrediction.count
    self.covariance = Covariance(kind: covariance.kind.rawValue, path: covariance.path, sha256: covariance.sha256)
    self.notes = notes
    folds = summary.folds.map { f in
      Fold(
        fold: f.fold, trainRows: f.trainingRows.count, valRows: f.validationRows.count,
        trainChi2PerN: f.trainingChiSquarePerRow, valChi2PerN: f.validationChiSquarePerRow, epochsRun: f.history.count,
        bestEpoch: f.bestEpoch, overfitOnsetEpoch: f.overfitting.onsetEpoch,
        validationMinimumEpoch: f.overfitting.validationMinimumEpoch, overfitting: f.overfitting.description)
    }
    cvChi2PerN = summary.crossValidatedChiSquarePerRow
    lcdmCvChi2PerN = summary.lambdaCDMCrossValidatedChiSquarePerRow
    let l = summary.lambdaCDM
    lcdm = LambdaCDM(
      omegaM: l.matterDensity, omegaMLo: l.matterDensityLow, omegaMHi: l.matterDensityHigh, chi2: l.chiSquare,
      dof: l.degreesOfFreedom, rows: l.rows, offsetMag: l.offset, linearTerms: l.coefficients)
    meanSlopes = summary.meanSlopes
    self.tripp = tripp
    self.inputRanges = inputRanges
  }
}
