import Foundation
import Orbits
import TensorCore

/// Re-learning the masses with the force law fixed. The dynamics fix only G·m, and with the law
///
///     aᵢ = Σ_{j≠i} GMⱼ (xⱼ − xᵢ) |xⱼ − xᵢ|^(p−1)        (p = −2: Newton)
///
/// every body's GM enters linearly: least squares over all bodies and epochs (QR, Float64). Each
/// body's rows are divided by its |aᵢ| so that every body counts, not only the Sun's pull on
/// Jupiter. The uncertainty of each GM is the scatter (sample standard deviation) of the fits
/// on `blocks` disjoint time blocks; a GM whose scatter exceeds 10 % of its value is flagged as
/// not identifiable from these data (Pluto's, here).
public enum MassFit {
  public struct Result {
    public var bodies: [EphemerisBody]
    /// km³ s⁻², from all epochs.
    public var gm: [Double]
    /// Scatter over the time blocks, km³ s⁻².
    public var uncertainty: [Double]
    public var identifiable: [Bool]

    /// |fitted − known| / known, where the dataset carries the known GM.
    public var relativeErrors: [Double?] {
      zip(gm, bodies).map { fitted, body in body.gm.map { abs(fitted - $0) / $0 } }
    }
  }

  public static func fit(_ dataset: EphemerisDataset, exponent p: Double = -2, blocks: Int = 5) throws -> Result {
    guard let accelerations = dataset.accelerations else {
      throw OrbitsError.invalidArgument("mass fit needs accelerations; sample a kernel or use central differences")
    }
    precondition(blocks >= 2 && dataset.epochs.count >= blocks, "MassFit: need at least \(blocks) epochs")
    let all = try solve(dataset, accelerations, epochs: Array(dataset.epochs.indices), exponent: p).gm
    let size = dataset.epochs.count / blocks
    let perBlock = try (0..<blocks).map { b in
      try solve(dataset, accelerations, epochs: Array((b * size)..<((b + 1) * size)), exponent: p).gm
    }
    let scatter = dataset.bodies.indices.map { k -> Double in
      let values = perBlock.map { $0[k] }
      let mean = values.reduce(0, +) / Double(values.count)
      return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
    return Result(
      bodies: dataset.bodies, gm: all, uncertainty: scatter,
      identifiable: zip(scatter, all).map { $0 < 0.1 * abs($1) })
  }

  /// The exponent p that, with every GM re-fitted, leaves the smallest residual: the law's
  /// one shape constant re-learned on the data together with the masses (golden-section
  /// search on [p₀ − halfWidth, p₀ + halfWidth], on every `stride`-th epoch).
  public static func refineExponent(
    _ dataset: EphemerisDataset, near p0: Double, halfWidth: Double = 0.05,
    stride: Int = 4, tolerance: Double = 1e-7
  ) throws -> Double {
    guard let accelerations = dataset.accelerations else {
      throw OrbitsError.invalidArgument("exponent fit needs accelerations; sample a kernel or use central differences")
    }
    let epochs = Array(Swift.stride(from: 0, to: dataset.epochs.count, by: stride))
    func residual(_ p: Double) throws -> Double {
      try solve(dataset, accelerations, epochs: epochs, exponent: p).residual
    }
    let ratio = (5.0.squareRoot() - 1) / 2
    var (lo, hi) = (p0 - halfWidth, p0 + halfWidth)
    var (x1, x2) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo))
    var (f1, f2) = (try residual(x1), try residual(x2))
    while hi - lo > tolerance {
      if f1 < f2 {
        (hi, x2, f2) = (x2, x1, f1)
        x1 = hi - ratio * (hi - lo)
        f1 = try residual(x1)
      } else {
        (lo, x1, f1) = (x1, x2, f2)
        x2 = lo + ratio * (hi - lo)
        f2 = try residual(x2)
      }
    }
    return (lo + hi) / 2
  }

  /// One least-squares fit on the given epochs, with its weighted residual sum of squares;
  /// unknowns are scaled by a rough magnitude first (the column norms) so QR sees a
  /// well-scaled matrix.
  static func solve(_ d: EphemerisDataset, _ a: [Double], epochs: [Int], exponent p: Double) throws -> (
    gm: [Double], residual: Double
  ) {
    let n = d.bodies.count
    let rows = epochs.count * n * 3
    var matrix = [Double](repeating: 0, count: rows * n)
    var target = [Double](repeating: 0, count: rows)
    var row = 0
    for e in epochs {
      for i in 0..<n {
        let ai = (0..<3).map { a[d.index(e, i, $0)] }
        let weight = 1 / max((ai[0] * ai[0] + ai[1] * ai[1] + ai[2] * ai[2]).squareRoot(), 1e-300)
        for j in 0..<n where j != i {
          let dx = (0..<3).map { d.positions[d.index(e, j, $0)] - d.positions[d.index(e, i, $0)] }
          let r = (dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]).squareRoot()
          let factor = Foundation.pow(r, p - 1) * weight
          for k in 0..<3 { matrix[(row + k) * n + j] = dx[k] * factor }
        }
        for k in 0..<3 { target[row + k] = ai[k] * weight }
        row += 3
      }
    }
    var scale = [Double](repeating: 0, count: n)
    for r in 0..<rows { for j in 0..<n { scale[j] += matrix[r * n + j] * matrix[r * n + j] } }
    scale = scale.map { $0 > 0 ? 1 / $0.squareRoot() : 1 }
    for r in 0..<rows { for j in 0..<n { matrix[r * n + j] *= scale[j] } }
    let scaled = try LAPACK.leastSquares(matrix, rows: rows, columns: n, target)
    var residual = 0.0
    for r in 0..<rows {
      var fitted = 0.0
      for j in 0..<n { fitted += matrix[r * n + j] * scaled[j] }
      residual += (fitted - target[r]) * (fitted - target[r])
    }
    return (zip(scaled, scale).map { $0 * $1 }, residual)
  }
}
