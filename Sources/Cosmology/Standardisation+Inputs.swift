import Foundation
import TensorCore

extension SupernovaRegression.Standardisation {
  /// The network's inputs [rows, d] from raw ones (row-major, the redshift first): each column
  /// less its training rows' mean, over their scale.
  public func standardise(_ raw: [Double], rows: Int, on backend: Backend = CPUBackend.shared) -> Tensor {
    let d = inputMean.count
    return Tensor(
      shape: [rows, d], scalars: raw.enumerated().map { i, v in (v - inputMean[i % d]) / inputScale[i % d] },
      on: backend)
  }

  /// The inputs at new points, as training gave them to the network: log10 of each redshift, then
  /// the extra inputs in the fit's order (`columns[j][r]`: input j + 1 at point r).
  public func inputs(redshifts: [Double], extra columns: [[Double]], on backend: Backend = CPUBackend.shared) -> Tensor
  {
    let raw = redshifts.indices.flatMap { r in [Foundation.log10(redshifts[r])] + columns.map { $0[r] } }
    return standardise(raw, rows: redshifts.count, on: backend)
  }
}
