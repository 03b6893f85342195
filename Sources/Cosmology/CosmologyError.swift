import Foundation

/// Errors in supernova data, covariance files and fits. Each description is one line a user can
/// act on, starting with `file:line:` where a place in a file is known.
public enum CosmologyError: Error, CustomStringConvertible, Equatable {
  /// A cell or row of a table is wrong: `file:line: column NAME: reason`.
  case malformedRow(file: String, line: Int, column: String?, reason: String)
  /// A requested column is not in the header.
  case unknownColumn(file: String, name: String, valid: [String])
  /// A file could not be read or is empty / truncated.
  case unreadable(file: String, reason: String)
  /// The covariance does not match the rows it must describe.
  case covarianceSize(file: String, expected: Int, found: Int)
  case covarianceNotSymmetric(file: String, row: Int, column: Int, difference: Double)
  case covarianceNotPositiveDefinite(file: String, pivot: Int, order: Int)
  /// A diagonal element (a variance) is negative or not a number.
  case covarianceNegativeVariance(file: String, row: Int, value: Double)
  /// Positive definite, but only just: the smallest relative Cholesky pivot (row 0-based).
  case covarianceIllConditioned(file: String, row: Int, relativePivot: Double, order: Int, threshold: Double)
  /// A `.dataset` key is missing or has a value we cannot use.
  case dataset(file: String, line: Int?, reason: String)
  /// A fit could not be carried out (too few rows, no bracket for an interval, …).
  case fit(reason: String)

  public var description: String {
    switch self {
    case .malformedRow(let file, let line, let column, let reason):
      let columnText = column.map { " column \($0):" } ?? ""
      return "\(file):\(line):\(columnText) \(reason)"
    case .unknownColumn(let file, let name, let valid):
      return "\(file): unknown column '\(name)'; valid columns: \(valid.joined(separator: " "))"
    case .unreadable(let file, let reason):
      return "\(file): \(reason)"
    case .covarianceSize(let file, let expected, let found):
      return "\(file): covariance is \(found)×\(found) but the data have \(expected) rows"
        + " (the covariance must follow the row order of the full table)"
    case .covarianceNotSymmetric(let file, let row, let column, let difference):
      return "\(file): covariance is not symmetric: C[\(row),\(column)] − C[\(column),\(row)] = \(difference)"
    case .covarianceNotPositiveDefinite(let file, let pivot, let order):
      return "\(file): covariance (\(order)×\(order) after row selection) is not positive definite:"
        + " Cholesky failed at pivot \(pivot) (selected row \(pivot - 1), 0-based)"
    case .covarianceNegativeVariance(let file, let row, let value):
      return "\(file): covariance diagonal C[\(row),\(row)] = \(value); a variance must be ≥ 0"
    case .covarianceIllConditioned(let file, let row, let pivot, let order, let threshold):
      return "\(file): covariance (\(order)×\(order)) is numerically singular: the smallest Cholesky pivot of its"
        + " correlation matrix, at row \(row) (0-based), leaves \(pivot) of that row's variance (at least \(threshold) needed);"
        + " a row is a combination of others"
    case .dataset(let file, let line, let reason):
      return "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
    case .fit(let reason):
      return "fit failed: \(reason)"
    }
  }
}

extension URL {
  /// The name shown in error messages: the last path component, as `file:line:` readers expect.
  var displayName: String { lastPathComponent }
}
