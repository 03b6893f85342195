import Foundation

/// One expression on the Pareto front: the lowest loss found at its complexity.
public struct ParetoPoint: Sendable {
  public let complexity: Int
  /// Weighted mean squared error of log|F| (see `LogSpaceLoss`).
  public let loss: Double
  /// PySR's score: −Δlog(loss)/Δcomplexity against the previous (simpler) point; 0 for the first.
  public let score: Double
  /// The same loss on the held-out samples (constants as fitted); equal to `loss` when the
  /// search was given none.
  public let heldOutLoss: Double
  public let expression: SymbolicExpression
  public let parameters: [Double]
  public let formula: String
}

/// The best candidate per complexity, kept across the whole search (PySR's hall of fame).
struct HallOfFame {
  private(set) var bestByComplexity: [Int: Candidate] = [:]

  mutating func consider(_ candidate: Candidate) {
    guard candidate.loss.isFinite, candidate.admissible else { return }
    if let current = bestByComplexity[candidate.complexity] {
      // Equal losses (C0 and −C0 under log|ŷ|) go to the one that keeps the target's sign.
      let better =
        candidate.loss < current.loss * (1 - 1e-9)
        || (candidate.loss <= current.loss * (1 + 1e-9) && candidate.signMismatches < current.signMismatches)
      if !better { return }
    }
    bestByComplexity[candidate.complexity] = candidate
  }

  var members: [Candidate] { bestByComplexity.keys.sorted().map { bestByComplexity[$0]! } }

  /// The Pareto front: candidates by increasing complexity whose loss beats every simpler one
  /// by more than 1e-9 relative,
  /// each with PySR's score.
  func front(variableNames: [String], heldOut: LogSpaceLoss) -> [ParetoPoint] {
    var points: [ParetoPoint] = []
    for candidate in members {
      let previous = points.last
      // A gain below 1e-9 relative is round-off (log(0.94) beside 0.058), not a better law.
      if let previous, candidate.loss >= previous.loss * (1 - 1e-9) { continue }
      // A loss of exactly 0 (a noiseless exact fit) would make log(loss) −inf.
      let logLoss = _log(max(candidate.loss, 1e-300))
      let score =
        previous.map {
          -(logLoss - _log(max($0.loss, 1e-300))) / Double(candidate.complexity - $0.complexity)
        } ?? 0
      points.append(
        ParetoPoint(
          complexity: candidate.complexity, loss: candidate.loss, score: score,
          heldOutLoss: heldOut.loss(candidate.expression, candidate.parameters),
          expression: candidate.expression, parameters: candidate.parameters,
          formula: candidate.expression.formula(variableNames: variableNames, parameters: candidate.parameters)))
    }
    return points
  }
}

/// PySR's `model_selection="best"`, judged on held-out samples: among the points whose
/// held-out loss is at most `lossFactor` × the lowest held-out loss on the front (PySR uses
/// 1.5), the one with the highest score; ties go to the simpler expression. A law the held-out
/// samples reject cannot be picked however well it fits the samples its constants saw. (If no
/// point is finite on the held-out samples, the fitting loss decides, as in PySR.)
func pickBest(_ front: [ParetoPoint], lossFactor: Double) -> ParetoPoint? {
  let heldOutLowest = front.map(\.heldOutLoss).filter(\.isFinite).min()
  let eligible: [ParetoPoint]
  if let heldOutLowest {
    eligible = front.filter { $0.heldOutLoss <= lossFactor * heldOutLowest }
  } else {
    guard let lowest = front.map(\.loss).min() else { return nil }
    eligible = front.filter { $0.loss <= lossFactor * lowest }
  }
  return eligible.max { a, b in a.score < b.score || (a.score == b.score && a.complexity > b.complexity) }
}

/// The outcome of a search.
public struct SymbolicResult: Sendable {
  /// By increasing complexity, strictly decreasing loss.
  public let paretoFront: [ParetoPoint]
  /// The pick by PySR's rule on held-out losses (`pickBest`).
  public let best: ParetoPoint
  /// Each independent population's own pick, by the same rule on its own front.
  public let populationPicks: [ParetoPoint]
  /// How many of those are the same law as `best` (indistinguishable on the held-out samples).
  public let populationsAgreeing: Int

  /// The front as a table, one line per point, the pick marked with `*`.
  public var table: String {
    var lines = ["  complexity        loss  held-out     score  formula"]
    for point in paretoFront {
      let mark = point.complexity == best.complexity ? "*" : " "
      lines.append(
        String(
          format: "%@ %10d  %10.4g  %8.4g  %8.4g  %@", mark, point.complexity, point.loss,
          point.heldOutLoss, point.score, point.formula))
    }
    return lines.joined(separator: "\n")
  }
}

extension ParetoPoint {
  /// The point with its tree rewritten (same constants, losses and score), e.g. a template's
  /// f(r) placed back into m1 * m2 * f(r).
  func mapped(variableNames: [String], _ transform: (SymbolicExpression) -> SymbolicExpression) -> ParetoPoint {
    let expression = transform(self.expression)
    return ParetoPoint(
      complexity: expression.complexity, loss: loss, score: score, heldOutLoss: heldOutLoss,
      expression: expression, parameters: parameters,
      formula: expression.formula(variableNames: variableNames, parameters: parameters))
  }
}

extension SymbolicResult {
  /// Every point rewritten by `transform` (see `ParetoPoint.mapped`).
  func mapped(variableNames: [String], _ transform: (SymbolicExpression) -> SymbolicExpression) -> SymbolicResult {
    SymbolicResult(
      paretoFront: paretoFront.map { $0.mapped(variableNames: variableNames, transform) },
      best: best.mapped(variableNames: variableNames, transform),
      populationPicks: populationPicks.map { $0.mapped(variableNames: variableNames, transform) },
      populationsAgreeing: populationsAgreeing)
  }
}
