import Cosmology
import Foundation
import PeerRandom
import TensorCore

/// The peers' synthetic supernova problem (`shared/bench/peers/pantheon_data.py` with no data
/// folder): z log-spaced on [0.001, 2.3], covariance C = diag(σ²) + VVᵀ with σ from the
/// splitmix64 stream, target μ(z) of flat ΛCDM plus correlated noise. Used where a benchmark
/// needs the peers' dense covariance and nothing else.
struct PeerProblem {
  let z: [Double]
  let y: [Double]
  let covariance: [Double]  // n×n row-major

  /// The synthetic problem: log-spaced z, ΛCDM magnitudes plus correlated noise.
  init(rows n: Int = 1701) {
    let (lo, hi) = (Foundation.log10(0.001), Foundation.log10(2.3))
    let z = (0..<n).map { Foundation.pow(10, lo + (hi - lo) * Double($0) / Double(n - 1)) }
    let c = PeerProblem.syntheticCovariance(z)
    let l: [Double]
    do { l = try LAPACK.cholesky(c, n: n) } catch {
      preconditionFailure("PeerProblem: the synthetic \(n)×\(n) covariance is not positive definite (\(error))")
    }
    let noise = PeerStream.normals(seed: 2, count: n)
    var y = z.map(PeerProblem.distanceModulus)
    for i in 0..<n { for j in 0...i { y[i] += l[i * n + j] * noise[j] } }
    (self.z, self.y, covariance) = (z, y, c)
  }

  /// Real data (Pantheon+ zHD and m_b_corr) with the synthetic covariance, as the peers run when
  /// the table is present but the release covariance is not.
  init(z: [Double], y: [Double]) {
    (self.z, self.y, covariance) = (z, y, PeerProblem.syntheticCovariance(z))
  }

  /// C = diag(σ²) + VVᵀ, σᵢ = 0.1 + 0.1uᵢ (splitmix64 seed 1), t = standardised log10 z,
  /// V = [0.03, 0.02t, 0.02(t² − 1)/√2].
  static func syntheticCovariance(_ z: [Double]) -> [Double] {
    let n = z.count
    let u = PeerStream.uniforms(seed: 1, count: n)
    let sigma = u.map { 0.1 + 0.1 * $0 }
    let logz = z.map(Foundation.log10)
    let mean = logz.reduce(0, +) / Double(n)
    let std = (logz.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
    let t = logz.map { ($0 - mean) / std }
    let v = t.map { [0.03, 0.02 * $0, 0.02 * ($0 * $0 - 1) / 2.0.squareRoot()] }
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { c[i * n + j] = v[i][0] * v[j][0] + v[i][1] * v[j][1] + v[i][2] * v[j][2] }
      c[i * n + i] += sigma[i] * sigma[i]
    }
    return c
  }

  /// μ = 5 log10(d_L / Mpc) + 25, flat ΛCDM (H0 = 70, Ωm = 0.3), composite Simpson with 2000
  /// intervals as the peer computes it.
  static func distanceModulus(_ z: Double) -> Double {
    let intervals = 2000
    var sum = 0.0
    for k in 0...intervals {
      let zz = z * Double(k) / Double(intervals)
      let w: Double = k == 0 || k == intervals ? 1 : (k % 2 == 1 ? 4 : 2)
      sum += w / (0.3 * Foundation.pow(1 + zz, 3) + 0.7).squareRoot()
    }
    let chi = z * sum / (3 * Double(intervals))
    return 5 * Foundation.log10((1 + z) * (299_792.458 / 70) * chi) + 25
  }

  /// The χ² of predictions on `rows`, the covariance restricted to them (the peer whitens with
  /// its Cholesky factor; the same χ² through C⁻¹ takes one pass over the matrix per step).
  func block(_ rows: [Int], on backend: Backend = CPUBackend.shared) throws -> ChiSquareBlock {
    let n = z.count
    let c = rows.flatMap { i in rows.map { covariance[i * n + $0] } }
    return ChiSquareBlock(
      .precision(
        Tensor(shape: [rows.count, rows.count], scalars: try LAPACK.inverseSPD(c, n: rows.count), on: backend)),
      target: Tensor(shape: [rows.count, 1], scalars: rows.map { y[$0] }, on: backend))
  }

  /// The training block of fold `k` of `folds` (row i → fold i mod K): its rows' z, y and C.
  func trainingBlock(fold k: Int, of folds: Int) -> (z: [Double], y: [Double], covariance: [Double]) {
    let rows = z.indices.filter { $0 % folds != k }
    let n = z.count
    return (rows.map { z[$0] }, rows.map { y[$0] }, rows.flatMap { i in rows.map { covariance[i * n + $0] } })
  }
}
