import Foundation
import NN

/// What `gnn rollout` produced, as RUN/rollout.json records it: each body's largest position error
/// against the kernel for (a) the network, (b) the recovered law with re-learned masses, (c) Newton
/// with the true GMs, and how each law rollout's integrator error compares (the same rollout at
/// half the step).
public struct RolloutReport: GNNReport {
  public static let command = "gnn rollout"
  public static let unversionedCommand = "rollout"
  /// 2: no `seconds` (the wall time is RUN/timing.json's). 1: with it. (Unversioned: 1's keys
  /// under the command "rollout".)
  public static let formatVersion = 2

  public struct Body: Codable, Equatable, Sendable {
    public var body: String
    public var id: Int
    /// Largest position errors over the rollout, km.
    public var networkKm: Double
    public var relearnedKm: Double
    public var newtonKm: Double
    public var integratorRelearnedKm: Double
    public var integratorNewtonKm: Double
    public var relearnedWithinTarget: Bool

    enum CodingKeys: String, CodingKey {
      case body, id
      case networkKm = "network_km"
      case relearnedKm = "relearned_km"
      case newtonKm = "newton_km"
      case integratorRelearnedKm = "integrator_relearned_km"
      case integratorNewtonKm = "integrator_newton_km"
      case relearnedWithinTarget = "relearned_within_target"
    }

    public init(
      body: String, id: Int, networkKm: Double, relearnedKm: Double, newtonKm: Double,
      integratorRelearnedKm: Double, integratorNewtonKm: Double
    ) {
      (self.body, self.id, self.networkKm, self.relearnedKm, self.newtonKm) = (
        body, id, networkKm, relearnedKm, newtonKm
      )
      (self.integratorRelearnedKm, self.integratorNewtonKm) = (integratorRelearnedKm, integratorNewtonKm)
      relearnedWithinTarget = Self.withinTarget(relearnedKm: relearnedKm, newtonKm: newtonKm)
    }

    /// The `gnn` issue's target for (b): within twice Newton's error with the true GMs, or 5 km.
    public static func withinTarget(relearnedKm: Double, newtonKm: Double) -> Bool {
      relearnedKm <= max(2 * newtonKm, 5)
    }

    /// The integrator's error is small beside Newton's: under 10 % of it, or under a metre (below
    /// which the comparison is with the rounding of 30 au, not the integrator).
    public var integratorSmall: Bool {
      let limit = max(0.1 * newtonKm, 1e-3)
      return integratorRelearnedKm < limit && integratorNewtonKm < limit
    }
  }

  public var start: String
  public var days: Int
  public var lawStepSeconds: Double
  public var networkStepSeconds: Double
  public var lawExponent: Double
  public var bodies: [Body]
  public var relearnedWithinTarget: Bool
  public var integratorErrorBelow10PercentOfNewton: Bool

  enum CodingKeys: String, CodingKey {
    case start, days, bodies
    case lawStepSeconds = "law_step_seconds"
    case networkStepSeconds = "network_step_seconds"
    case lawExponent = "law_exponent"
    case relearnedWithinTarget = "relearned_within_target"
    case integratorErrorBelow10PercentOfNewton = "integrator_error_below_10_percent_of_newton"
  }

  public init(
    start: String, days: Int, lawStepSeconds: Double, networkStepSeconds: Double, lawExponent: Double,
    bodies: [Body]
  ) {
    (self.start, self.days, self.lawStepSeconds, self.networkStepSeconds) = (
      start, days, lawStepSeconds, networkStepSeconds
    )
    (self.lawExponent, self.bodies) = (lawExponent, bodies)
    relearnedWithinTarget = bodies.allSatisfy(\.relearnedWithinTarget)
    integratorErrorBelow10PercentOfNewton = bodies.allSatisfy(\.integratorSmall)
  }
}
