/// One panel: axes, series and annotations. Write it with `PlotWriter`.
///
/// Axis labels should carry units, e.g. `"distance modulus μ (mag)"`. Labels are drawn
/// literally (gnuplot enhanced-text markup is off for them), so `val_loss` stays `val_loss`.
public struct Figure: Equatable, Sendable {
  public enum LegendPosition: String, Sendable {
    case topLeft = "top left"
    case topRight = "top right"
    case bottomLeft = "bottom left"
    case bottomRight = "bottom right"
    case outside = "outside right top"
    /// Under the plot, entries side by side: for a panel with no empty corner.
    case below = "below center horizontal maxrows 3"
    /// The inside corner where the legend covers the fewest data points.
    case automatic
  }

  /// A dashed vertical line at `x` with a text label near the top of the panel.
  public struct VerticalMarker: Equatable, Sendable {
    public var x: Double
    public var label: String
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xLog: Bool
  public var yLog: Bool
  /// Fixed axis ranges; `nil` fits them to the data (markers get a small margin; a log axis is
  /// not rounded out to whole decades). Animations fix them across frames.
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  public var legend: LegendPosition
  /// Draw one unit of x as long as one unit of y (orbits stay round).
  public var equalAspect = false
  public private(set) var series: [Series] = []
  public private(set) var markers: [VerticalMarker] = []

  public init(
    title: String = "", xLabel: String = "", yLabel: String = "", xLog: Bool = false,
    yLog: Bool = false, xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
    legend: LegendPosition = .automatic
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xLog = xLog
    self.yLog = yLog
    self.xRange = xRange
    self.yRange = yRange
    self.legend = legend
  }

  /// Adds a series; series are drawn in the order added (add bands first so lines sit on top).
  public mutating func add(_ series: Series) {
    self.series.append(series)
  }

  /// Adds a dashed vertical line at `x` labelled `label` (e.g. the overfitting onset).
  public mutating func addVerticalMarker(x: Double, label: String) {
    markers.append(VerticalMarker(x: x, label: label))
  }

  /// Smallest and largest finite values of a coordinate over all series (positive only
  /// when `positiveOnly`, as a log axis needs).
  func extent(ofY: Bool, positiveOnly: Bool) -> ClosedRange<Double>? {
    let values = series.flatMap { ofY ? $0.yValues : $0.columns[0] }
    let usable = values.filter { $0.isFinite && (!positiveOnly || $0 > 0) }
    guard let low = usable.min(), let high = usable.max() else { return nil }
    return low...high
  }
}

/// Several panels stacked vertically and sharing one image, e.g. data above residuals.
public struct Panels: Equatable, Sendable {
  public var title: String
  public var panels: [Figure]
  /// Relative height of each panel; equal when `nil`.
  public var heights: [Double]?

  public init(title: String = "", _ panels: [Figure], heights: [Double]? = nil) {
    precondition(!panels.isEmpty, "Panels: needs at least one panel")
    if let heights {
      precondition(
        heights.count == panels.count && heights.allSatisfy { $0 > 0 },
        "Panels: \(heights.count) heights for \(panels.count) panels (all must be > 0)")
    }
    self.title = title
    self.panels = panels
    self.heights = heights
  }
}
