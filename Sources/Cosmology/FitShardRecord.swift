import Foundation
import NN
import Runs

/// RUN/shard.json: which folds a `cosmo fit` folder holds (a whole run is shard 0 of 1), for
/// `cosmo gather`, which checks them against the shard and config.json's folds.
public struct FitShardRecord: RunDocument {
  public static let command = "cosmo fit shard"
  /// 1: with `command` and `version`. (0, unversioned: the same three keys.)
  public static let formatVersion = 1

  public var shard: Int
  public var of: Int
  public var folds: [Int]

  public init(shard: Shard, folds total: Int) {
    (self.shard, of, folds) = (shard.index, shard.count, shard.units(of: total))
  }

  public static func upgrade(_ object: [String: JSONValue], file: String) throws -> [String: JSONValue] {
    guard object["command"] == nil else { throw RunDocumentError.missingKey(file: file, key: "version") }
    return object.merging(["command": .string(command)]) { $1 }
  }

  /// The shard it names, if its folds are that shard's of `total` (config.json's folds).
  public func shard(ofFolds total: Int) -> Shard? {
    guard let shard = try? Shard(index: shard, count: of), (1...1000).contains(total), folds == shard.units(of: total)
    else { return nil }
    return shard
  }
}
