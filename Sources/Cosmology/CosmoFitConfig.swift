import Foundation
import NN
import Runs

/// What `cosmo fit` was asked, as RUN/config.json records it (snake_case keys): every option that
/// decides what the run computes. `cosmo evaluate` and `predict` rebuild the folds and inputs from
/// it; `--resume` continues only a run whose configuration equals the one asked for; `--config`
/// takes it back. Adding an option is one stored property (and its flag in `cosmo fit`).
public struct CosmoFitConfig: RunConfiguration {
  public static let command = "cosmo fit"
  /// 1: typed, with `version`; hidden widths as a list. (0, unversioned: hidden as "32,32".)
  public static let formatVersion = 1
  public static let snakeCaseKeys = true

  /// The table (absolute path) and covariance (auto, full, diag or a path) fitted.
  public var data = "Data/Pantheon+SH0ES.dat"
  public var cov = "auto"
  public var zmin = 0.01
  public var target = "m_b_corr"
  public var features: [String] = []
  /// The redshift input column: zCMB, zHD or zHEL.
  public var z = "zCMB"
  // The regression's options: their defaults are `SupernovaRegression.Options`' (see `init()`).
  public var hidden: [Int]
  public var activation: String
  public var dropout: Double
  public var epochs: Int
  public var lr: Double
  public var schedule: String
  public var weightDecay: Double
  public var amsgrad: Bool
  public var folds: Int
  public var ensemble: Int
  public var earlyStop: Bool
  public var patience: Int
  public var overfitWindow: Int
  public var overfitThreshold: Double
  public var seed: UInt64
  public var device = "cpu"

  /// The defaults of `cosmo fit`: the regression's own.
  public init() { self.init(SupernovaRegression.Options()) }

  /// The settings that give `options` back from `regressionOptions()`.
  public init(_ options: SupernovaRegression.Options) {
    (hidden, activation, dropout, epochs) = (
      options.hidden, options.activation.rawValue, options.dropout, options.epochs
    )
    (lr, schedule, weightDecay, amsgrad) = (
      options.learningRate, options.schedule.rawValue, options.weightDecay, options.amsgrad
    )
    (folds, ensemble, earlyStop, patience) = (options.folds, options.ensemble, options.earlyStop, options.patience)
    (overfitWindow, overfitThreshold, seed) = (options.overfitWindow, options.overfitThreshold, options.seed)
  }

  /// Runs written before the format had a version: the same keys, with `hidden` as text.
  public static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue] {
    var object = object
    guard case .string(let text)? = object["hidden"] else {
      throw RunDocumentError.missingKey(file: file, key: "version")
    }
    let widths = text.split(separator: ",", omittingEmptySubsequences: false).map {
      Int64($0.trimmingCharacters(in: .whitespaces))
    }
    guard !widths.isEmpty, widths.allSatisfy({ $0 != nil }) else {
      throw RunDocumentError.wrongType(file: file, key: "hidden", expected: "comma-separated widths")
    }
    object["hidden"] = .array(widths.compactMap { $0.map(JSONValue.integer) })
    return object
  }

  /// Values a fit could have been run with; the rest is the checkpoints' to check.
  public var problem: String? {
    guard (1...1000).contains(folds) else { return "'folds' is \(folds), expected an integer 1…1000" }
    guard (1...100_000).contains(ensemble) else { return "'ensemble' is \(ensemble), expected an integer 1…100000" }
    guard zmin.isFinite, zmin >= 0 else { return "'zmin' is \(zmin), expected a non-negative redshift" }
    guard RedshiftColumn(rawValue: z) != nil else {
      return "'z' is '\(z)', expected \(RedshiftColumn.allCases.map(\.rawValue).joined(separator: ", "))"
    }
    return nil
  }

  /// The options of the regression these settings describe (those that decide the folds and the
  /// training; the backend and progress output are the caller's).
  public func regressionOptions() -> SupernovaRegression.Options? {
    guard let activation = Activation(rawValue: activation),
      let schedule = SupernovaRegression.Schedule(rawValue: schedule)
    else {
      return nil
    }
    var o = SupernovaRegression.Options()
    o.hidden = hidden
    o.activation = activation
    o.dropout = dropout
    o.epochs = epochs
    o.learningRate = lr
    o.schedule = schedule
    o.weightDecay = weightDecay
    o.amsgrad = amsgrad
    o.folds = folds
    o.ensemble = ensemble
    o.earlyStop = earlyStop
    o.patience = patience
    o.overfitWindow = overfitWindow
    o.overfitThreshold = overfitThreshold
    o.seed = seed
    return o
  }
}
