import TensorCore

extension CovarianceMatrix {
  /// w = L⁻¹b for C = LLᵀ: what turns a χ² with covariance C into a sum of squares, |w|².
  public enum Whitening: Sendable {
    /// The lower Cholesky factor L, row-major `order`×`order`.
    case cholesky([Double], order: Int)
    /// 1/√Cᵢᵢ per row: a diagonal C, whitened without an n×n factor.
    case diagonal(inverseStandardDeviations: [Double])

    public var order: Int {
      switch self {
      case .cholesky(_, let order): order
      case .diagonal(let w): w.count
      }
    }

    /// L⁻¹B for B row-major [order, columns].
    public func whiten(_ b: [Double], columns: Int) -> [Double] {
      precondition(b.count == order * columns, "Whitening.whiten: \(b.count) values for \(order)×\(columns)")
      switch self {
      case .cholesky(let factor, let n):
        return LAPACK.solveTriangular(factor, n: n, b, nrhs: columns, lower: true, transpose: false)
      case .diagonal(let w):
        var x = b
        for i in 0..<w.count { for j in 0..<columns { x[i * columns + j] *= w[i] } }
        return x
      }
    }
  }
}
