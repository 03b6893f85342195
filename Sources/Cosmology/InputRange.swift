import Foundation

/// The span of one network input over the rows a fit trained on, kept in its report.json so
/// that `cosmo predict` can say when it is asked to extrapolate: outside the data it saw, the
/// network's answer is a guess nothing constrains.
public struct InputRange: Codable, Equatable, Sendable {
  public let name: String
  public let min: Double
  public let max: Double

  public init(name: String, min: Double, max: Double) {
    (self.name, self.min, self.max) = (name, min, max)
  }

  /// Each input column's range, in the network's input order (the redshift first).
  public static func ranges(of data: RegressionData) -> [InputRange] {
    data.inputs.compactMap { input in
      guard let low = input.values.min(), let high = input.values.max() else { return nil }
      return InputRange(name: input.name, min: low, max: high)
    }
  }

  /// One line per input with values outside its training range, naming the range; columns in
  /// the network's input order, `options` the option each came from (`--z`, `--x1`…). Ranges
  /// that are not finite and ordered (a tampered report) are not guessed at.
  public static func warnings(_ columns: [[Double]], names options: [String], ranges: [InputRange]) -> [String] {
    guard ranges.count == columns.count, ranges.allSatisfy({ $0.min.isFinite && $0.max.isFinite && $0.min <= $0.max })
    else {
      return []
    }
    return zip(zip(columns, options), ranges).compactMap { pair, range in
      let (values, option) = pair
      let outside = values.filter { $0 < range.min || $0 > range.max }
      guard !outside.isEmpty else { return nil }
      let shown =
        outside.prefix(3).map { String(format: "%.5g", $0) }.joined(separator: ", ") + (outside.count > 3 ? ", …" : "")
      return "\(option) \(shown) outside the fit's training range of \(range.name), "
        + String(format: "%.5g to %.5g", range.min, range.max) + ": the prediction extrapolates"
    }
  }
}
