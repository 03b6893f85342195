import Foundation

/// Profiled χ² of non-flat ΛCDM on a regular Ωm × ΩΛ grid: what the confidence regions of
/// `cosmo lcdm` are drawn from.
public struct ChiSquareGrid: Sendable, Equatable {
  /// Ωm at each column, ascending.
  public let matterDensity: [Double]
  /// ΩΛ at each row, ascending.
  public let darkEnergyDensity: [Double]
  /// Row-major [ΩΛ][Ωm]; +∞ where the model has no valid distances (no big bang, E² ≤ 0).
  public let chiSquare: [Double]

  /// Δχ² of the 68.3 %, 95.4 % and 99.7 % regions (1σ, 2σ, 3σ) for two parameters.
  public static let twoParameterLevels: [(sigma: Int, deltaChiSquare: Double)] = [(1, 2.30), (2, 6.18), (3, 11.83)]

  /// Evaluates `chi2` at every grid point: one batched solve per row of the grid, the rows
  /// spread over the cores. Each value depends only on its model, so the result is the same
  /// whatever the number of threads.
  public static func evaluate(_ chi2: ProfiledChiSquare, matterDensity: [Double], darkEnergyDensity: [Double])
    -> ChiSquareGrid
  {
    let columns = matterDensity.count
    let rows = darkEnergyDensity.count
    let results = RowResults(rows: rows)
    DispatchQueue.concurrentPerform(iterations: rows) { row in
      let models = matterDensity.map { LambdaCDM(matterDensity: $0, darkEnergyDensity: darkEnergyDensity[row]) }
      results.set(row, chi2.chiSquares(models))
    }
    let values = results.rows.flatMap { $0 ?? [Double](repeating: .nan, count: columns) }
    return ChiSquareGrid(matterDensity: matterDensity, darkEnergyDensity: darkEnergyDensity, chiSquare: values)
  }

  /// A coarse pass over Ωm ∈ [0, 1.5], ΩΛ ∈ [−1, 2.5] (31 × 51) finds where Δχ² < `deltaChiSquare`
  /// (3σ by default) from `minimum`; a `resolution` × `resolution` grid then covers that region
  /// with a margin of two coarse cells (clipped at Ωm = 0).
  public static func refined(
    _ chi2: ProfiledChiSquare, minimum: Double, deltaChiSquare: Double = 11.83,
    resolution: Int = 121
  ) -> ChiSquareGrid {
    precondition(resolution >= 2, "ChiSquareGrid.refined: resolution \(resolution) < 2")
    let coarse = evaluate(chi2, matterDensity: steps(0, 1.5, 31), darkEnergyDensity: steps(-1, 2.5, 51))
    let stepM = 1.5 / 30
    let stepL = 3.5 / 50
    var lowM = Double.infinity
    var highM = -Double.infinity
    var lowL = Double.infinity
    var highL = -Double.infinity
    for (row, lambda) in coarse.darkEnergyDensity.enumerated() {
      for (column, matter) in coarse.matterDensity.enumerated()
      where coarse.chiSquare[row * coarse.matterDensity.count + column] - minimum < deltaChiSquare {
        lowM = min(lowM, matter)
        highM = max(highM, matter)
        lowL = min(lowL, lambda)
        highL = max(highL, lambda)
      }
    }
    // No coarse point inside the region (a very tight one): refine around the coarse minimum's cell.
    if !lowM.isFinite {
      let best = coarse.minimum
      (lowM, highM, lowL, highL) = (
        best.matterDensity, best.matterDensity, best.darkEnergyDensity, best.darkEnergyDensity
      )
    }
    return evaluate(
      chi2, matterDensity: steps(max(0, lowM - 2 * stepM), highM + 2 * stepM, resolution),
      darkEnergyDensity: steps(lowL - 2 * stepL, highL + 2 * stepL, resolution))
  }

  /// The grid point of smallest χ².
  public var minimum: (matterDensity: Double, darkEnergyDensity: Double, chiSquare: Double) {
    var best = 0
    for index in chiSquare.indices where chiSquare[index] < chiSquare[best] { best = index }
    let columns = matterDensity.count
    return (matterDensity[best % columns], darkEnergyDensity[best / columns], chiSquare[best])
  }

  /// `count` evenly spaced values from `low` to `high` inclusive.
  static func steps(_ low: Double, _ high: Double, _ count: Int) -> [Double] {
    (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
  }
}

/// Rows written by concurrent workers, each row by one worker only.
private final class RowResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var rows: [[Double]?]
  init(rows: Int) { self.rows = Array(repeating: nil, count: rows) }
  func set(_ row: Int, _ values: [Double]) {
    lock.lock()
    defer { lock.unlock() }
    rows[row] = values
  }
}
