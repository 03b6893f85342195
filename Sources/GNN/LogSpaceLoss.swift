/// The loss the search minimises: the weighted mean squared error of log magnitudes,
///
///     L = Σₙ wₙ (log|ŷₙ| − log|yₙ|)² / Σₙ wₙ.
///
/// Why log space: edge forces span many decades (masses over 4 decades, r over 2), and a
/// plain squared error would be decided by the few largest forces. On log|F| every sample
/// counts by its relative error, and a power law C·m1·m2·r^p becomes linear in log C and p,
/// so the constant fit converges in a few steps. The sign of the prediction is dropped:
/// the caller passes magnitudes (e.g. the norm of an edge message).
struct LogSpaceLoss {
  let columns: [[Double]]
  let logTarget: [Double]
  let targetIsNegative: [Bool]
  /// √(wₙ / Σw), so that the sum of squared residuals is L.
  let rootWeights: [Double]

  init(columns: [[Double]], target: [Double], weights: [Double]) {
    let total = weights.reduce(0, +)
    self.columns = columns
    logTarget = target.map { _log(abs($0)) }
    targetIsNegative = target.map { $0 < 0 }
    rootWeights = weights.map { ($0 / total).squareRoot() }
  }

  /// Weighted residuals rₙ = √wₙ (log|ŷₙ| − log|yₙ|), or nil if any prediction is
  /// zero, infinite or NaN (the expression is then unusable on these inputs).
  func residuals(_ expression: SymbolicExpression, _ parameters: [Double]) -> [Double]? {
    var values = expression.evaluate(columns: columns, parameters: parameters)
    for n in values.indices {
      let logValue = _log(abs(values[n]))
      guard logValue.isFinite else { return nil }
      values[n] = rootWeights[n] * (logValue - logTarget[n])
    }
    return values
  }

  /// Samples whose prediction has the opposite sign to the target: the loss cannot see
  /// the sign, so this only breaks ties (C0 = 0.0067 rather than −0.0067).
  func signMismatches(_ expression: SymbolicExpression, _ parameters: [Double]) -> Int {
    let values = expression.evaluate(columns: columns, parameters: parameters)
    return values.indices.filter { (values[$0] < 0) != targetIsNegative[$0] }.count
  }

  /// Σₙ wₙ (log|f₁ₙ| − log|f₂ₙ|)² / Σw between two fitted trees on these samples: how far
  /// apart two laws are, in the loss's own units (+inf if either is not finite somewhere).
  func meanSquaredLogDifference(
    _ first: SymbolicExpression, _ firstParameters: [Double],
    _ second: SymbolicExpression, _ secondParameters: [Double]
  ) -> Double {
    let a = first.evaluate(columns: columns, parameters: firstParameters)
    let b = second.evaluate(columns: columns, parameters: secondParameters)
    var total = 0.0
    for n in a.indices {
      let d = rootWeights[n] * (_log(abs(a[n])) - _log(abs(b[n])))
      guard d.isFinite else { return .infinity }
      total += d * d
    }
    return total
  }

  func loss(_ expression: SymbolicExpression, _ parameters: [Double]) -> Double {
    guard let r = residuals(expression, parameters) else { return .infinity }
    return sumOfSquares(r)
  }
}

func sumOfSquares(_ values: [Double]) -> Double {
  var total = 0.0
  for v in values { total += v * v }
  return total
}
