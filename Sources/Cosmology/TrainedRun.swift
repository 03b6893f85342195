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
      throw RunDocumentError.invalidValue(file: directory.report.path,
                                          reason: "\(report.folds.count) folds where config.json has \(configuration.folds)")
    }
    self.folds = try (0..<configuration.folds).map { k in
      try Self.fold(from: directory.checkpoints.appendingPathComponent("fold-\(k)/best.safetensors"))
    }
  }

  /// One fold's best ensemble, its metadata checked against the stored tensors before the model
  /// is built.
  static func fold(from file: URL) throws -> Fold {
    let checkpoint = try Checkpoint.read(from: file)
    let meta = checkpoint.metadata
    func bad(_ reason: String) -> CosmologyError { .unreadable(file: file.path, reason: "checkpoint metadata: \(reason)") }
    guard let widthsText = meta["widths"], let activationName = meta["activation"], let membersText = meta["members"],
          let dropoutText = meta["dropout"], let standardisationText = meta["standardisation"] else {
      throw bad("lacks widths/activation/members/dropout/standardisation")
    }
    let parsedWidths = widthsText.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    let widths = parsedWidths.compactMap { $0 }
    guard widths.count == parsedWidths.count else { throw bad("widths '\(widthsText)' are not comma-separated integers") }
    guard let activation = Activation(rawValue: activationName) else { throw bad("unknown activation '\(activationName)'") }
    guard let members = Int(membersText) else { throw bad("members '\(membersText)' is not an integer") }
    guard let dropout = Double(dropoutText), dropout >= 0, dropout < 1 else { throw bad("dropout '\(dropoutText)' is not in [0, 1)") }
    let standardisation: SupernovaRegression.Standardisation
    do { standardisation = try JSONDecoder().decode(SupernovaRegression.Standardisation.self, from: Data(standardisationText.utf8)) } catch {
      throw bad("standardisation is not the expected JSON (\(error.localizedDescription))")
    }
    let scales = standardisation.inputScale + [standardisation.targetScale]
    guard let inputs = widths.first, standardisation.inputMean.count == inputs, standardisation.inputScale.count == inputs,
          (standardisation.inputMean + [standardisation.targetMean]).allSatisfy(\.isFinite),
          scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw bad("standardisation needs \(widths.first ?? 0) finite means and positive finite scales")
    }
    try checkpoint.requireParameterCount(Checkpoint.mlpParameterCount(widths: widths, members: members),
                                         claim: "widths \(widthsText) × \(membersText) members", file: file)
    try checkpoint.requireFiniteParameters(file: file)
    let ensemble = try checkpoint.loaded(into: BatchedEnsemble(widths: widths, members: (0..<members).map { UInt64($0) },
                                                               activation: activation, dropout: dropout))
    return Fold(model: ensemble, standardisation: standardisation)
  }

  /// Options of the fit as recorded in config.json: the folds and seed that decide the splits.
  public func options() -> SupernovaRegression.Options {
    var o = configuration.regressionOptions() ?? SupernovaRegression.Options()
    (o.folds, o.seed) = (configuration.folds, configuration.seed)
    o.ensemble = folds.first?.model.memberCount ?? 1
    return o
  }
}
