import Foundation

/// What a panel's script needs beyond the figure: ranges fitted to the data, tick steps that fit
/// the panel's size, and the legend's corner. Computed here rather than left to gnuplot so that
/// the choices are in the script to read and in the tests to check.
struct PanelLayout: Equatable {
  var xRange: ClosedRange<Double>?
  var yRange: ClosedRange<Double>?
  var xTicks: AxisLayout.Ticks?
  var yTicks: AxisLayout.Ticks?
  /// gnuplot's `set key` position, e.g. `top right`.
  var legend: String

  /// The layout of `figure` drawn in a plotting area of `plotWidth` × `plotHeight` pixels.
  init(_ figure: Figure, plotWidth: Double, plotHeight: Double, fontSize: Double) {
    xRange =
      figure.xRange
      ?? figure.extent(ofY: false, positiveOnly: figure.xLog).map {
        // Lines and bands end where the data ends (epochs 0…2000); markers get room at the edges.
        let markersOnly = figure.series.contains { $0.kind != .line && $0.kind != .band }
        return AxisLayout.fitted($0, log: figure.xLog, padding: markersOnly ? 0.03 : 0)
      }
    yRange =
      figure.yRange
      ?? figure.extent(ofY: true, positiveOnly: figure.yLog).map {
        AxisLayout.fitted($0, log: figure.yLog, padding: 0.05)
      }
    // Equal aspect: the shorter data span is widened about its centre to the panel's shape (a
    // month of an orbit would otherwise be a strip one tick high); where ranges were given,
    // gnuplot shrinks one axis instead so that a unit is as long on both.
    var width = plotWidth
    var height = plotHeight
    if figure.equalAspect, let x = xRange, let y = yRange, !figure.xLog, !figure.yLog {
      let (spanX, spanY) = (x.upperBound - x.lowerBound, y.upperBound - y.lowerBound)
      let panelRatio = plotHeight / plotWidth
      if figure.yRange == nil && spanY < spanX * panelRatio {
        let half = spanX * panelRatio / 2
        let centre = (y.lowerBound + y.upperBound) / 2
        yRange = (centre - half)...(centre + half)
      } else if figure.xRange == nil && spanY > spanX * panelRatio {
        let half = spanY / panelRatio / 2
        let centre = (x.lowerBound + x.upperBound) / 2
        xRange = (centre - half)...(centre + half)
      }
      if let x = xRange, let y = yRange {
        let ratio = (y.upperBound - y.lowerBound) / (x.upperBound - x.lowerBound)
        if ratio * width > height { width = height / ratio } else { height = width * ratio }
      }
    }
    xTicks =
      figure.xLog
      ? nil
      : xRange.flatMap {
        AxisLayout.ticks(for: $0, length: width, horizontal: true, fontSize: fontSize)
      }
    yTicks =
      figure.yLog
      ? nil
      : yRange.flatMap {
        AxisLayout.ticks(for: $0, length: height, horizontal: false, fontSize: fontSize)
      }
    if figure.legend == .automatic {
      legend =
        Self.emptiestCorner(
          figure, xRange: xRange, yRange: yRange, plotWidth: width,
          plotHeight: height, fontSize: fontSize
        ).rawValue
    } else {
      legend = figure.legend.rawValue
    }
  }

  /// The corner where the legend's box covers the fewest data points (lines sampled along their
  /// segments); ties go to top right, top left, bottom right, bottom left, in that order.
  static func emptiestCorner(
    _ figure: Figure, xRange: ClosedRange<Double>?, yRange: ClosedRange<Double>?,
    plotWidth: Double, plotHeight: Double, fontSize: Double
  ) -> Figure.LegendPosition {
    let corners: [Figure.LegendPosition] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
    let labelled = figure.series.filter { !$0.label.isEmpty && $0.count > 0 }
    guard let xRange, let yRange, !labelled.isEmpty else { return .topRight }
    let widest = labelled.map(\.label.count).max() ?? 0
    // Key box as gnuplot sizes it (measured on rendered keys: about 0.75 em a character, its
    // sample and margins 5 em more); rows 1.2 × spacing 1.2 lines high.
    let boxWidth = min(1, (Double(widest) * 0.75 + 5) * fontSize / max(plotWidth, 1))
    let boxHeight = min(1, (Double(labelled.count) * 1.45 + 0.8) * fontSize / max(plotHeight, 1))
    let toX = { (v: Double) in Self.fraction(v, xRange, log: figure.xLog) }
    let toY = { (v: Double) in Self.fraction(v, yRange, log: figure.yLog) }
    // Each series counts by the share of its samples a corner's box would cover, so a two-point
    // line weighs as much as a thousand markers; a marker line and its label count as one too.
    var covered = [Double](repeating: 0, count: corners.count)
    func cover(_ samples: [(Double, Double)], share: Double = 1) {
      guard !samples.isEmpty else { return }
      let weight = share / Double(samples.count)
      for (u, v) in samples where (0...1).contains(u) && (0...1).contains(v) {
        let right = u >= 1 - boxWidth
        let left = u <= boxWidth
        let top = v >= 1 - boxHeight
        let bottom = v <= boxHeight
        if top && right { covered[0] += weight }
        if top && left { covered[1] += weight }
        if bottom && right { covered[2] += weight }
        if bottom && left { covered[3] += weight }
      }
    }
    for series in figure.series {
      let x = series.columns[0]
      let ys = series.kind == .pointsWithErrorBars ? [series.columns[1]] : Array(series.columns.dropFirst())
      for y in ys {
        var samples: [(Double, Double)] = []
        for i in x.indices {
          samples.append((toX(x[i]), toY(y[i])))
          // Between the vertices of a line or band edge, where a two-point line has none.
          if (series.kind == .line || series.kind == .band) && i + 1 < x.count {
            for step in 1..<16 {
              let t = Double(step) / 16
              samples.append((toX(x[i]) * (1 - t) + toX(x[i + 1]) * t, toY(y[i]) * (1 - t) + toY(y[i + 1]) * t))
            }
          }
        }
        cover(samples)
      }
    }
    for marker in figure.markers {
      let u = toX(marker.x)
      // The label runs up from the bottom: as tall as its text.
      let labelTop = 0.03 + Double(marker.label.count) * 0.64 * fontSize / max(plotHeight, 1)
      // A dashed guide line under the key matters less than data there.
      cover((0...20).map { (u, Double($0) / 20) }, share: 0.25)
      cover((0...20).map { (u + 1.2 * fontSize / max(plotWidth, 1), 0.03 + (labelTop - 0.03) * Double($0) / 20) })
    }
    let fewest = covered.min() ?? 0
    return corners[covered.firstIndex(of: fewest) ?? 0]
  }

  /// Where `value` sits along `range`, 0 at the lower end and 1 at the upper (NaN off a log axis).
  static func fraction(_ value: Double, _ range: ClosedRange<Double>, log: Bool) -> Double {
    if log {
      guard value > 0 else { return .nan }
      return Foundation.log(value / range.lowerBound) / Foundation.log(range.upperBound / range.lowerBound)
    }
    return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
  }
}
