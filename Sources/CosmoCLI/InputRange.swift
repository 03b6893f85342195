import Cosmology
import Foundation

/// The span of one network input over the rows a fit trained on, kept in its report.json so
/// that `cosmo predict` can say when it is asked to extrapolate: outside the data it saw, the
/// network's answer is a guess nothing constrains.
struct InputRange: Equatable {
  let name: String
  let min: Double
  let max: Double

  var json: [String: Any] { ["name": name, "min": min, "max": max] }

  /// Each input column's range, in the network's input order (the redshift first).
  static func ranges(of data: RegressionData) -> [InputRange] {
    data.inputs.compactMap { input in
      guard let low = input.values.min(), let high = input.values.max() else { return nil }
      return InputRange(name: input.name, min: low, max: high)
    }
  }

  /// The report's ranges, or none for a fit written before they were recorded.
  static func ranges(inReport report: [String: Any]) -> [InputRange] {
    (report["input_ranges"] as? [[String: Any]] ?? []).compactMap { entry in
      guard let name = entry["name"] as? String, let low = entry["min"] as? Double, let high = entry["max"] as? Double,
            low.isFinite, high.isFinite, low <= high else { return nil }
      return InputRange(name: name, min: low, max: high)
    }
  }

  /// One line per input with values outside its training range, naming the range; columns in
  /// the network's input order, `options` the option each came from (`--z`, `--x1`…).
  static func warnings(_ columns: [[Double]], names options: [String], report: [String: Any]) -> [String] {
    let ranges = ranges(inReport: report)
    guard ranges.count == columns.count else { return [] }
    return zip(zip(columns, options), ranges).compactMap { pair, range in
      let (values, option) = pair
      let outside = values.filter { $0 < range.min || $0 > range.max }
      guard !outside.isEmpty else { return nil }
      let shown = outside.prefix(3).map { String(format: "%.5g", $0) }.joined(separator: ", ") + (outside.count > 3 ? ", …" : "")
      return "\(option) \(shown) outside the fit's training range of \(range.name), "
        + String(format: "%.5g to %.5g", range.min, range.max) + ": the prediction extrapolates"
    }
  }
}
