import Foundation
import NN
import Runs

/// What a `cosmo fit` fold checkpoint records about its network, so that the checkpoint alone
/// rebuilds it: the ensemble's widths, activation, dropout and member count, the standardisation
/// it was trained on, and the fold and seed. Written as one metadata key, `architecture`, holding
/// this document's JSON on one line with sorted keys (same fit, same bytes); read strictly, so a
/// missing, mistyped or unknown field is one line naming the file and the field.
public struct FoldArchitecture: RunDocument {
  public static let command = "cosmo fit fold"
  public static let formatVersion = 1
  /// The checkpoint metadata key that holds it.
  public static let metadataKey = "architecture"

  public var fold: Int
  public var widths: [Int]
  public var activation: Activation
  public var dropout: Double
  public var members: Int
  public var standardisation: SupernovaRegression.Standardisation
  public var seed: UInt64

  public init(
    fold: Int, widths: [Int], activation: Activation, dropout: Double, members: Int,
    standardisation: SupernovaRegression.Standardisation, seed: UInt64
  ) {
    (self.fold, self.widths, self.activation, self.dropout) = (fold, widths, activation, dropout)
    (self.members, self.standardisation, self.seed) = (members, standardisation, seed)
  }

  /// The architecture `metadata` records, decoded once; `file` names the checkpoint in errors.
  /// A checkpoint written before the `architecture` key holds the same fields as loose strings,
  /// and `fold` and `seed` (which the oldest lacked) come from the run.
  public static func read(metadata: [String: String], file: String, fold: Int, seed: UInt64) throws -> Self {
    guard let text = metadata[metadataKey] else {
      return try upgraded(metadata, file: "\(file) metadata", fold: fold, seed: seed)
    }
    return try decode(Data(text.utf8), file: "\(file) metadata '\(metadataKey)'")
  }

  /// What is wrong with the values (decoding checks their types only), or nil. The parameter
  /// count is checked against the stored tensors by the reader.
  public var problem: String? {
    guard dropout >= 0, dropout < 1 else { return "dropout \(dropout) is not in [0, 1)" }
    let s = standardisation
    guard let inputs = widths.first, s.inputMean.count == inputs, s.inputScale.count == inputs,
      (s.inputMean + [s.targetMean]).allSatisfy(\.isFinite),
      (s.inputScale + [s.targetScale]).allSatisfy({ $0.isFinite && $0 > 0 })
    else {
      return "standardisation needs \(widths.first ?? 0) finite means and positive finite scales"
    }
    return nil
  }

  /// The loose keys of earlier checkpoints (widths "1,32,1", standardisation as a JSON string)
  /// brought to this type.
  private static func upgraded(_ meta: [String: String], file: String, fold: Int, seed: UInt64) throws -> Self {
    func value(_ key: String) throws -> String {
      guard let text = meta[key] else { throw RunDocumentError.missingKey(file: file, key: key) }
      return text
    }
    func wrong(_ key: String, _ expected: String) -> RunDocumentError {
      .wrongType(file: file, key: key, expected: "\(expected); got '\(meta[key] ?? "")'")
    }
    let parsedWidths = try value("widths").split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    let widths = parsedWidths.compactMap { $0 }
    guard widths.count == parsedWidths.count else { throw wrong("widths", "comma-separated integers") }
    guard let activation = Activation(rawValue: try value("activation")) else {
      throw wrong("activation", "an activation name")
    }
    guard let members = Int(try value("members")) else { throw wrong("members", "an integer") }
    guard let dropout = Double(try value("dropout")) else { throw wrong("dropout", "a number") }
    let standardisation: SupernovaRegression.Standardisation
    do {
      standardisation = try JSONDecoder().decode(
        SupernovaRegression.Standardisation.self, from: Data(try value("standardisation").utf8))
    } catch let error as RunDocumentError { throw error } catch {
      throw wrong("standardisation", "the standardisation JSON")
    }
    let architecture = Self(
      fold: meta["fold"].flatMap { Int($0) } ?? fold, widths: widths, activation: activation, dropout: dropout,
      members: members, standardisation: standardisation, seed: meta["seed"].flatMap { UInt64($0) } ?? seed)
    if let problem = architecture.problem { throw RunDocumentError.invalidValue(file: file, reason: problem) }
    return architecture
  }
}
