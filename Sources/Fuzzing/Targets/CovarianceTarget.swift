import Cosmology
import Foundation

/// A covariance file read as a fit reads it: parsed, then checked for conditioning.
struct CovarianceTarget: FuzzTarget {
  let name = "covmat"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]

  /// Seeds: Union3's 22×22 magnitude covariance, and its leading 4×4 block in Pantheon+'s
  /// one-value-per-line layout.
  init(corpus: FuzzCorpus) throws {
    let full = try read(corpus.union3.appendingPathComponent("mag_covmat.txt"))
    let values = String(decoding: full, as: UTF8.self).split(whereSeparator: \.isWhitespace).dropFirst()
    let block = (0..<4).flatMap { i in (0..<4).map { j in values[values.startIndex + i * 22 + j] } }
    slots = [([full, Array(("4\n" + block.joined(separator: "\n") + "\n").utf8)], .text)]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    let url = scratch.appendingPathComponent("mag_covmat.txt")
    try put(input.bytes, url)
    let matrix: CovarianceMatrix
    do { matrix = try CovarianceMatrix(contentsOf: url) } catch { return .rejected }
    let n = matrix.order
    try require(n >= 1 && matrix.denseValues.count == n * n, "order \(n) with \(matrix.denseValues.count) values")
    try requireFinite(matrix.denseValues, "covariance")
    for i in 0..<n {
      try require(matrix.denseValues[i * n + i] >= 0, "variance \(i) negative")
      for j in 0..<i {
        try require(matrix.denseValues[i * n + j] == matrix.denseValues[j * n + i], "not symmetric at \(i),\(j)")
      }
    }
    do { try matrix.checkConditioning() } catch { return .rejected }
    try requireWellConditioned(matrix.denseValues, order: n)
    return .accepted
  }
}
