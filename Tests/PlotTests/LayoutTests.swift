import Foundation
import XCTest

@testable import Plot

/// Ranges, ticks, legend corners and marker labels chosen from the data (issue 21: a log axis
/// spanning 10⁻³–10¹ for redshifts 0.009–2.3, overlapping ticks on a one-month orbit, a legend
/// over the data, a marker label outside the frame).
final class LayoutTests: XCTestCase {
  /// A log axis is fitted to the data in decades, not rounded out to whole ones.
  func testLogRangeHugsRedshifts() throws {
    var figure = Figure(xLabel: "redshift", yLabel: "m (mag)", xLog: true)
    figure.add(.points(x: [0.009, 0.1, 2.3], y: [14, 19, 26.5], yError: [0.2, 0.1, 0.3]))
    let script = try writeScript(figure)
    let range = try XCTUnwrap(axisRange("x", in: script))
    XCTAssertGreaterThan(range.lowerBound, 0.007)
    XCTAssertLessThan(range.lowerBound, 0.009)
    XCTAssertGreaterThan(range.upperBound, 2.3)
    XCTAssertLessThan(range.upperBound, 3)
    XCTAssertTrue(script.contains("set format x '%g'"), "redshifts read as 0.01, 0.1, 1")
    // y (linear, error bars included): 13.8 … 26.8 padded by 5 %.
    let y = try XCTUnwrap(axisRange("y", in: script))
    XCTAssertEqual(y.lowerBound, 13.8 - 0.05 * 13, accuracy: 1e-9)
    XCTAssertEqual(y.upperBound, 26.8 + 0.05 * 13, accuracy: 1e-9)
  }

  /// Lines end where their data ends: epochs 0…2000 give the x range 0…2000.
  func testLinesGetNoPadding() throws {
    var figure = Figure(xLabel: "epoch", yLabel: "loss", yLog: true)
    figure.add(.line(x: [0, 1000, 2000], y: [10, 1, 0.5], label: "training"))
    let x = try XCTUnwrap(axisRange("x", in: try writeScript(figure)))
    XCTAssertEqual(x, 0...2000)
  }

  /// A month of an orbit spans 0.004 AU: the step keeps labels apart and prints enough decimals.
  func testShortSpanGetsFewDistinctTicks() throws {
    let range = 1.4431...1.4472
    let ticks = try XCTUnwrap(AxisLayout.ticks(for: range, length: 400, horizontal: true, fontSize: 14))
    let labels = stride(
      from: (range.lowerBound / ticks.step).rounded(.up) * ticks.step, through: range.upperBound, by: ticks.step
    )
    .map { String(format: ticks.format, $0) }
    XCTAssertEqual(Set(labels).count, labels.count, "labels repeat: \(labels)")
    XCTAssertLessThanOrEqual(Double(labels.count) * (6 * 0.64 + 1.5) * 14, 400, "labels overlap: \(labels)")
    XCTAssertGreaterThanOrEqual(labels.count, 2)
    XCTAssertEqual(ticks, AxisLayout.Ticks(step: 0.001, decimals: 3))
    // A long axis may take a finer step; a short one never a finer step than a long one.
    let longer = try XCTUnwrap(AxisLayout.ticks(for: range, length: 1200, horizontal: true, fontSize: 14))
    XCTAssertLessThanOrEqual(longer.step, ticks.step)
    // A small y panel (residuals, −1.5…1.5 in 140 px) gets a step of 1, not 0.5.
    XCTAssertEqual(AxisLayout.ticks(for: -1.5...1.5, length: 140, horizontal: false, fontSize: 14)?.step, 1)
  }

  /// The orbit's script carries the chosen step and format on both axes.
  func testEqualAspectScriptUsesChosenTicks() throws {
    var figure = Figure(xLabel: "x (AU)", yLabel: "y (AU)")
    figure.equalAspect = true
    figure.add(.line(x: [1.4431, 1.4450, 1.4472], y: [-0.300, -0.290, -0.281], label: "Mars"))
    let script = try writeScript(figure)
    let step = try XCTUnwrap(script.components(separatedBy: "\n").first { $0.hasPrefix("set xtics ") })
    XCTAssertNotEqual(step, "set xtics autofreq")
    XCTAssertTrue(script.contains("set format x '%.3f'"), script)
    XCTAssertTrue(script.contains("set format y '%.3f'"), script)
    // The taller data span sets the shape; x is widened about its centre to fill the panel.
    let x = try XCTUnwrap(axisRange("x", in: script))
    let y = try XCTUnwrap(axisRange("y", in: script))
    XCTAssertEqual((x.lowerBound + x.upperBound) / 2, (1.4431 + 1.4472) / 2, accuracy: 1e-12)
    XCTAssertGreaterThan(x.upperBound - x.lowerBound, y.upperBound - y.lowerBound)
  }

  /// The legend goes to the corner the data leaves empty; an explicit corner is kept.
  func testLegendAvoidsTheData() throws {
    let x = (0..<100).map { Double($0) / 100 }
    var rising = Figure(xLabel: "x", yLabel: "y")
    rising.add(.points(x: x, y: x, label: "y = x"))
    let corner = PanelLayout(rising, plotWidth: 800, plotHeight: 500, fontSize: 14).legend
    XCTAssertTrue(corner == "top left" || corner == "bottom right", corner)
    var falling = Figure(xLabel: "x", yLabel: "y")
    falling.add(.line(x: [0, 1], y: [1, 0], label: "a two-point line"))
    XCTAssertEqual(PanelLayout(falling, plotWidth: 800, plotHeight: 500, fontSize: 14).legend, "top right")
    falling.legend = .bottomLeft
    XCTAssertEqual(PanelLayout(falling, plotWidth: 800, plotHeight: 500, fontSize: 14).legend, "bottom left")
  }

  /// A marker in the right quarter writes its label left of the line, inside the frame.
  func testMarkerLabelNearTheRightEdgeStaysInside() throws {
    var figure = Figure(xLabel: "epoch", yLabel: "loss")
    figure.add(.line(x: [0, 2000], y: [1, 0.5], label: "training"))
    figure.addVerticalMarker(x: 1992, label: "best epoch 1992")
    figure.addVerticalMarker(x: 300, label: "overfitting from 300")
    let script = try writeScript(figure)
    XCTAssertTrue(
      script.contains("set label 1 'best epoch 1992' at first 1992.0, graph 0.03 rotate by 90 offset character -1.0,0"),
      script)
    XCTAssertTrue(
      script.contains(
        "set label 2 'overfitting from 300' at first 300.0, graph 0.03 rotate by 90 offset character 1.2,0"), script)
  }

  /// A panel whose series are all unlabelled draws no key (an empty key is a stray box).
  func testNoLabelsNoKey() throws {
    var figure = Figure(xLabel: "z", yLabel: "residual (mag)")
    figure.add(.points(x: [0.1, 0.2], y: [0.1, -0.1]))
    let script = try writeScript(figure)
    XCTAssertTrue(script.contains("unset key\n"), script)
    XCTAssertFalse(script.contains("set key "), script)
  }

  /// Dots and fixed colours: model values under the data, the data in its own colour.
  func testDotsAndFixedColours() throws {
    var figure = Figure(xLabel: "z", yLabel: "m (mag)")
    figure.add(Series.dots(x: [0.1, 0.2], y: [1, 2], label: "model").coloured("#1f77b4"))
    figure.add(Series.points(x: [0.1, 0.2], y: [1.1, 2.1], yError: [0.1, 0.1], label: "data").coloured("#505050"))
    figure.add(.line(x: [0.1, 0.2], y: [1, 2], label: "palette"))
    let script = try writeScript(figure)
    XCTAssertTrue(
      script.contains("index 0 using 1:2 with points pointtype 7 pointsize 0.35 linecolor rgb '#1f77b4'"), script)
    XCTAssertTrue(
      script.contains(
        "index 1 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.9 linewidth 0.8 linecolor rgb '#505050'"), script)
    XCTAssertTrue(
      script.contains("index 2 using 1:2 with lines linewidth 2 linecolor rgb '#1f77b4'"), "the first palette colour")
  }

  /// Marching squares on r² = x² + y²: the level r² = 1 is one closed curve on the unit circle.
  func testContourOfACircle() {
    let axis = (0...40).map { -2 + Double($0) / 10 }
    let values: [Double] = axis.flatMap { y in axis.map { x in x * x + y * y } }
    let circle = ContourLines.at(level: 1, x: axis, y: axis, values: values)
    XCTAssertFalse(circle.x.contains { $0.isNaN })
    XCTAssertGreaterThan(circle.x.count, 30)
    for (x, y) in zip(circle.x, circle.y) { XCTAssertEqual((x * x + y * y).squareRoot(), 1, accuracy: 0.01) }
    XCTAssertEqual(circle.x.first!, circle.x.last!, accuracy: 1e-12)
    // Two separate bumps give two polylines, NaN between them; a level above all gives nothing.
    func bump(_ x: Double, _ y: Double) -> Double {
      let left: Double = (x + 1) * (x + 1) + y * y
      let right: Double = (x - 1) * (x - 1) + y * y
      return min(left, right)
    }
    let bumps = axis.flatMap { y in axis.map { x in bump(x, y) } }
    XCTAssertEqual(ContourLines.at(level: 0.25, x: axis, y: axis, values: bumps).x.filter { $0.isNaN }.count, 1)
    XCTAssertTrue(ContourLines.at(level: 100, x: axis, y: axis, values: values).x.isEmpty)
  }

  private func writeScript(_ figure: Figure) throws -> String {
    let directory = try makeOutputDirectory("layout")
    let output = try PlotWriter(directory: directory, gnuplot: nil).write(figure, name: "figure")
    return try String(contentsOf: output.scriptFile, encoding: .utf8)
  }

  /// `set Nrange [low:high]` read back from a script.
  private func axisRange(_ axis: String, in script: String) -> ClosedRange<Double>? {
    guard let line = script.components(separatedBy: "\n").first(where: { $0.hasPrefix("set \(axis)range [") }) else {
      return nil
    }
    let numbers = line.dropFirst("set \(axis)range [".count).dropLast().split(separator: ":").compactMap {
      Double(String($0))
    }
    return numbers.count == 2 ? numbers[0]...numbers[1] : nil
  }
}

extension LayoutTests {
  /// A parabola with its Δχ² = 1 interval marked: the labels of the markers sit at the bottom,
  /// so the key goes to a top corner, not over a label (cosmo lcdm's flat profile).
  func testLegendLeavesMarkerLabelsFree() {
    let x = (0...200).map { 0.274 + 0.1523 * Double($0) / 200 }
    var figure = Figure(xLabel: "Ωm", yLabel: "Δχ²", yRange: -0.5...10)
    figure.add(.line(x: x, y: x.map { pow(($0 - 0.35) / 0.0185, 2) }, label: "diagonal errors"))
    figure.add(.line(x: [x.first!, x.last!], y: [1, 1], label: "Δχ² = 1 (68.3 %, one parameter)"))
    figure.addVerticalMarker(x: 0.332, label: "Ωm = 0.332")
    figure.addVerticalMarker(x: 0.369, label: "Ωm = 0.369")
    let corner = PanelLayout(figure, plotWidth: 857, plotHeight: 520, fontSize: 14).legend
    XCTAssertTrue(corner.hasPrefix("top"), corner)
  }

  /// A log axis under two decades gets 1-2-5 ticks, not a single labelled power of ten (the
  /// network's acceleration error spanned 0.3…3 with one label, "1").
  func testNarrowLogAxisGetsSubDecadeTicks() throws {
    XCTAssertEqual(AxisLayout.logTicks(for: 0.3...3), [0.5, 1, 2])
    XCTAssertEqual(AxisLayout.logTicks(for: 1.5...3.5), [2, 3])
    XCTAssertNil(AxisLayout.logTicks(for: 1.1...1.9))
    XCTAssertNil(AxisLayout.logTicks(for: 0.01...10))
    var figure = Figure(xLabel: "year", yLabel: "|Δa| / |a|", yLog: true)
    figure.add(.line(x: [2022, 2030], y: [0.3, 3], label: "Sun"))
    let script = try writeScript(figure)
    XCTAssertTrue(script.contains("set ytics (0.5, 1.0, 2.0)"), script)
    XCTAssertTrue(script.contains("set format y '%g'"), script)
  }
}

extension LayoutTests {
  /// Two PDFs of one figure made at different times are the same bytes once the creation date
  /// cairo writes is fixed; the length, and so every xref offset, is kept.
  func testPDFCreationDateIsFixed() {
    let made = Data("%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20261203135636Z) >>\n".utf8)
    let fixed = fixingCreationDate(made)
    XCTAssertEqual(
      String(decoding: fixed, as: UTF8.self), "%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:19700101000000Z) >>\n")
    XCTAssertEqual(
      fixingCreationDate(Data("%PDF-1.5\n<< /CreationDate (D:20250101000000Z) >>\n".utf8)),
      Data("%PDF-1.5\n<< /CreationDate (D:19700101000000Z) >>\n".utf8))
    let undated = Data("%PDF-1.5 no date here".utf8)
    XCTAssertEqual(fixingCreationDate(undated), undated)
  }
}
