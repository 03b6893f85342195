import Foundation
import TensorCore

extension ProfiledChiSquare {
  /// Profiled χ² of many models at once: the residuals of all of them are whitened by one
  /// triangular solve with as many right-hand sides (BLAS-3 `dtrsm`, not one `dtrsv` per model),
  /// then each column is reduced as `linearFit` does. Equal to `profile(_:).chiSquare` per model
  /// to rounding; +∞ for a model with no valid distances.
  public func chiSquares(_ models: [LambdaCDM]) -> [Double] {
    let n = sample.count
    let k = models.count
    let p = linearParameters
    guard k > 0 else { return [] }
    // Row-major n × k: column j holds model j's residuals m − μ.
    var residuals = [Double](repeating: 0, count: n * k)
    var valid = [Bool](repeating: false, count: k)
    for (j, model) in models.enumerated() {
      guard let mu = modelMagnitudes(model) else { continue }
      valid[j] = true
      for i in 0..<n { residuals[i * k + j] = sample.magnitude[i] - mu[i] }
    }
    let w = whitening.whiten(residuals, columns: k)
    var ww = [Double](repeating: 0, count: k)
    var b = [Double](repeating: 0, count: p * k)
    for i in 0..<n {
      for j in 0..<k {
        let value = w[i * k + j]
        ww[j] += value * value
        for a in 0..<p { b[a * k + j] += whitenedDesign[i * p + a] * value }
      }
    }
    return (0..<k).map { j in
      guard valid[j] else { return .infinity }
      let column = (0..<p).map { b[$0 * k + j] }
      let theta = LAPACK.choleskySolve(gramFactor, n: p, column, nrhs: 1)
      return ww[j] - zip(column, theta).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }
}
