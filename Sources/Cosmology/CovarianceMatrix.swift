import Foundation
import TensorCore

/// A supernova magnitude covariance (mag²), with where it came from. A full matrix is stored
/// dense, row-major; diagonal errors are stored as their n variances, never as an n×n matrix.
public struct CovarianceMatrix: Sendable {
  public enum Kind: String, Sendable { case full, diagonal }

  /// The values as stored.
  public enum Storage: Sendable, Equatable {
    /// Row-major `order`×`order` values.
    case dense([Double])
    /// The `order` variances σᵢ² of a diagonal matrix.
    case diagonal([Double])
  }

  public let order: Int
  public let storage: Storage
  /// File it was read from, and that file's SHA-256 (nil for diagonal errors from the table).
  public let path: String?
  public let sha256: String?

  public var kind: Kind {
    switch storage {
    case .dense: .full
    case .diagonal: .diagonal
    }
  }

  /// A full matrix from row-major `values`.
  public init(order: Int, values: [Double], path: String? = nil, sha256: String? = nil) {
    precondition(values.count == order * order, "CovarianceMatrix: \(values.count) values for order \(order)")
    self.init(order: order, storage: .dense(values), path: path, sha256: sha256)
  }

  /// Diagonal covariance `diag(σ²)` from per-row errors (mag).
  public init(diagonalErrors sigma: [Double]) {
    self.init(order: sigma.count, storage: .diagonal(sigma.map { $0 * $0 }))
  }

  private init(order: Int, storage: Storage, path: String? = nil, sha256: String? = nil) {
    self.order = order
    self.storage = storage
    self.path = path
    self.sha256 = sha256
  }

  /// The variances Cᵢᵢ (mag²).
  public var variances: [Double] {
    switch storage {
    case .dense(let values): (0..<order).map { values[$0 * order + $0] }
    case .diagonal(let variances): variances
    }
  }

  /// All `order`×`order` values, row-major. For a diagonal matrix this builds the n×n matrix:
  /// for checks and tests, not for the fit.
  public var denseValues: [Double] {
    switch storage {
    case .dense(let values): return values
    case .diagonal(let variances):
      var v = [Double](repeating: 0, count: order * order)
      for i in 0..<order { v[i * order + i] = variances[i] }
      return v
    }
  }

  /// The name errors give: the file's, else "diagonal errors" or "covariance".
  var displayName: String {
    path.map { URL(fileURLWithPath: $0).displayName } ?? (kind == .diagonal ? "diagonal errors" : "covariance")
  }

  /// Reads the layout shared by Pantheon+ `.cov` and CosmoMC/cobaya `mag_covmat` files: the
  /// integer N, then N×N numbers in row-major order (any whitespace between them; Pantheon+
  /// writes one per line). `.gz` files are inflated. The result is symmetrised, `(C + Cᵀ)/2`,
  /// after checking that `|Cᵢⱼ − Cⱼᵢ| ≤ 1e-5·√(CᵢᵢCⱼⱼ) + 1e-10` (Pantheon+ differs by ≤ 3e-8).
  public init(contentsOf url: URL) throws {
    let file = url.displayName
    let bytes = try FileBytes.read(url)
    var scanner = NumberScanner(bytes, file: file)
    guard let first = try scanner.next() else {
      throw CosmologyError.unreadable(file: url.path, reason: "empty covariance file: expected N on line 1")
    }
    guard first == first.rounded(), first >= 1, first < 100_000 else {
      throw CosmologyError.malformedRow(
        file: file, line: 1, column: nil,
        reason: "first value must be the matrix order N, found \(first)")
    }
    let n = Int(first)
    // Each value takes at least two bytes (a digit and a separator): a file too short for N×N
    // values is refused before N×N doubles are allocated.
    guard n * n <= bytes.count / 2 else {
      throw CosmologyError.unreadable(
        file: url.path,
        reason:
          "N = \(n) needs \(n * n) values, but the \(bytes.count) bytes of the file hold at most \(bytes.count / 2)")
    }
    var values = [Double](repeating: 0, count: n * n)
    for k in 0..<(n * n) {
      guard let v = try scanner.next() else {
        throw CosmologyError.unreadable(
          file: url.path,
          reason: "truncated: N = \(n) needs \(n * n) values, found \(k)")
      }
      values[k] = v
    }
    if try scanner.next() != nil {
      throw CosmologyError.malformedRow(
        file: file, line: scanner.line, column: nil,
        reason: "more than N×N = \(n * n) values after N = \(n)")
    }
    for i in 0..<n where !(values[i * n + i] >= 0) {
      throw CosmologyError.covarianceNegativeVariance(file: file, row: i, value: values[i * n + i])
    }
    for i in 0..<n {
      for j in (i + 1)..<n {
        let d = values[i * n + j] - values[j * n + i]
        let scale = (abs(values[i * n + i] * values[j * n + j])).squareRoot()
        if abs(d) > 1e-5 * scale + 1e-10 {
          throw CosmologyError.covarianceNotSymmetric(file: file, row: i, column: j, difference: d)
        }
        let mean = 0.5 * (values[i * n + j] + values[j * n + i])
        values[i * n + j] = mean
        values[j * n + i] = mean
      }
    }
    self.init(order: n, values: values, path: url.path, sha256: try FileBytes.sha256(url))
  }

  /// The block for `rows` (0-based indices into this matrix) on both axes.
  public func restricted(to rows: [Int]) -> CovarianceMatrix {
    for i in rows { precondition(i >= 0 && i < order, "CovarianceMatrix.restricted: row \(i) outside order \(order)") }
    let m = rows.count
    switch storage {
    case .diagonal(let variances):
      return CovarianceMatrix(order: m, storage: .diagonal(rows.map { variances[$0] }), path: path, sha256: sha256)
    case .dense(let values):
      var v = [Double](repeating: 0, count: m * m)
      for (a, i) in rows.enumerated() {
        for (b, j) in rows.enumerated() { v[a * m + b] = values[i * order + j] }
      }
      return CovarianceMatrix(order: m, storage: .dense(v), path: path, sha256: sha256)
    }
  }

  /// `C + diag(extra)`, e.g. the cobaya `dmb²` term added to a `mag_covmat`.
  func addingDiagonal(_ extra: [Double]) -> CovarianceMatrix {
    precondition(extra.count == order, "CovarianceMatrix.addingDiagonal: \(extra.count) values for order \(order)")
    switch storage {
    case .diagonal(let variances):
      return CovarianceMatrix(
        order: order, storage: .diagonal(zip(variances, extra).map { $0 + $1 }), path: path, sha256: sha256)
    case .dense(var v):
      for i in 0..<order { v[i * order + i] += extra[i] }
      return CovarianceMatrix(order: order, storage: .dense(v), path: path, sha256: sha256)
    }
  }

  /// How residuals are whitened, w = L⁻¹r with C = LLᵀ: a full matrix by its lower Cholesky
  /// factor, a diagonal one by 1/√Cᵢᵢ per row (no n×n factor). A matrix that is not positive
  /// definite throws naming the failing pivot.
  public func whitening() throws -> Whitening {
    switch storage {
    case .dense: return .cholesky(try choleskyFactor(), order: order)
    case .diagonal(let variances):
      for (i, variance) in variances.enumerated() where !(variance > 0) {
        throw CosmologyError.covarianceNotPositiveDefinite(file: displayName, pivot: i + 1, order: order)
      }
      // 1/L_ii of the Cholesky factor L_ii = √Cᵢᵢ, as dtrsm inverts the diagonal it packs:
      // the same bits as the dense solve (`CovarianceTests` compares them).
      return .diagonal(inverseStandardDeviations: variances.map { 1 / $0.squareRoot() })
    }
  }

  /// Lower Cholesky factor, n×n; a non-positive-definite matrix throws naming the failing pivot.
  public func choleskyFactor() throws -> [Double] {
    do { return try LAPACK.cholesky(denseValues, n: order) } catch let LinalgError.notPositiveDefinite(pivot, n) {
      throw CosmologyError.covarianceNotPositiveDefinite(file: displayName, pivot: pivot, order: n)
    }
  }

  /// Smallest Cholesky pivot accepted, relative: what is left of a row's variance once the rows
  /// before it are accounted for, as a fraction of that variance. Below it the matrix is singular
  /// to working precision and the fit's errors are meaningless (such a matrix once gave
  /// Ωm ± 0.0000).
  public static let smallestRelativePivot = 1e-10

  /// Checks that the matrix can weight a fit: finite, every variance positive, and positive
  /// definite with room to spare. The test is the Cholesky factor of the correlation matrix
  /// D^-½ C D^-½: its k-th squared pivot is the fraction of row k's variance not explained by
  /// rows 0…k−1 (1 for independent rows, 0 for a row that is a combination of others); the
  /// smallest is named when it is below `smallestRelativePivot`.
  public func checkConditioning() throws {
    let name = displayName
    let values: [Double]
    switch storage {
    case .diagonal(let variances):
      if let bad = variances.firstIndex(where: { !$0.isFinite }) {
        throw CosmologyError.malformedRow(
          file: name, line: bad + 1, column: nil, reason: "covariance value \(variances[bad]) is not finite")
      }
      for i in 0..<order where !(variances[i] > 0) {
        throw CosmologyError.covarianceNotPositiveDefinite(file: name, pivot: i + 1, order: order)
      }
      return
    case .dense(let dense): values = dense
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw CosmologyError.malformedRow(
        file: name, line: bad / order + 1, column: nil, reason: "covariance value \(values[bad]) is not finite")
    }
    for i in 0..<order where !(values[i * order + i] > 0) {
      throw CosmologyError.covarianceNotPositiveDefinite(file: name, pivot: i + 1, order: order)
    }
    // Divided one root at a time: σᵢσⱼ of a tiny and a huge variance can under- or overflow.
    let sigma = (0..<order).map { values[$0 * order + $0].squareRoot() }
    var correlation = values
    for i in 0..<order {
      for j in 0..<order {
        let r = values[i * order + j] / sigma[i] / sigma[j]
        // |rᵢⱼ| > 1 (or not a number) is impossible in a positive definite matrix.
        guard r.isFinite, abs(r) <= 1 + 1e-12 else {
          throw CosmologyError.covarianceNotPositiveDefinite(file: name, pivot: max(i, j) + 1, order: order)
        }
        correlation[i * order + j] = r
      }
    }
    let factor: [Double]
    do { factor = try LAPACK.cholesky(correlation, n: order) } catch let LinalgError.notPositiveDefinite(pivot, n) {
      throw CosmologyError.covarianceNotPositiveDefinite(file: name, pivot: pivot, order: n)
    }
    let pivots = (0..<order).map { factor[$0 * order + $0] * factor[$0 * order + $0] }
    if let k = pivots.indices.min(by: { pivots[$0] < pivots[$1] }), !(pivots[k] >= Self.smallestRelativePivot) {
      throw CosmologyError.covarianceIllConditioned(
        file: name, row: k, relativePivot: pivots[k], order: order,
        threshold: Self.smallestRelativePivot)
    }
  }

  /// C⁻¹ (full and symmetric) of a full matrix; a non-positive-definite matrix throws naming the
  /// failing pivot.
  public func precision() throws -> [Double] {
    precondition(kind == .full, "CovarianceMatrix.precision: the matrix is diagonal; use inverseVariances")
    return try LAPACK.inverseSPD(choleskyFactor: try choleskyFactor(), n: order)
  }

  /// 1/Cᵢᵢ of a diagonal covariance; a non-positive variance throws naming its row, as the
  /// Cholesky factor of the same matrix would.
  public func inverseVariances() throws -> [Double] {
    guard case .diagonal(let variances) = storage else {
      preconditionFailure("CovarianceMatrix.inverseVariances: the matrix is full, not diagonal")
    }
    return try variances.enumerated().map { i, variance in
      guard variance > 0 else {
        throw CosmologyError.covarianceNotPositiveDefinite(file: displayName, pivot: i + 1, order: order)
      }
      return 1 / variance
    }
  }

  /// The description printed by the CLI; diagonal errors carry the release's own warning.
  public var summary: String {
    switch kind {
    case .full: return "full covariance \(path ?? "?") (sha256 \(sha256 ?? "?"))"
    case .diagonal:
      return "DIAGONAL errors only, no covariance: correlations are ignored, so χ² and the interval are not"
        + " comparable to a full-covariance fit (the Pantheon+ release says its _DIAG errors are 'for plotting only'; `cosmo data fetch` downloads its covariance)"
    }
  }
}
