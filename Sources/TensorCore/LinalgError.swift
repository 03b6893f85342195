/// Failures of dense linear algebra on data the caller supplied (not programmer errors), thrown
/// so that a CLI can report them in one line.
public enum LinalgError: Error, CustomStringConvertible, Equatable {
  /// Cholesky stopped: the leading minor of order `pivot` (1-based, LAPACK's `info`) is not
  /// positive, so the `order`×`order` matrix is not positive definite.
  case notPositiveDefinite(pivot: Int, order: Int)
  /// LU found an exactly zero pivot `U[pivot, pivot]` (1-based): the matrix is singular.
  case singular(pivot: Int, order: Int)
  /// A factorisation was given a tensor that is not a square matrix.
  case invalidShape(op: String, shape: [Int])

  public var description: String {
    switch self {
    case .notPositiveDefinite(let pivot, let order):
      return "matrix of order \(order) is not positive definite: Cholesky failed at pivot \(pivot)"
        + " (leading minor of order \(pivot) is not positive)"
    case .singular(let pivot, let order):
      return "matrix of order \(order) is singular: LU pivot \(pivot) is exactly zero"
    case .invalidShape(let op, let shape):
      return "\(op): needs a square matrix, got shape \(shape)"
    }
  }
}
