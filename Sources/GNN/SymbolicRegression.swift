import TensorCore

/// Settings of the symbolic-regression search. The defaults recovered the planted power law
/// in 10 of 10 seeds with 6 edge variables (m1, m2, r, x, y, z) from 200 samples, ~4 s each
/// in a debug build; 40 × 25 found it in only 7 of 10 there (29 of 30 with m1, m2, r only).
public struct SymbolicRegressionOptions: Sendable {
  public var maxComplexity = 12
  public var populationSize = 60
  public var generations = 60
  public var tournamentSize = 4
  /// Each candidate's score in tournaments is loss·(1 + parsimony·complexity).
  public var parsimony = 0.02
  public var crossoverProbability = 0.2
  /// Probability that a parent is drawn from the hall of fame rather than the population.
  public var hallOfFameParentProbability = 0.2
  /// Constant-fit starts per candidate: all ones, then Gaussian draws.
  public var fitStarts = 2
  public var fitIterations = 20
  /// PySR's "best": highest score among points with loss ≤ lossFactor × lowest loss.
  public var lossFactor = 1.5
  public var unaryOperators: [UnaryOperator] = UnaryOperator.allCases
  public var binaryOperators: [BinaryOperator] = BinaryOperator.allCases
  /// Independent populations (restarts), each from a seed drawn from the user's, whose halls
  /// of fame are merged: one population can stall in a poor basin on one machine's last bits;
  /// several rarely all do.
  public var populations = 1
  /// Units of the variables; inconsistent trees never enter the hall of fame.
  public var dimensions: DimensionalConstraint = .none
  /// Added to an inconsistent tree's fitness (SymbolicRegression.jl's default is 1000).
  public var dimensionPenalty = 1000.0

  public init() {}
}

/// A candidate with its fitted constants.
struct Candidate {
  let expression: SymbolicExpression
  let parameters: [Double]
  let loss: Double
  /// Samples predicted with the wrong sign; breaks ties only (see `LogSpaceLoss`).
  let signMismatches: Int
  /// Passes the search's dimensional constraint (always, without one).
  let admissible: Bool
  var complexity: Int { expression.complexity }
}

public enum SymbolicRegressionError: Error, CustomStringConvertible, Equatable {
  case zeroOrNonFiniteTarget(index: Int)
  case nonPositiveWeight(index: Int)

  public var description: String {
    switch self {
    case .zeroOrNonFiniteTarget(let i):
      return "symbolic regression: target \(i) is zero or not finite; the loss is on log|F|, so drop that sample"
    case .nonPositiveWeight(let i):
      return "symbolic regression: weight \(i) is not a positive finite number; drop that sample or fix its weight"
    }
  }
}

/// Genetic-programming symbolic regression over named variables, PySR-style: a population
/// of trees evolved by tournament selection, mutation and crossover, every child's constants
/// refitted (Levenberg–Marquardt on log|F|), a hall of fame of the best loss per complexity,
/// and the final pick by PySR's score.
public struct SymbolicRegression: Sendable {
  public let variableNames: [String]
  public let options: SymbolicRegressionOptions

  public init(variableNames: [String], options: SymbolicRegressionOptions = .init()) {
    precondition(!variableNames.isEmpty, "SymbolicRegression: no variables")
    self.variableNames = variableNames
    self.options = options
  }

  /// - Parameters:
  ///   - inputs: one column per variable, `inputs[i][n]` = variable i of sample n.
  ///   - target: the value to explain per sample (non-zero; compared as log|target|).
  ///   - weights: positive per-sample weights (normalised internally).
  ///   - seed: every random choice of the search derives from it.
  public func search(inputs: [[Double]], target: [Double], weights: [Double], seed: UInt64) throws
    -> SymbolicResult
  {
    try search(SymbolicSamples(inputs: inputs, target: target, weights: weights), heldOut: nil, seed: seed)
  }

  /// The search on `fitting` (every constant is fitted there), with the pick judged on
  /// `heldOut` when given: samples the constants never saw, so that a tree that only fits
  /// the fitted samples' quirks loses its place (see `pickBest`).
  public func search(_ fitting: SymbolicSamples, heldOut: SymbolicSamples?, seed: UInt64) throws -> SymbolicResult {
    try validate(fitting)
    if let heldOut { try validate(heldOut) }
    let objective = LogSpaceLoss(columns: fitting.inputs, target: fitting.target, weights: fitting.weights)
    let judge = heldOut.map { LogSpaceLoss(columns: $0.inputs, target: $0.target, weights: $0.weights) } ?? objective

    // Independent populations, each from its own seed drawn from the user's; their halls of
    // fame are merged into one front. Population 0 runs on the user's seed itself.
    let count = max(options.populations, 1)
    let halls = (0..<count).map { evolve(objective, seed: Self.populationSeed(seed, $0)) }
    var merged = HallOfFame()
    for hall in halls { for member in hall.members { merged.consider(member) } }

    let front = merged.front(variableNames: variableNames, heldOut: judge)
    guard let best = pickBest(front, lossFactor: options.lossFactor) else {
      // Only reachable if no admissible tree was finite on these inputs, which a constant
      // always is for non-zero finite data; kept as a clear failure.
      preconditionFailure("SymbolicRegression.search: no candidate gave a finite loss")
    }
    let picks = halls.compactMap {
      pickBest($0.front(variableNames: variableNames, heldOut: judge), lossFactor: options.lossFactor)
    }
    let agreeing = picks.filter { Self.sameLaw($0, best, on: judge, lossFactor: options.lossFactor) }.count
    return SymbolicResult(paretoFront: front, best: best, populationPicks: picks, populationsAgreeing: agreeing)
  }

  /// Whether a population's pick is the merged pick's law: eligible by the same held-out rule,
  /// and apart from it by less than a tenth of the pick's held-out misfit (mean squared log
  /// difference), so that the data cannot tell the two apart. (Against the misfit itself, a
  /// poor pick would make every poor pick agree with it.)
  static func sameLaw(_ pick: ParetoPoint, _ best: ParetoPoint, on judge: LogSpaceLoss, lossFactor: Double) -> Bool {
    guard pick.heldOutLoss <= lossFactor * best.heldOutLoss else { return false }
    let distance = judge.meanSquaredLogDifference(pick.expression, pick.parameters, best.expression, best.parameters)
    return distance <= 0.1 * max(best.heldOutLoss, 1e-10)
  }

  /// Seed of population `index`: the user's for the first, splitmix64 draws after it.
  static func populationSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
    if index == 0 { return seed }
    var mixer = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
    return mixer.next()
  }

  private func validate(_ samples: SymbolicSamples) throws {
    precondition(
      samples.inputs.count == variableNames.count,
      "SymbolicRegression.search: \(samples.inputs.count) columns for \(variableNames.count) variables")
    precondition(
      samples.inputs.allSatisfy { $0.count == samples.target.count } && samples.weights.count == samples.target.count,
      "SymbolicRegression.search: columns \(samples.inputs.map(\.count)), target \(samples.target.count), weights \(samples.weights.count) differ"
    )
    precondition(!samples.target.isEmpty, "SymbolicRegression.search: no samples")
    if let i = samples.target.firstIndex(where: { $0 == 0 || !$0.isFinite }) {
      throw SymbolicRegressionError.zeroOrNonFiniteTarget(index: i)
    }
    if let i = samples.weights.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
      throw SymbolicRegressionError.nonPositiveWeight(index: i)
    }
  }

  /// One population evolved from `seed`; its hall of fame holds admissible candidates only.
  private func evolve(_ objective: LogSpaceLoss, seed: UInt64) -> HallOfFame {
    let fitter = ConstantFitter(maxIterations: options.fitIterations)
    let generator = TreeGenerator(
      variableCount: variableNames.count,
      unaryOperators: options.unaryOperators,
      binaryOperators: options.binaryOperators)
    var rng = RandomGenerator(seed: seed)
    var hallOfFame = HallOfFame()

    func evaluate(_ raw: SymbolicExpression) -> Candidate {
      let expression = raw.renumberingConstants()
      let k = expression.constantCount
      var starts = [[Double](repeating: 1, count: k)]
      for _ in 1..<max(options.fitStarts, 1) { starts.append((0..<k).map { _ in rng.normal() }) }
      let fit = fitter.fit(expression, loss: objective, starts: starts)
      let candidate = Candidate(
        expression: expression, parameters: fit.parameters, loss: fit.loss,
        signMismatches: fit.loss.isFinite ? objective.signMismatches(expression, fit.parameters) : Int.max,
        admissible: options.dimensions.admits(expression, parameters: fit.parameters))
      hallOfFame.consider(candidate)
      return candidate
    }

    // A dimensionally inconsistent tree may stay in the population as a stepping stone, but
    // SymbolicRegression.jl's penalty (added to the loss) keeps it from winning tournaments.
    func fitness(_ c: Candidate) -> Double {
      c.loss * (1 + options.parsimony * Double(c.complexity)) + (c.admissible ? 0 : options.dimensionPenalty)
    }

    func randomTree() -> SymbolicExpression {
      while true {
        let tree = generator.tree(depth: 1 + rng.integer(below: 3), &rng)
        if tree.complexity <= options.maxComplexity { return tree }
      }
    }

    var population = (0..<options.populationSize).map { _ in evaluate(randomTree()) }

    func parent() -> SymbolicExpression {
      let fame = hallOfFame.members
      if !fame.isEmpty, rng.uniform() < options.hallOfFameParentProbability {
        return fame[rng.integer(below: fame.count)].expression
      }
      var winner = population[rng.integer(below: population.count)]
      for _ in 1..<options.tournamentSize {
        let rival = population[rng.integer(below: population.count)]
        if fitness(rival) < fitness(winner) { winner = rival }
      }
      return winner.expression
    }

    let eliteCount = max(1, options.populationSize / 10)
    for _ in 0..<options.generations {
      population.sort { fitness($0) < fitness($1) }
      var next = Array(population.prefix(eliteCount))
      while next.count < options.populationSize {
        var child: SymbolicExpression
        repeat {
          child =
            rng.uniform() < options.crossoverProbability
            ? generator.crossover(parent(), parent(), &rng)
            : generator.mutate(parent(), &rng)
        } while child.complexity > options.maxComplexity
        next.append(evaluate(child))
      }
      population = next
    }
    return hallOfFame
  }
}

/// Samples for the search: one column per variable, the target, positive weights.
public struct SymbolicSamples: Sendable {
  public var inputs: [[Double]]
  public var target: [Double]
  public var weights: [Double]

  public init(inputs: [[Double]], target: [Double], weights: [Double]) {
    self.inputs = inputs
    self.target = target
    self.weights = weights
  }
}
