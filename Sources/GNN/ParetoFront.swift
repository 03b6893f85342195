import Foundation

/// One expression on the Pareto front: the lowest loss found at its complexity.
public struct ParetoPoint: Sendable {
  public let complexity: Int
  /// Weighted mean squared error of log|F| (see `LogSpaceLoss`).
  public let loss: Double
  /// PySR's score: −Δlog(loss)/Δcomplexity against the previous (simpler) point; 0 for the first.
  public let score: Double
  public let expression: SymbolicExpression
  public let parameters: [Double]
  public let formula: String
}

/// The best candidate per complexity, kept across the whole search (PySR's hall of fame).
struct HallOfFame {
  private(set) var bestByComplexity: [Int: Candidate] = [:]

  mutating func consider(_ candidate: Candidate) {
    guard candidate.loss.isFinite else { return }
    if let current = bestByComplexity[candidate.complexity] {
      // Equal losses (C0 and −C0 under log|ŷ|) go to the one that keeps the target's sign.
      let better = candidate.loss < current.loss * (1 - 1e-9)
        || (candidate.loss <= current.loss * (1 + 1e-9) && candidate.signMismatches < current.signMismatches)
      if !better { return }
    }
    bestByComplexity[candidate.complexity] = candidate
  }

  var members: [Candidate] { bestByComplexity.keys.sorted().map { bestByComplexity[$0]! } }

  /// The Pareto front: candidates by increasing complexity whose loss beats every simpler one
  /// by more than 1e-9 relative,
  /// each with PySR's score.
  func front(variableNames: [String]) -> [ParetoPoint] {
    var points: [ParetoPoint] = []
    for candidate in members {
      let previous = points.last
      // A gain below 1e-9 relative is round-off (log(0.94) beside 0.058), not a better law.
      if let previous, candidate.loss >= previous.loss * (1 - 1e-9) { continue }
      // A loss of exactly 0 (a noiseless exact fit) would make log(loss) −inf.
      let logLoss = _log(max(candidate.loss, 1e-300))
      let score = previous.map {
        -(logLoss - _log(max($0.loss, 1e-300))) / Double(candidate.complexity - $0.complexity)
      } ?? 0
      points.append(ParetoPoint(
        complexity: candidate.complexity, loss: candidate.loss, score: score,
        expression: candidate.expression, parameters: candidate.parameters,
        formula: candidate.expression.formula(variableNames: variableNames, parameters: candidate.parameters)))
    }
    return points
  }
}

/// PySR's `model_selection="best"`: among the points whose loss is at most
/// `lossFactor` × the lowest loss on the front (PySR uses 1.5), the one with the highest
/// score; ties go to the simpler expression.
func pickBest(_ front: [ParetoPoint], lossFactor: Double) -> ParetoPoint? {
  guard let lowest = front.map(\.loss).min() else { return nil }
  let eligible = front.filter { $0.loss <= lossFactor * lowest }
  return eligible.max { a, b in a.score < b.score || (a.score == b.score && a.complexity > b.complexity) }
}

/// The outcome of a search.
public struct SymbolicResult: Sendable {
  /// By increasing complexity, strictly decreasing loss.
  public let paretoFront: [ParetoPoint]
  /// The pick by PySR's rule (`pickBest`).
  public let best: ParetoPoint

  /// The front as a table, one line per point, the pick marked with `*`.
  public var table: String {
    var lines = ["  complexity        loss     score  formula"]
    for point in paretoFront {
      let mark = point.complexity == best.complexity ? "*" : " "
      lines.append(String(format: "%@ %10d  %10.4g  %8.4g  %@", mark, point.complexity, point.loss,
                          point.score, point.formula))
    }
    return lines.joined(separator: "\n")
  }
}
