/// The collectives data-parallel training needs, with rank 0 as the root. Open MPI's
/// (`MPICommunicator`, in the MPI target) and `SingleProcess` implement it, so that one process
/// runs exactly the code that N ranks do.
public protocol Communicator: AnyObject {
  var rank: Int { get }
  var size: Int { get }
  /// Rank 0 receives every rank's `values` (the same count on every rank), in rank order; the
  /// others receive nil.
  func gather(_ values: [Double]) throws -> [[Double]]?
  /// Every rank receives rank 0's `values`; the others pass `count` zeros' worth of room.
  func broadcast(_ values: [Double], count: Int) throws -> [Double]
}

/// One process: rank 0 of 1.
public final class SingleProcess: Communicator {
  public init() {}
  public var rank: Int { 0 }
  public var size: Int { 1 }
  public func gather(_ values: [Double]) throws -> [[Double]]? { [values] }
  public func broadcast(_ values: [Double], count: Int) throws -> [Double] { values }
}
