import Foundation
import Orbits
import TensorCore

/// Reading the force law out of a trained gravity network: its edge messages go to the
/// symbolic search, each directed edge weighted by its share of the receiver's |a| (so the
/// Sun–Jupiter pull is not drowned by pairs that move nothing).
///
/// Units inside the search: masses in the reference body's (the Sun's), r in au, forces in
/// m☉ au day⁻², so the constant of F = C m₁m₂/r² is GM☉ in au³ day⁻² (2.9591e-4) and the
/// constants stay near one for the fitter.
public struct LawDiscovery {
  public static let variableNames = ["m1", "m2", "r", "x", "y", "z"]
  /// Their units: two masses, then a distance and its three components.
  public static let variableUnits: [PhysicalDimension] = [.mass, .mass, .length, .length, .length, .length]

  /// The search's samples: `inputs` one column per variable, the message magnitude as target.
  public struct Samples {
    public var inputs: [[Double]]
    public var target: [Double]
    public var weights: [Double]
    /// Angle between each message and the separation (receiver → sender), degrees.
    public var directionErrors: [Double]
    /// Row of each sample's epoch in the epochs it was taken from (time order).
    public var epochRows: [Int]
  }

  /// How the search is set up on the samples.
  public struct Setup: Sendable {
    /// Check units (SymbolicRegression.jl's dimensional analysis): a tree that adds a mass
    /// to a length is not a law.
    public var units = true
    /// Search F = m₁·m₂·f(r) only (PySR's template expressions); off by default, so that
    /// the search has to find the masses' powers itself.
    public var massProductTemplate = false
    /// The epochs are cut into this many consecutive time blocks; constants are fitted on the
    /// even ones and every candidate is judged on the odd ones.
    public var timeBlocks = 4

    public init() {}
  }

  public struct Result {
    public var search: SymbolicResult
    /// d ln F / d ln x of the picked formula at a Sun–planet point (m1 = 1, m2 = 1e-3, r = 1 au).
    public var exponents: (m1: Double, m2: Double, r: Double)
    /// The picked formula at m1 = m2 = 1, r = 1 au, converted to km³ s⁻².
    public var gmReference: Double
    /// Median and 95th percentile of the messages' angle from the separation, weighted samples only.
    public var directionMedianDegrees: Double
    public var direction95Degrees: Double
    /// Samples the constants were fitted on, and those every candidate was judged on.
    public var fittedSamples: Int
    public var heldOutSamples: Int
    /// The pick passes the dimensional check (consistent units, a constant carrying G's).
    public var unitsConsistent: Bool
  }

  /// Directed-edge samples of a trained network's messages on `epochs` of `split`.
  public static func samples(_ model: GravityNetwork, _ split: GravitySplit, epochs: [Int]) -> Samples {
    let batch = split.batch(epochs)
    return samples(
      forces: model.pairForces(batch.features).scalars,
      accelerations: model(batch.features, context: .inference).scalars,
      masses: model.masses, graph: model.graph, dataset: split.dataset, epochs: epochs)
  }

  /// Directed-edge samples from pair forces [epochs, P, 3] (on each pair's first body, in
  /// m_ref km s⁻²) and the accelerations [epochs, N, 3] they produce.
  public static func samples(
    forces: [Double], accelerations: [Double], masses: [Double], graph: GravityGraph,
    dataset: EphemerisDataset, epochs: [Int]
  ) -> Samples {
    let n = graph.bodyCount
    let forceUnit = Units.kilometresPerAU / (Units.secondsPerDay * Units.secondsPerDay)  // km s⁻² per au day⁻²
    var s = Samples(inputs: Array(repeating: [], count: 6), target: [], weights: [], directionErrors: [], epochRows: [])
    for (row, e) in epochs.enumerated() {
      for (p, (i, j)) in zip(graph.firstBody, graph.secondBody).enumerated() {
        let f = (0..<3).map { forces[(row * graph.pairCount + p) * 3 + $0] }
        let magnitude = (f[0] * f[0] + f[1] * f[1] + f[2] * f[2]).squareRoot()
        let (dx, r) = GravityGraph.separation(dataset, e, i, j)
        // Edge j → i carries F (pointing i → j); edge i → j carries −F.
        for (receiver, sender, sign) in [(i, j, 1.0), (j, i, -1.0)] {
          let a = (0..<3).map { accelerations[(row * n + receiver) * 3 + $0] }
          let share = magnitude / masses[receiver] / max((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).squareRoot(), 1e-300)
          let toward = dx.map { sign * $0 }
          let cosine = zip(f, toward).map(*).reduce(0, +) * sign / (magnitude * r)
          s.inputs[0].append(masses[sender])
          s.inputs[1].append(masses[receiver])
          s.inputs[2].append(r / Units.kilometresPerAU)
          for k in 0..<3 { s.inputs[3 + k].append(toward[k] / Units.kilometresPerAU) }
          s.target.append(magnitude / forceUnit)
          s.weights.append(min(share, 1))
          s.directionErrors.append(Foundation.acos(max(-1, min(1, cosine))) * 180 / .pi)
          s.epochRows.append(row)
        }
      }
    }
    return s
  }

  /// Runs the search on the samples and measures the picked law.
  public static func discover(
    _ samples: Samples, options: SymbolicRegressionOptions = .init(), setup: Setup = .init(),
    seed: UInt64
  ) throws -> Result {
    // Edges that move their receiver by less than 1e-6 of its |a| carry no information the
    // fit could use, and their log-forces would still cost it time.
    let keep = samples.weights.indices.filter { samples.weights[$0] > 1e-6 }
    let rowCount = (samples.epochRows.max() ?? 0) + 1
    let blocks = max(1, min(setup.timeBlocks, rowCount))
    var heldOut = keep.filter { blocks > 1 && (samples.epochRows[$0] * blocks / rowCount) % 2 == 1 }
    let heldOutSet = Set(heldOut)
    var fitted = keep.filter { !heldOutSet.contains($0) }
    // Every kept message in odd blocks (too few epochs for the blocks asked): nothing to hold out.
    if fitted.isEmpty { (fitted, heldOut) = (heldOut, []) }

    var options = options
    let search: SymbolicResult
    if setup.massProductTemplate {
      // F/(m₁m₂) against r alone; the pick is then written back as m1 * m2 * f(r).
      options.dimensions = setup.units ? .units([.length]) : .none
      func reduced(_ rows: [Int]) -> SymbolicSamples {
        SymbolicSamples(
          inputs: [rows.map { samples.inputs[2][$0] }],
          target: rows.map { samples.target[$0] / (samples.inputs[0][$0] * samples.inputs[1][$0]) },
          weights: rows.map { samples.weights[$0] })
      }
      search = try SymbolicRegression(variableNames: ["r"], options: options)
        .search(reduced(fitted), heldOut: heldOut.isEmpty ? nil : reduced(heldOut), seed: seed)
        .mapped(variableNames: variableNames) { f in
          .binary(.multiply, .binary(.multiply, .variable(0), .variable(1)), f.renamingVariables { _ in 2 })
        }
    } else {
      options.dimensions = setup.units ? .units(variableUnits) : .none
      func subset(_ rows: [Int]) -> SymbolicSamples {
        SymbolicSamples(
          inputs: samples.inputs.map { column in rows.map { column[$0] } },
          target: rows.map { samples.target[$0] }, weights: rows.map { samples.weights[$0] })
      }
      search = try SymbolicRegression(variableNames: variableNames, options: options)
        .search(subset(fitted), heldOut: heldOut.isEmpty ? nil : subset(heldOut), seed: seed)
    }
    let point = [1.0, 1e-3, 1.0, 1.0, 0, 0]
    let slopes = (0..<3).map { logSlope(search.best, variable: $0, at: point) }
    let unit = [1.0, 1, 1, 1, 0, 0].map { [$0] }
    let c = abs(search.best.expression.evaluate(columns: unit, parameters: search.best.parameters)[0])
    let toKm = pow(Units.kilometresPerAU, 3) / (Units.secondsPerDay * Units.secondsPerDay)
    let weighted = keep.filter { samples.weights[$0] > 1e-3 }.map { samples.directionErrors[$0] }
    let units = search.best.expression.dimension(variables: variableUnits, parameters: search.best.parameters)
    return Result(
      search: search, exponents: (slopes[0], slopes[1], slopes[2]), gmReference: c * toKm,
      directionMedianDegrees: AccelerationErrors.quantile(weighted, 0.5),
      direction95Degrees: AccelerationErrors.quantile(weighted, 0.95),
      fittedSamples: fitted.count, heldOutSamples: heldOut.count,
      unitsConsistent: units?.isWildcard ?? false)
  }

  /// d ln|f| / d ln x_i of a point on the front: the exponent of variable i, whatever form the
  /// search wrote the law in. For an r-dependence, r's components scale with it.
  public static func logSlope(_ point: ParetoPoint, variable i: Int, at x: [Double]) -> Double {
    let h = 1e-4
    var up = x.map { [$0] }
    var down = x.map { [$0] }
    let moved = i == 2 ? [2, 3, 4, 5] : [i]
    for k in moved {
      up[k][0] *= Foundation.exp(h)
      down[k][0] *= Foundation.exp(-h)
    }
    let fUp = point.expression.evaluate(columns: up, parameters: point.parameters)[0]
    let fDown = point.expression.evaluate(columns: down, parameters: point.parameters)[0]
    return (Foundation.log(abs(fUp)) - Foundation.log(abs(fDown))) / (2 * h)
  }
}
