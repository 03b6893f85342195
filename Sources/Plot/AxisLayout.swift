import Foundation

/// Axis ranges and tick steps chosen from the data and the room on the page, so that a figure
/// never relies on gnuplot's autoscale (which rounds a log axis out to whole decades: 10⁻³–10¹
/// for redshifts 0.009–2.3) nor on its default tick step (which prints overlapping labels such as
/// 1.4435 1.444 1.4445 … on a one-month orbit).
public enum AxisLayout {
  /// The data's extent widened by `padding` of its span on each side (in decades on a log axis,
  /// where the extent must be positive); a single value gets ±1 (÷ and × 2 on a log axis).
  public static func fitted(_ extent: ClosedRange<Double>, log: Bool, padding: Double) -> ClosedRange<Double> {
    if log {
      let low = Foundation.log10(extent.lowerBound)
      let high = Foundation.log10(extent.upperBound)
      if high - low < 1e-12 { return (extent.lowerBound / 2)...(extent.upperBound * 2) }
      let pad = padding * (high - low)
      return Foundation.pow(10, low - pad)...Foundation.pow(10, high + pad)
    }
    let span = extent.upperBound - extent.lowerBound
    if span <= 1e-12 * max(1, abs(extent.lowerBound)) { return (extent.lowerBound - 1)...(extent.upperBound + 1) }
    return (extent.lowerBound - padding * span)...(extent.upperBound + padding * span)
  }

  /// Linear-axis ticks: a step of 1, 2 or 5 × 10ᵏ and the decimals its labels need.
  public struct Ticks: Equatable, Sendable {
    public var step: Double
    public var decimals: Int
    /// The printf format of the labels, e.g. `%.2f`.
    public var format: String { "%.\(decimals)f" }
  }

  /// The smallest 1-2-5 step whose labels fit along an axis `length` pixels long: each label
  /// needs its own width plus a gap on an x axis (`horizontal`), or three text heights on a y axis.
  /// `nil` when the range is not finite and positive in span, or needs more than 6 decimals or
  /// labels beyond 10⁶ (gnuplot's own `% h` labels read better there).
  public static func ticks(
    for range: ClosedRange<Double>, length: Double, horizontal: Bool,
    fontSize: Double
  ) -> Ticks? {
    let span = range.upperBound - range.lowerBound
    guard span.isFinite, span > 0, length > 0, max(abs(range.lowerBound), abs(range.upperBound)) < 1e6
    else { return nil }
    var exponent = Int(Foundation.floor(Foundation.log10(span))) - 3
    while exponent <= Int(Foundation.floor(Foundation.log10(span))) + 1 {
      for mantissa in [1.0, 2.0, 5.0] {
        let step = mantissa * Foundation.pow(10, Double(exponent))
        let decimals = max(0, -exponent)
        guard decimals <= 6 else { continue }
        // The labelled multiples of the step that fall inside the range.
        let count =
          Foundation.floor(range.upperBound / step + 1e-9) - Foundation.ceil(range.lowerBound / step - 1e-9) + 1
        let labelWidth: Double
        if horizontal {
          // A digit, sign or point in DejaVu Sans is about 0.64 em wide; a gap of 1.5 em between labels.
          let widest =
            [range.lowerBound, range.upperBound].map { String(format: "%.\(decimals)f", $0).count }.max() ?? 1
          labelWidth = (Double(widest) * 0.64 + 1.5) * fontSize
        } else {
          labelWidth = 3 * fontSize
        }
        if count * labelWidth <= length { return Ticks(step: step, decimals: decimals) }
      }
      exponent += 1
    }
    return nil
  }

  /// Log-axis ticks for a range under two decades, where gnuplot would label one power of ten
  /// or none: 1, 2 and 5 × 10ᵏ inside the range (at least two of them). `nil` for a wider range,
  /// whose decades gnuplot labels well.
  public static func logTicks(for range: ClosedRange<Double>) -> [Double]? {
    guard range.lowerBound > 0, range.upperBound.isFinite, range.upperBound / range.lowerBound < 100 else { return nil }
    let first = Int(Foundation.floor(Foundation.log10(range.lowerBound)))
    var ticks: [Double] = []
    for exponent in first...(first + 2) {
      for mantissa in [1.0, 2.0, 5.0] {
        let value = mantissa * Foundation.pow(10, Double(exponent))
        if range.contains(value) { ticks.append(value) }
      }
    }
    if ticks.count >= 2 { return ticks }
    // Under a factor of 2.5: 1…9 × 10ᵏ.
    ticks = (first...(first + 1)).flatMap { exponent in
      (1...9).map { Double($0) * Foundation.pow(10, Double(exponent)) }
    }.filter { range.contains($0) }
    return ticks.count >= 2 ? ticks : nil
  }

  /// Log-axis labels: plain numbers (0.01, 0.1, 1) when every decade on the axis prints in at
  /// most five characters, powers of ten otherwise.
  public static func logFormat(for range: ClosedRange<Double>) -> String {
    range.lowerBound >= 1e-3 && range.upperBound <= 1e4 ? "%g" : "10^{%L}"
  }
}
