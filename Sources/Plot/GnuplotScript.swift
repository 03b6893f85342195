import Foundation

/// Builds the `.gp` script that draws a figure from its data file.
///
/// The script is standalone: `gnuplot NAME.gp` in the output directory redraws the image.
/// `PlotWriter` passes `-e "outfile='…'"` to render into a temporary file first.
struct GnuplotScript {
  enum Output {
    case png(width: Int, height: Int)
    case animatedGIF(width: Int, height: Int, delayCentiseconds: Int)
  }

  /// Tableau-10, then black and a navy: twelve distinct colours, enough for the eleven bodies of
  /// an ephemeris before the cycle repeats.
  static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#000000", "#000080",
  ]
  static let fontSize = 14

  private(set) var text = ""
  private let dataFileName: String

  init(name: String, imageFileName: String, dataFileName: String, output: Output) {
    self.dataFileName = dataFileName
    text += "# Gravitas figure '\(name)': run `gnuplot \(name).gp` in this directory to redraw\n"
    text += "# \(imageFileName) from \(dataFileName).\n"
    text += "if (!exists(\"outfile\")) outfile = \(quote(imageFileName))\n"
    text += "set encoding utf8\n"
    let font = "font 'DejaVu Sans,\(Self.fontSize)'"
    switch output {
    case .png(let width, let height):
      // `gnuplot -e "format='pdf'; outfile='NAME.pdf'" NAME.gp` draws the same figure as vector
      // graphics: the page is the PNG's size at 72 points per inch, so text, lines and markers
      // keep their proportions.
      text += "if (!exists(\"format\")) format = 'png'\n"
      text += "if (format eq 'pdf') {\n"
      text += "  set terminal pdfcairo size \(inches(width)),\(inches(height)) enhanced \(font) linewidth 1.2\n"
      text += "} else {\n"
      text += "  set terminal pngcairo size \(width),\(height) enhanced \(font) linewidth 1.2\n"
      text += "}\n"
    case .animatedGIF(let width, let height, let delay):
      text += "set terminal gif animate delay \(delay) loop 0 size \(width),\(height) enhanced \(font)\n"
    }
    text += "set output outfile\n"
    text += "set grid lc rgb '#d0d0d0'\n"
    text += "set border lw 1.2\n"
  }

  /// Starts a stacked multi-panel page; each `panel` call then needs its `placement`.
  mutating func beginMultiplot(title: String) {
    text +=
      "set multiplot" + (title.isEmpty ? "" : " title \(quote(title)) font ',\(Self.fontSize + 2)' noenhanced") + "\n"
  }

  mutating func endMultiplot() {
    text += "unset multiplot\n"
  }

  /// Where a stacked panel sits on the page, in screen fractions.
  struct Placement {
    var bottom: Double
    var height: Double
    /// The panel below has the same x axis, so this one omits its x label and tick labels.
    var sharesXWithPanelBelow: Bool
    /// A panel under another: no gap above it unless it has a title.
    var isBelowAnother: Bool
  }

  /// Draws one panel. `blocks[i]` is the data-file index of `figure.series[i]` (nil when empty).
  mutating func panel(_ figure: Figure, layout: PanelLayout, blocks: [Int?], placement: Placement? = nil) {
    var hideXLabels = false
    if let placement {
      text += "set origin 0,\(fraction(placement.bottom))\nset size 1,\(fraction(placement.height))\n"
      // Fixed side margins keep the x axes of stacked panels aligned.
      text += "set lmargin 12\nset rmargin 4\n"
      hideXLabels = placement.sharesXWithPanelBelow
      text += hideXLabels ? "set bmargin 0.5\n" : "set bmargin -1\n"
      text += placement.isBelowAnother && figure.title.isEmpty ? "set tmargin 0.5\n" : "set tmargin -1\n"
    }
    text += "set title \(quote(figure.title)) noenhanced\n"
    text += "set xlabel \(quote(hideXLabels ? "" : figure.xLabel)) noenhanced\n"
    text += "set ylabel \(quote(figure.yLabel)) noenhanced\n"
    text += figure.xLog ? "set logscale x\n" : "unset logscale x\n"
    text += figure.yLog ? "set logscale y\n" : "unset logscale y\n"
    if figure.equalAspect { text += "set size ratio -1\n" }
    text += axis("x", log: figure.xLog, range: layout.xRange, ticks: layout.xTicks, hideLabels: hideXLabels)
    text += axis("y", log: figure.yLog, range: layout.yRange, ticks: layout.yTicks, hideLabels: false)
    // Inside the frame the key's opaque box hides what is under it; under the plot a box would
    // run into the x label, and dashed samples need the length to show their dashes.
    let keyStyle =
      layout.legend.hasPrefix("below") ? "nobox samplen 3 spacing 1.2 height 1" : "box opaque samplen 2 spacing 1.2"
    // Without a labelled series gnuplot would still draw the key's empty box.
    let labelled = figure.series.contains { !$0.label.isEmpty && $0.count > 0 }
    text += labelled ? "set key \(layout.legend) \(keyStyle)\n" : "unset key\n"
    text += "unset arrow\nunset label\n"
    for (number, marker) in figure.markers.enumerated() where marker.x.isFinite {
      let tag = number + 1
      text +=
        "set arrow \(tag) from first \(marker.x), graph 0 to first \(marker.x), graph 1"
        + " nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front\n"
      // Vertical text beside the line, from the bottom (clear of a top legend), on the side with
      // room: left of a line in the right quarter of the axis, so the text stays in the frame.
      // gnuplot centres rotated text on its anchor, so the offset is to the text's middle.
      let nearRightEdge =
        layout.xRange.map {
          PanelLayout.fraction(marker.x, $0, log: figure.xLog) > 0.75
        } ?? false
      text +=
        "set label \(tag) \(quote(marker.label)) at first \(marker.x), graph 0.03"
        + " rotate by 90 offset character \(nearRightEdge ? "-1.0" : "1.2"),0 left front noenhanced"
        + " textcolor rgb '#222222'\n"
    }
    // Error-bar caps on hundreds of points are a hedge of ticks; a few points keep them.
    let dense = figure.series.contains { $0.kind == .pointsWithErrorBars && $0.count > 300 }
    text += dense ? "set bars 0\n" : "set bars 1\n"
    var clauses: [String] = []
    var colour = 0
    var paletteUsed = false
    for (position, series) in figure.series.enumerated() {
      // A series added right after a band shares the band's colour (mean line over its spread);
      // a series with its own colour takes none from the palette.
      let followsBand = position > 0 && figure.series[position - 1].kind == .band
      if series.colour == nil && paletteUsed && !followsBand { colour += 1 }
      if series.colour == nil { paletteUsed = true }
      guard let index = blocks[position] else { continue }
      clauses.append(clause(series, index: index, colour: series.colour ?? Self.palette[colour % Self.palette.count]))
    }
    if clauses.isEmpty {
      // Nothing to draw still needs axes; plot an invisible function.
      text += "plot NaN notitle\n"
    } else {
      text += "plot " + clauses.joined(separator: ", \\\n     ") + "\n"
    }
  }

  /// Range, tick step and label format of one axis.
  private func axis(
    _ name: String, log: Bool, range: ClosedRange<Double>?, ticks: AxisLayout.Ticks?,
    hideLabels: Bool
  ) -> String {
    var lines = "set \(name)range \(self.range(range))\n"
    let logTicks = log ? range.flatMap(AxisLayout.logTicks) : nil
    if let ticks {
      lines += "set \(name)tics \(ticks.step)\n"
    } else if let logTicks {
      lines += "set \(name)tics (" + logTicks.map { "\($0)" }.joined(separator: ", ") + ")\n"
    } else {
      lines += "set \(name)tics autofreq\n"
    }
    let format: String
    if hideLabels {
      format = ""
    } else if let logTicks, let range {
      // 2 × 10ᵏ has no power-of-ten spelling; small or large values print as 2e-08.
      format = AxisLayout.logFormat(for: range) == "%g" || logTicks.isEmpty ? "%g" : "%.0e"
    } else if log {
      format = range.map(AxisLayout.logFormat) ?? "10^{%L}"
    } else {
      // '% h' writes 0.0000010 and 100000.0000000 where no step was chosen.
      format = ticks?.format ?? "% h"
    }
    return lines + "set format \(name) \(quote(format))\n"
  }

  private func clause(_ series: Series, index: Int, colour: String) -> String {
    let source = "\(quote(dataFileName)) index \(index)"
    let title = series.label.isEmpty ? "notitle" : "title \(quote(series.label)) noenhanced"
    let colourSpec = "linecolor rgb '\(colour)'"
    switch series.kind {
    case .line:
      return "\(source) using 1:2 with lines linewidth 2 \(series.isDashed ? "dashtype 2 " : "")\(colourSpec) \(title)"
    // Hundreds of markers at full size merge into one blot; smaller ones stay apart.
    case .pointsWithErrorBars:
      let size = series.count > 300 ? 0.5 : 0.9
      return "\(source) using 1:2:3 with yerrorbars pointtype 7 pointsize \(size) linewidth 0.8 \(colourSpec) \(title)"
    case .points:
      let size = series.count > 300 ? 0.6 : 1.3
      return "\(source) using 1:2 with points pointtype 7 pointsize \(size) \(colourSpec) \(title)"
    case .dots:
      return "\(source) using 1:2 with points pointtype 7 pointsize 0.35 \(colourSpec) \(title)"
    case .band:
      return "\(source) using 1:2:3 with filledcurves fillstyle transparent solid 0.25 noborder"
        + " \(colourSpec) \(title)"
    }
  }

  private func range(_ range: ClosedRange<Double>?) -> String {
    guard let range, range.lowerBound.isFinite, range.upperBound.isFinite else { return "[*:*]" }
    return "[\(range.lowerBound):\(range.upperBound)]"
  }
}

/// Pixels at 72 per inch, as pdfcairo takes its size.
private func inches(_ pixels: Int) -> String {
  String(format: "%.3fin", Double(pixels) / 72)
}

/// A screen fraction with four decimals: enough for pixels, readable in the script.
private func fraction(_ value: Double) -> String {
  String(format: "%.4f", max(0, value))
}

/// A gnuplot single-quoted string: only `'` needs escaping (as `''`).
func quote(_ text: String) -> String {
  "'" + oneLine(text).replacingOccurrences(of: "'", with: "''") + "'"
}
