import DurableFiles
import Foundation

/// Writes figures as `NAME.dat` (data) and `NAME.gp` (gnuplot script) into a directory and,
/// when gnuplot is available, renders `NAME.png` and the same figure as vector graphics,
/// `NAME.pdf` (an animation: `NAME.gif` only).
///
/// Every file is written to a temporary name in the same directory and renamed into place,
/// so a reader never sees a half-written file.
public struct PlotWriter: Sendable {
  /// The files written for one figure. `image` is nil when no gnuplot was available.
  public struct Output: Equatable, Sendable {
    public var dataFile: URL
    public var scriptFile: URL
    public var image: URL?
    /// `NAME.pdf`, for papers and slides; nil without gnuplot, for animations, or when
    /// `vectorOutput` is off.
    public var vectorImage: URL?
  }

  public let directory: URL
  /// The gnuplot executable used to render images; nil writes only data and scripts.
  public let gnuplot: URL?
  public var width = 1000
  public var height = 700
  /// Also render `NAME.pdf` (gnuplot's pdfcairo terminal) beside each PNG.
  public var vectorOutput = true

  public init(directory: URL, gnuplot: URL? = PlotWriter.gnuplotOnPath()) {
    self.directory = directory
    self.gnuplot = gnuplot
  }

  /// The first executable `gnuplot` in `$PATH`, if any.
  public static func gnuplotOnPath() -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("gnuplot")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  /// Writes one panel.
  @discardableResult
  public func write(_ figure: Figure, name: String) throws -> Output {
    try write(pages: [[figure]], title: figure.title, heights: nil, name: name, animated: nil)
  }

  /// Writes stacked panels (e.g. data above residuals) as one image.
  @discardableResult
  public func write(_ panels: Panels, name: String) throws -> Output {
    try write(
      pages: [panels.panels], title: panels.title, heights: panels.heights, name: name,
      animated: nil)
  }

  /// Writes an animated GIF with one frame per figure (e.g. one per epoch).
  ///
  /// Axis ranges a frame leaves unset are fixed to the union over all frames, so the axes do
  /// not jump between frames. `frameDelay` is in hundredths of a second.
  @discardableResult
  public func writeAnimation(_ frames: [Figure], name: String, frameDelay: Int = 20) throws
    -> Output
  {
    precondition(!frames.isEmpty, "PlotWriter.writeAnimation: needs at least one frame")
    let fixed = frames.map { frame -> Figure in
      var frame = frame
      if frame.xRange == nil { frame.xRange = union(frames, ofY: false, log: frame.xLog) }
      if frame.yRange == nil { frame.yRange = union(frames, ofY: true, log: frame.yLog) }
      return frame
    }
    return try write(
      pages: fixed.map { [$0] }, title: "", heights: nil, name: name, animated: frameDelay)
  }

  // MARK: - Implementation

  private func write(
    pages: [[Figure]], title: String, heights: [Double]?, name: String, animated: Int?
  ) throws -> Output {
    guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
      throw PlotError.writeFailed(
        path: directory.appendingPathComponent(name).path,
        reason: "figure name must be a plain file name (no '/', not starting with '.')")
    }
    let imageName = name + (animated == nil ? ".png" : ".gif")
    var data = DataFile(name: name, description: title.isEmpty ? pages[0][0].title : title)
    let output: GnuplotScript.Output =
      animated.map { .animatedGIF(width: width, height: height, delayCentiseconds: $0) }
      ?? .png(width: width, height: height)
    var script = GnuplotScript(
      name: name, imageFileName: imageName, dataFileName: name + ".dat", output: output)
    for page in pages {
      let stacked = page.count > 1
      if stacked { script.beginMultiplot(title: title) }
      let placements = stacked ? Self.placements(page, heights: heights) : []
      for (number, panel) in page.enumerated() {
        let blocks = panel.series.map {
          data.append(.init(panelTitle: panel.title, xLabel: panel.xLabel, yLabel: panel.yLabel, series: $0))
        }
        let placement = stacked ? placements[number] : nil
        script.panel(panel, layout: layout(panel, placement: placement), blocks: blocks, placement: placement)
      }
      if stacked { script.endMultiplot() }
    }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let dataURL = directory.appendingPathComponent(name + ".dat")
    let scriptURL = directory.appendingPathComponent(name + ".gp")
    try DurableFile.write(Data(data.text.utf8), to: dataURL)
    try DurableFile.write(Data(script.text.utf8), to: scriptURL)
    var result = Output(dataFile: dataURL, scriptFile: scriptURL, image: nil)
    if let gnuplot {
      let imageURL = directory.appendingPathComponent(imageName)
      let runner = GnuplotRunner(executable: gnuplot)
      try runner.render(script: scriptURL, into: imageURL)
      result.image = imageURL
      if animated == nil && vectorOutput {
        let vectorURL = directory.appendingPathComponent(name + ".pdf")
        try runner.render(script: scriptURL, into: vectorURL, format: "pdf")
        result.vectorImage = vectorURL
      }
    }
    return result
  }

  /// A panel's ranges, ticks and legend for its share of the page. The plotting area is the
  /// panel less its margins: about 10 characters of y labels on the left, 4 on the right, the
  /// title above and the x labels below.
  func layout(_ panel: Figure, placement: GnuplotScript.Placement?) -> PanelLayout {
    let font = Double(GnuplotScript.fontSize)
    let panelHeight = Double(height) * (placement?.height ?? 1)
    let above = panel.title.isEmpty ? (placement?.isBelowAnother == true ? 0.5 : 1.5) : 2.5
    let below = placement?.sharesXWithPanelBelow == true ? 0.5 : 3.5
    return PanelLayout(
      panel, plotWidth: Double(width) - 16 * 0.64 * font,
      plotHeight: max(panelHeight - (above + below) * 1.3 * font, font),
      fontSize: font)
  }

  /// Screen fractions for panels stacked top to bottom; the first panel is on top.
  private static func placements(_ panels: [Figure], heights: [Double]?) -> [GnuplotScript.Placement] {
    let weights = heights ?? Array(repeating: 1, count: panels.count)
    let total = weights.reduce(0, +)
    let usable = 0.95  // leave room for the page title
    var top = usable
    return weights.indices.map { number in
      let height = usable * weights[number] / total
      top -= height
      let below = number + 1 < panels.count ? panels[number + 1] : nil
      return GnuplotScript.Placement(
        bottom: max(0, top), height: height,
        sharesXWithPanelBelow: below.map {
          $0.xLabel == panels[number].xLabel && $0.xLog == panels[number].xLog
        } ?? false,
        isBelowAnother: number > 0)
    }
  }

  private func union(_ frames: [Figure], ofY: Bool, log: Bool) -> ClosedRange<Double>? {
    let extents = frames.compactMap { $0.extent(ofY: ofY, positiveOnly: log) }
    guard let low = extents.map(\.lowerBound).min(), let high = extents.map(\.upperBound).max()
    else { return nil }
    if low == high { return (low - 1)...(high + 1) }
    if log { return low...high }
    let pad = 0.05 * (high - low)  // gnuplot's autoscale would hug the data; leave a margin
    return (low - pad)...(high + pad)
  }
}
