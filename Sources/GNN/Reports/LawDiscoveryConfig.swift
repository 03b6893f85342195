/// What `gnn discover` was asked: recorded in discover.json under `configuration`, so that a
/// search can be run again (the seed decides every choice of the genetic search).
public struct LawDiscoveryConfig: Codable, Equatable, Sendable {
  /// Training epochs whose edge messages are searched (evenly spaced).
  public var samples = 24
  public var generations = 100
  public var population = 200
  /// Independent populations whose fronts are merged.
  public var populations = 4
  /// Consecutive time blocks: constants fitted on the even ones, candidates judged on the odd.
  public var timeBlocks = 4
  /// Disjoint time blocks for the re-learned masses' uncertainties.
  public var blocks = 5
  public var units = true
  public var massProductTemplate = false
  public var seed: UInt64 = 1

  enum CodingKeys: String, CodingKey {
    case samples, generations, population, populations, blocks, units, seed
    case timeBlocks = "time_blocks"
    case massProductTemplate = "mass_product_template"
  }

  public init() {}

  /// The genetic search's options (the rest at their defaults).
  public var searchOptions: SymbolicRegressionOptions {
    var options = SymbolicRegressionOptions()
    (options.generations, options.populationSize, options.populations) = (generations, population, populations)
    return options
  }

  public var setup: LawDiscovery.Setup {
    var setup = LawDiscovery.Setup()
    (setup.units, setup.massProductTemplate, setup.timeBlocks) = (units, massProductTemplate, timeBlocks)
    return setup
  }

  /// The training epochs searched, evenly spaced over `count` (≥ 2 of them).
  public func pickedEpochs(of count: Int) -> [Int] {
    (0..<samples).map { $0 * (count - 1) / (samples - 1) }
  }
}
