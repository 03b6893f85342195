import Foundation
import NN
import TensorCore

/// A finished `cosmo fit` run read back from its directory in a new process: its configuration,
/// report and each fold's best ensemble with its standardisation.
public struct TrainedRun {
  public struct Fold {
    public var model: BatchedEnsemble
    public var standardisation: SupernovaRegression.Standardisation
  }

  public let directory: RunDirectory
  public let configuration: [String: Any]
  public let report: [String: Any]
  public let folds: [Fold]

  public init(_ url: URL) throws {
    let directory = try RunDirectory(existing: url)
    let configuration = try directory.readJSON(directory.config)
    self.directory = directory
    self.configuration = configuration
    report = try directory.readJSON(directory.report)
    let count = (configuration["folds"] as? Int) ?? 0
    folds = try (0..<count).map { k in
      let file = directory.checkpoints.appendingPathComponent("fold-\(k)/best.safetensors")
      let checkpoint = try Checkpoint.read(from: file)
      let meta = checkpoint.metadata
      guard let widths = meta["widths"]?.split(separator: ",").compactMap({ Int($0) }),
            let activation = meta["activation"].flatMap(Activation.init(rawValue:)),
            let members = meta["members"].flatMap(Int.init), let dropout = meta["dropout"].flatMap(Double.init),
            let standardisation = meta["standardisation"].flatMap({ try? JSONDecoder().decode(SupernovaRegression.Standardisation.self, from: Data($0.utf8)) })
      else {
        throw CosmologyError.unreadable(file: file.path, reason: "checkpoint metadata lacks widths/activation/members/dropout/standardisation")
      }
      var model: any Layer = BatchedEnsemble(widths: widths, members: (0..<members).map { UInt64($0) },
                                             activation: activation, dropout: dropout)
      try checkpoint.load(into: &model)
      return Fold(model: model as! BatchedEnsemble, standardisation: standardisation)
    }
  }

  /// Options of the fit as recorded in config.json.
  public func options() -> SupernovaRegression.Options {
    var o = SupernovaRegression.Options()
    o.folds = folds.count
    o.seed = (configuration["seed"] as? UInt64) ?? UInt64((configuration["seed"] as? Int) ?? 1)
    o.ensemble = folds.first?.model.memberCount ?? 1
    return o
  }
}
