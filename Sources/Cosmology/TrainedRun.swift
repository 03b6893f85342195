import Foundation
import NN
import Runs
import TensorCore

/// A finished `cosmo fit` run read back from its directory in a new process: its configuration,
/// report and each fold's best ensemble with its standardisation.
public struct TrainedRun {
  public struct Fold {
    public var model: BatchedEnsemble
    public var standardisation: SupernovaRegression.Standardisation
  }

  public let directory: RunDirectory
  public let configuration: CosmoFitConfig
  public let report: CosmoFitReport
  public let folds: [Fold]

  public init(_ url: URL) throws {
    let directory = try RunDirectory(existing: url)
    let configuration = try CosmoFitConfig.read(from: directory.config)
    self.directory = directory
    self.configuration = configuration
    report = try CosmoFitReport.read(from: directory.report)
    guard report.folds.count == configuration.folds else {
      throw RunDocumentError.invalidValue(
        file: directory.report.path,
        reason: "\(report.folds.count) folds where config.json has \(configuration.folds)")
    }
    self.folds = try (0..<configuration.folds).map { k in
      try Self.fold(
        k, from: directory.checkpoints.appendingPathComponent("fold-\(k)/best.safetensors"), seed: configuration.seed)
    }
  }

  /// Fold `k`'s best ensemble, its recorded architecture checked against the stored tensors
  /// before the model is built. `seed` is the run's, for checkpoints older than the record.
  static func fold(_ k: Int, from file: URL, seed: UInt64) throws -> Fold {
    let checkpoint = try Checkpoint.read(from: file)
    let architecture = try FoldArchitecture.read(metadata: checkpoint.metadata, file: file.path, fold: k, seed: seed)
    guard architecture.fold == k else {
      throw CosmologyError.unreadable(
        file: file.path, reason: "checkpoint metadata: records fold \(architecture.fold), not \(k)")
    }
    let (widths, members) = (architecture.widths, architecture.members)
    try checkpoint.requireParameterCount(
      Checkpoint.mlpParameterCount(widths: widths, members: members),
      claim: "widths \(widths.map(String.init).joined(separator: ",")) × \(members) members",
      file: file)
    try checkpoint.requireFiniteParameters(file: file)
    let ensemble = try checkpoint.loaded(
      into: BatchedEnsemble(
        widths: widths, members: (0..<members).map { UInt64($0) },
        activation: architecture.activation, dropout: architecture.dropout))
    return Fold(model: ensemble, standardisation: architecture.standardisation)
  }

  /// Options of the fit as recorded in config.json: the folds and seed that decide the splits.
  public func options() -> SupernovaRegression.Options {
    var o = configuration.regressionOptions() ?? SupernovaRegression.Options()
    (o.folds, o.seed) = (configuration.folds, configuration.seed)
    o.ensemble = folds.first?.model.memberCount ?? 1
    return o
  }
}
