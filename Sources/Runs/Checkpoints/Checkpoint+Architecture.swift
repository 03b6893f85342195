import Foundation
import NN
import TensorCore

/// Checks a checkpoint against the architecture its metadata (or its run's config) claims,
/// before the model is built: a claim is believed only as far as the file's own tensors back it.
/// A forged `members = 9223372036854775807` or a `hidden` of a billion units is refused here,
/// instead of being allocated (or overflowing) while the model is built.
extension Checkpoint {
  /// Largest width and member count a claim may name; real runs use tens.
  public static let maximumWidth = 1 << 20
  public static let maximumMembers = 1 << 16
  public static let maximumLayers = 64

  /// Weights and biases of `members` MLPs with these widths, or nil when a count is out of range
  /// or the total overflows.
  public static func mlpParameterCount(widths: [Int], members: Int = 1) -> Int? {
    guard (2...maximumLayers).contains(widths.count), widths.allSatisfy({ (1...maximumWidth).contains($0) }),
      (1...maximumMembers).contains(members)
    else { return nil }
    var total = 0
    for (fanIn, fanOut) in zip(widths, widths.dropFirst()) {
      let (weights, o1) = fanIn.multipliedReportingOverflow(by: fanOut)
      let (layer, o2) = weights.addingReportingOverflow(fanOut)
      let (sum, o3) = total.addingReportingOverflow(layer)
      if o1 || o2 || o3 { return nil }
      total = sum
    }
    let (all, overflow) = total.multipliedReportingOverflow(by: members)
    return overflow ? nil : all
  }

  /// Elements in the stored parameters and buffers (not the optimizer's state).
  public var storedParameterCount: Int {
    parameters.values.reduce(0) { $0 + $1.count } + buffers.values.reduce(0) { $0 + $1.count }
  }

  /// Throws unless the claimed architecture, `parameterCount` parameters (nil: out of range),
  /// is exactly what the file stores. `claim` describes it for the error.
  public func requireParameterCount(_ parameterCount: Int?, claim: String, file: URL) throws {
    guard let parameterCount else {
      throw RunsError.readFailed(
        path: file.path,
        reason: "the checkpoint claims \(claim), outside what any network here can be "
          + "(1…\(Self.maximumLayers) layers of 1…\(Self.maximumWidth) units, 1…\(Self.maximumMembers) members)")
    }
    guard parameterCount == storedParameterCount else {
      throw RunsError.readFailed(
        path: file.path,
        reason: "the checkpoint claims \(claim), \(parameterCount) parameters, "
          + "but stores \(storedParameterCount)")
    }
  }

  /// Throws naming the first parameter holding NaN or ±∞: weights are never either.
  public func requireFiniteParameters(file: URL) throws {
    for (name, tensor) in parameters.merging(buffers, uniquingKeysWith: { a, _ in a }).sorted(by: { $0.key < $1.key }) {
      let values = tensor.dtype == .float64 ? tensor.scalars : tensor.floats.map(Double.init)
      if let bad = values.firstIndex(where: { !$0.isFinite }) {
        throw RunsError.readFailed(
          path: file.path, reason: "tensor '\(name)' element \(bad) is \(values[bad]); weights must be finite")
      }
    }
  }
}
