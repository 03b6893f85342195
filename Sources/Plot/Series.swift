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
  }

  public let kind: Kind
  public let label: String
  /// Column names as written in the data file header, e.g. `["x", "y", "y_error"]`.
  public let columnNames: [String]
  /// One array per column, all of the same length.
  public let columns: [[Double]]

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
    case .pointsWithErrorBars: return "points with y error bars"
    case .band: return "band"
    }
  }
}
