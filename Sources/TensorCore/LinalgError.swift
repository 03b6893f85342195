/// Why a factorisation or solve failed: data errors (a covariance that is not positive
/// definite), thrown so that a CLI can report them in one line.
public enum LinalgError: Error, Equatable, CustomStringConvertible {
  /// Cholesky stopped at `pivot` (1-based, LAPACK's info): the leading minor of that order is not
  /// positive definite.
  case notPositiveDefinite(pivot: Int, order: Int)
  /// LU found an exactly zero pivot (1-based).
  case singular(pivot: Int, order: Int)
  case invalidShape(op: String, shape: [Int])

  public var description: String {
    switch self {
    case let .notPositiveDefinite(pivot, order):
      "matrix of order \(order) is not positive definite: the leading minor of order \(pivot) is not (Cholesky failed at pivot \(pivot))"
    case let .singular(pivot, order):
      "matrix of order \(order) is singular: pivot \(pivot) is exactly zero"
    case let .invalidShape(op, shape):
      "\(op): needs a square matrix, got shape \(shape)"
    }
  }
}
