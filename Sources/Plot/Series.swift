/// One data series on a panel. Coordinates are in the units of the panel's axis labels.
/// Make one with `.line`, `.points` or `.band`.
public struct Series: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    /// A polyline through (x, y).
    case line
    /// Markers at (x, y).
    case points
    /// Markers at (x, y) with vertical error bars of half-length `y_error`.
    case pointsWithErrorBars
    /// A shaded region between `lower` and `upper`.
    case band
    /// Small markers at (x, y): model values at each datum, drawn under the data they match.
    case dots
  }

  public let kind: Kind
  public let label: String
  /// Column names as written in the data file header, e.g. `["x", "y", "y_error"]`.
  public let columnNames: [String]
  /// One array per column, all of the same length.
  public let columns: [[Double]]
  /// A fixed colour (`#rrggbb`) instead of the next one of the palette: data in a neutral grey
  /// stays the same colour whichever models are drawn with it.
  public private(set) var colour: String?
  /// Drawn dashed (a line or contour beside a solid one of the same kind).
  public private(set) var isDashed = false

  private init(kind: Kind, label: String, _ named: KeyValuePairs<String, [Double]>) {
    let xCount = named.first!.value.count
    for (name, values) in named where values.count != xCount {
      preconditionFailure("Series.\(kind): x has \(xCount) values but \(name) has \(values.count)")
    }
    self.kind = kind
    self.label = label
    self.columnNames = named.map(\.key)
    self.columns = named.map(\.value)
  }

  /// A polyline through (x, y).
  public static func line(x: [Double], y: [Double], label: String = "") -> Series {
    Series(kind: .line, label: label, ["x": x, "y": y])
  }

  /// Markers at (x, y), optionally with vertical error bars of half-length `yError`.
  public static func points(x: [Double], y: [Double], yError: [Double]? = nil, label: String = "")
    -> Series
  {
    guard let yError else { return Series(kind: .points, label: label, ["x": x, "y": y]) }
    return Series(kind: .pointsWithErrorBars, label: label, ["x": x, "y": y, "y_error": yError])
  }

  /// Small markers at (x, y), for model values at scattered inputs (a line through them would
  /// zigzag); add them before the data so the data stays on top.
  public static func dots(x: [Double], y: [Double], label: String = "") -> Series {
    Series(kind: .dots, label: label, ["x": x, "y": y])
  }

  /// The same series drawn in `colour`: `#rrggbb`, or `#aarrggbb` with gnuplot's transparency
  /// `aa` (00 opaque, ff invisible), so that dense data lets the model under it show through.
  public func coloured(_ colour: String) -> Series {
    precondition(
      (colour.count == 7 || colour.count == 9) && colour.hasPrefix("#") && colour.dropFirst().allSatisfy(\.isHexDigit),
      "Series.coloured: expected #rrggbb or #aarrggbb, got \(colour)")
    var copy = self
    copy.colour = colour
    return copy
  }

  /// The same line drawn dashed.
  public func dashed() -> Series {
    var copy = self
    copy.isDashed = true
    return copy
  }

  /// A shaded band between `lower` and `upper`.
  public static func band(x: [Double], lower: [Double], upper: [Double], label: String = "")
    -> Series
  {
    Series(kind: .band, label: label, ["x": x, "lower": lower, "upper": upper])
  }

  /// A band at mean ± std, the usual way to show an ensemble's spread.
  public static func band(x: [Double], mean: [Double], std: [Double], label: String = "")
    -> Series
  {
    precondition(
      mean.count == std.count, "Series.band: mean has \(mean.count) values but std has \(std.count)")
    return band(
      x: x, lower: zip(mean, std).map { $0 - $1 }, upper: zip(mean, std).map { $0 + $1 },
      label: label)
  }

  var count: Int { columns[0].count }

  /// Every y-direction value the series spans (error bars included), for axis ranges.
  var yValues: [Double] {
    if kind == .pointsWithErrorBars {
      return zip(columns[1], columns[2]).flatMap { [$0 - $1, $0 + $1] }
    }
    return columns.dropFirst().flatMap { $0 }
  }

  var kindName: String {
    switch kind {
    case .line: return "line"
    case .points: return "points"
    case .dots: return "dots"
    case .pointsWithErrorBars: return "points with y error bars"
    case .band: return "band"
    }
  }
}
