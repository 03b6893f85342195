import Foundation

/// Per-body relative acceleration errors |Δa|/|a| of a network on one split of the years, as
/// `gnn train` and `gnn evaluate` report them (snake_case keys).
public struct AccelerationErrorReport: Codable, Equatable, Sendable {
  public struct Body: Codable, Equatable, Sendable {
    public var body: String
    public var id: Int
    public var medianRelativeError: Double
    public var p95RelativeError: Double

    public init(body: String, id: Int, medianRelativeError: Double, p95RelativeError: Double) {
      (self.body, self.id, self.medianRelativeError, self.p95RelativeError) = (body, id, medianRelativeError, p95RelativeError)
    }
  }

  public var split: String
  public var epochs: Int
  /// First and last epoch, TDB.
  public var from: String
  public var to: String
  public var bodies: [Body]
  public var maxMedianRelativeError: Double
  public var targetMedianRelativeError: Double
  public var everyBodyBelowTarget: Bool

  public init(split: String, epochs: Int, from: String, to: String, bodies: [Body], target: Double) {
    (self.split, self.epochs, self.from, self.to, self.bodies) = (split, epochs, from, to, bodies)
    maxMedianRelativeError = bodies.map(\.medianRelativeError).max() ?? .nan
    targetMedianRelativeError = target
    everyBodyBelowTarget = bodies.allSatisfy { $0.medianRelativeError < target }
  }
}
