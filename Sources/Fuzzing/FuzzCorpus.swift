import Foundation
import Orbits

/// Where the seeds come from: the repository's own real files (the shipped table and kernel,
/// the recorded Horizons replies and the Union3 dataset in the test fixtures), cut small.
public struct FuzzCorpus {
  public let root: URL

  public init(root: URL) { self.root = root }

  var pantheonTable: URL { root.appendingPathComponent("Data/Pantheon+SH0ES.dat") }
  var kernel: URL { root.appendingPathComponent("Data/de421_1980_2030.bsp") }
  var horizonsReplies: URL { root.appendingPathComponent("Tests/OrbitsTests/Fixtures/horizons") }
  var union3: URL { root.appendingPathComponent("Tests/CosmologyTests/Fixtures/union3") }

  /// Every reader's target, by the name the command line uses.
  public static let readers = ["pantheon", "cobaya", "covmat", "horizons", "spk", "dataset", "checkpoint", "runfolder"]

  public func target(_ name: String) throws -> any FuzzTarget {
    switch name {
    case "pantheon": return try PantheonTarget(corpus: self)
    case "cobaya": return try CobayaTarget(corpus: self)
    case "covmat": return try CovarianceTarget(corpus: self)
    case "horizons": return try HorizonsTarget(corpus: self)
    case "spk": return try SPKTarget(corpus: self)
    case "dataset": return try DatasetTarget(corpus: self)
    case "checkpoint": return try CheckpointTarget()
    case "runfolder": return try RunFolderTarget()
    default: throw InvariantViolation("no reader '\(name)'; readers: \(Self.readers.joined(separator: ", "))")
    }
  }
}
