import Foundation
import Orbits

/// Per-body relative acceleration errors |Δa|/|a| of a network on one split of the years, as
/// `gnn train` and `gnn evaluate` report them (snake_case keys, spelt out so that the reports read
/// the same whatever key strategy the encoder has).
public struct AccelerationErrorReport: Codable, Equatable, Sendable {
  /// The `gnn` issue's target: every body's median |Δa|/|a| below 1 %.
  public static let target = 0.01

  public struct Body: Codable, Equatable, Sendable {
    public var body: String
    public var id: Int
    public var medianRelativeError: Double
    public var p95RelativeError: Double

    enum CodingKeys: String, CodingKey {
      case body, id
      case medianRelativeError = "median_relative_error"
      case p95RelativeError = "p95_relative_error"
    }

    public init(body: String, id: Int, medianRelativeError: Double, p95RelativeError: Double) {
      (self.body, self.id, self.medianRelativeError, self.p95RelativeError) = (
        body, id, medianRelativeError, p95RelativeError
      )
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

  enum CodingKeys: String, CodingKey {
    case split, epochs, from, to, bodies
    case maxMedianRelativeError = "max_median_relative_error"
    case targetMedianRelativeError = "target_median_relative_error"
    case everyBodyBelowTarget = "every_body_below_target"
  }

  public init(split: String, epochs: Int, from: String, to: String, bodies: [Body], target: Double) {
    (self.split, self.epochs, self.from, self.to, self.bodies) = (split, epochs, from, to, bodies)
    maxMedianRelativeError = bodies.map(\.medianRelativeError).max() ?? .nan
    targetMedianRelativeError = target
    everyBodyBelowTarget = bodies.allSatisfy { $0.medianRelativeError < target }
  }
}

extension AccelerationErrorReport {
  /// The errors of a network's predictions on one split, per body, against `target`.
  public init(_ errors: AccelerationErrors, split: GravitySplit, name: String, target: Double = Self.target) {
    let medians = errors.medians
    let p95 = errors.percentile95
    let epochs = split.dataset.epochs
    self.init(
      split: name, epochs: split.epochCount,
      from: epochs.first.map { CalendarDate.string(julianDate: $0) } ?? "",
      to: epochs.last.map { CalendarDate.string(julianDate: $0) } ?? "",
      bodies: split.dataset.bodies.enumerated().map { b, body in
        Body(body: body.name, id: body.id, medianRelativeError: medians[b], p95RelativeError: p95[b])
      },
      target: target)
  }
}
