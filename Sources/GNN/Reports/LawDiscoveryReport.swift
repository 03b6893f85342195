import Foundation
import NN

/// What `gnn discover` produced, as RUN/discover.json records it: the recovered law, the search's
/// Pareto front, and the masses re-learned with the law fixed, graded against the `gnn` issue's
/// tolerances. `gnn rollout` reads the adopted exponent and the masses back from it.
public struct LawDiscoveryReport: GNNReport {
  public static let command = "gnn discover"
  public static let unversionedCommand = "discover"
  /// 2: no `seconds` (the wall time is RUN/timing.json's). 1: with it. (Unversioned: 1's keys
  /// under the command "discover".)
  public static let formatVersion = 2

  /// DE421's GM of the Sun, km³ s⁻², beside the recovered one.
  public static let gmSunReference = 1.32712440041e11

  /// One population's pick, or one point of the merged Pareto front (`score` on the front only).
  public struct Candidate: Codable, Equatable, Sendable {
    public var expression: String
    public var complexity: Int
    public var loss: Double
    public var heldOutLoss: Double
    public var score: Double?

    enum CodingKeys: String, CodingKey {
      case expression, complexity, loss, score
      case heldOutLoss = "held_out_loss"
    }

    public init(_ point: ParetoPoint, withScore: Bool) {
      (expression, complexity, loss, heldOutLoss) = (point.formula, point.complexity, point.loss, point.heldOutLoss)
      score = withScore ? point.score : nil
    }
  }

  public struct Law: Codable, Equatable, Sendable {
    public var expression: String
    public var complexity: Int
    public var loss: Double
    public var heldOutLoss: Double
    public var fittedSamples: Int
    public var heldOutSamples: Int
    public var timeBlocks: Int
    public var populations: Int
    public var populationsAgreeing: Int
    public var populationPicks: [Candidate]
    public var unitsChecked: Bool
    public var unitsConsistent: Bool
    public var massProductTemplate: Bool
    /// Power of r at a Sun–planet edge (Newton: −2), and of each mass.
    public var exponent: Double
    public var m1Exponent: Double
    public var m2Exponent: Double
    public var exponentTarget: Double
    public var exponentWithinHundredth: Bool
    public var exponentRefitWithMasses: Double
    /// The exponent the masses were re-learned with (`LawDiscoveryReport.adoptedExponent`).
    public var exponentAdopted: Double
    public var units: String
    public var directionErrorMedianDegrees: Double
    public var directionErrorP95Degrees: Double

    enum CodingKeys: String, CodingKey {
      case expression, complexity, loss, populations, exponent, units
      case heldOutLoss = "held_out_loss"
      case fittedSamples = "fitted_samples"
      case heldOutSamples = "held_out_samples"
      case timeBlocks = "time_blocks"
      case populationsAgreeing = "populations_agreeing"
      case populationPicks = "population_picks"
      case unitsChecked = "units_checked"
      case unitsConsistent = "units_consistent"
      case massProductTemplate = "mass_product_template"
      case m1Exponent = "m1_exponent"
      case m2Exponent = "m2_exponent"
      case exponentTarget = "exponent_target"
      case exponentWithinHundredth = "exponent_within_0_01"
      case exponentRefitWithMasses = "exponent_refit_with_masses"
      case exponentAdopted = "exponent_adopted"
      case directionErrorMedianDegrees = "direction_error_median_degrees"
      case directionErrorP95Degrees = "direction_error_p95_degrees"
    }

    /// The search's result as the report gives it; `refit` and `adopted` from `MassFit` and
    /// `LawDiscoveryReport.adoptedExponent`.
    public init(_ law: LawDiscovery.Result, setup: LawDiscovery.Setup, refit: Double, adopted: Double) {
      let best = law.search.best
      (expression, complexity, loss, heldOutLoss) = (best.formula, best.complexity, best.loss, best.heldOutLoss)
      (fittedSamples, heldOutSamples, timeBlocks) = (law.fittedSamples, law.heldOutSamples, setup.timeBlocks)
      (populations, populationsAgreeing) = (law.search.populationPicks.count, law.search.populationsAgreeing)
      populationPicks = law.search.populationPicks.map { Candidate($0, withScore: false) }
      (unitsChecked, unitsConsistent, massProductTemplate) = (
        setup.units, law.unitsConsistent, setup.massProductTemplate
      )
      (exponent, m1Exponent, m2Exponent) = (law.exponents.r, law.exponents.m1, law.exponents.m2)
      exponentTarget = -2
      exponentWithinHundredth = abs(law.exponents.r + 2) <= 0.01
      (exponentRefitWithMasses, exponentAdopted) = (refit, adopted)
      units = "m in reference (Sun) masses, r in au, F in m☉ au day⁻²"
      (directionErrorMedianDegrees, directionErrorP95Degrees) = (law.directionMedianDegrees, law.direction95Degrees)
    }
  }

  /// One body's GM re-learned with the law fixed (km³ s⁻²), with its scatter over time blocks and,
  /// where the body has one, the tolerance on its relative error.
  public struct RelearnedMass: Codable, Equatable, Sendable {
    public var body: String
    public var id: Int
    public var gm: Double
    public var uncertainty: Double
    public var identifiable: Bool
    public var reference: Double?
    public var relativeError: Double?
    public var targetRelativeError: Double?
    public var withinTarget: Bool?

    enum CodingKeys: String, CodingKey {
      case body, id, gm, uncertainty, identifiable, reference
      case relativeError = "relative_error"
      case targetRelativeError = "target_relative_error"
      case withinTarget = "within_target"
    }

    /// The `gnn` issue's relative tolerances on the re-learned GMs, by NAIF ID.
    public static let tolerance: [Int: Double] = [
      10: 1e-5, 199: 1e-5, 299: 1e-5, 399: 1e-5, 5: 1e-5,
      301: 1e-4, 4: 1e-4, 6: 1e-4, 7: 1e-3, 8: 1e-3,
    ]

    /// Every body of the mass fit, graded: a body without a true GM or a tolerance has no grade.
    public static func graded(_ fit: MassFit.Result) -> [RelearnedMass] {
      let errors = fit.relativeErrors
      return fit.bodies.enumerated().map { b, body in
        let tolerance = tolerance[body.id]
        return RelearnedMass(
          body: body.name, id: body.id, gm: fit.gm[b], uncertainty: fit.uncertainty[b],
          identifiable: fit.identifiable[b],
          reference: body.gm, relativeError: errors[b], targetRelativeError: tolerance,
          withinTarget: tolerance.map { t in errors[b].map { $0 <= t } ?? true })
      }
    }
  }

  /// What was asked; nil in a discover.json written before it was recorded.
  public var configuration: LawDiscoveryConfig?
  public var law: Law
  public var gmSunRecovered: Double
  public var gmSunReference: Double
  public var paretoFront: [Candidate]
  /// Edge messages searched.
  public var samples: Int
  public var masses: [RelearnedMass]
  /// Every body with a tolerance is within it.
  public var massesWithinTargets: Bool
  public var massFitEpochs: Int
  public var massFitBlocks: Int

  enum CodingKeys: String, CodingKey {
    case configuration, law, samples, masses
    case gmSunRecovered = "gm_sun_recovered"
    case gmSunReference = "gm_sun_reference"
    case paretoFront = "pareto_front"
    case massesWithinTargets = "masses_within_targets"
    case massFitEpochs = "mass_fit_epochs"
    case massFitBlocks = "mass_fit_blocks"
  }

  public init(
    configuration: LawDiscoveryConfig, law result: LawDiscovery.Result, refit: Double, adopted: Double, samples: Int,
    masses fit: MassFit.Result, massFitEpochs: Int
  ) {
    self.configuration = configuration
    law = Law(result, setup: configuration.setup, refit: refit, adopted: adopted)
    (gmSunRecovered, gmSunReference) = (result.gmReference, Self.gmSunReference)
    paretoFront = result.search.paretoFront.map { Candidate($0, withScore: true) }
    self.samples = samples
    masses = RelearnedMass.graded(fit)
    massesWithinTargets = masses.allSatisfy { $0.withinTarget ?? true }
    (self.massFitEpochs, massFitBlocks) = (massFitEpochs, configuration.blocks)
  }

  /// The exponent the masses are re-learned with: a fitted value within 0.01 of a multiple of ½ is
  /// taken as that fraction (the network is good to ~0.3 %, so −2.00002 is −2 as far as it can
  /// tell); otherwise the one re-fitted together with the masses on the exact accelerations.
  public static func adoptedExponent(fitted: Double, refit: Double) -> Double {
    let fraction = (2 * fitted).rounded() / 2
    return abs(fitted - fraction) < 0.01 ? fraction : refit
  }
}
