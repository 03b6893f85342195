/// Levenberg–Marquardt on the constants of one expression, minimising `LogSpaceLoss`.
///
/// The Jacobian is taken by forward differences (step 1e-6·max(1, |θⱼ|)); the damped
/// normal equations (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr are solved by Gaussian elimination,
/// which is plenty for the ≤ 6 constants of a tree of complexity ≤ 12. Several starts are
/// tried, because a non-convex tree (e.g. exp(C0·r)) can stall in a poor basin.
struct ConstantFitter {
  var maxIterations = 20

  /// The best (parameters, loss) over the given starts; loss is +inf if no start gives a
  /// finite prediction everywhere.
  func fit(_ expression: SymbolicExpression, loss objective: LogSpaceLoss, starts: [[Double]])
    -> (parameters: [Double], loss: Double)
  {
    var best: (parameters: [Double], loss: Double) = (starts.first ?? [], .infinity)
    var bestMismatches = Int.max
    for start in starts {
      let result = refine(expression, objective, start)
      guard result.loss.isFinite else { continue }
      // Losses equal to 1e-9 (e.g. C0 and −C0, which log|ŷ| cannot tell apart) are
      // settled by agreement in sign with the target.
      let mismatches = objective.signMismatches(expression, result.parameters)
      if result.loss < best.loss * (1 - 1e-9)
        || (result.loss <= best.loss * (1 + 1e-9) && mismatches < bestMismatches)
      {
        best = result
        bestMismatches = mismatches
      }
    }
    return best
  }

  private func refine(_ expression: SymbolicExpression, _ objective: LogSpaceLoss, _ start: [Double])
    -> (parameters: [Double], loss: Double)
  {
    var theta = start
    guard var residuals = objective.residuals(expression, theta) else { return (theta, .infinity) }
    var cost = sumOfSquares(residuals)
    let k = theta.count
    if k == 0 { return (theta, cost) }
    var lambda = 1e-3
    for _ in 0..<maxIterations {
      // Jacobian columns by forward differences.
      var jacobian = [[Double]]()
      jacobian.reserveCapacity(k)
      for j in 0..<k {
        var shifted = theta
        let step = 1e-6 * max(1, abs(theta[j]))
        shifted[j] += step
        guard let r = objective.residuals(expression, shifted) else { return (theta, cost) }
        var column = r
        for n in column.indices { column[n] = (r[n] - residuals[n]) / step }
        jacobian.append(column)
      }
      var normal = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
      var gradient = [Double](repeating: 0, count: k)
      for a in 0..<k {
        gradient[a] = dot(jacobian[a], residuals)
        for b in a..<k {
          normal[a][b] = dot(jacobian[a], jacobian[b])
          normal[b][a] = normal[a][b]
        }
      }
      var accepted = false
      for _ in 0..<10 {
        var damped = normal
        for a in 0..<k { damped[a][a] += lambda * normal[a][a] + 1e-12 }
        if let delta = solveLinear(damped, gradient.map { -$0 }) {
          let candidate = zip(theta, delta).map { $0 + $1 }
          if let r = objective.residuals(expression, candidate) {
            let candidateCost = sumOfSquares(r)
            if candidateCost < cost {
              let relativeGain = (cost - candidateCost) / max(cost, 1e-300)
              theta = candidate
              residuals = r
              cost = candidateCost
              lambda = max(lambda / 10, 1e-12)
              accepted = true
              if relativeGain < 1e-10 { return (theta, cost) }
              break
            }
          }
        }
        lambda *= 10
      }
      if !accepted { break }
    }
    return (theta, cost)
  }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
  var total = 0.0
  for n in a.indices { total += a[n] * b[n] }
  return total
}

/// Solves A x = b by Gaussian elimination with partial pivoting; nil if A is singular.
func solveLinear(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
  var a = matrix
  var b = rhs
  let n = b.count
  for column in 0..<n {
    var pivot = column
    for row in column..<n where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
    guard abs(a[pivot][column]) > 1e-300, a[pivot][column].isFinite else { return nil }
    a.swapAt(column, pivot)
    b.swapAt(column, pivot)
    for row in (column + 1)..<n {
      let factor = a[row][column] / a[column][column]
      for c in column..<n { a[row][c] -= factor * a[column][c] }
      b[row] -= factor * b[column]
    }
  }
  var x = [Double](repeating: 0, count: n)
  for row in stride(from: n - 1, through: 0, by: -1) {
    var sum = b[row]
    for c in (row + 1)..<n { sum -= a[row][c] * x[c] }
    x[row] = sum / a[row][row]
  }
  return x.allSatisfy(\.isFinite) ? x : nil
}
