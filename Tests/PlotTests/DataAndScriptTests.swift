import Foundation
import Plot
import XCTest

final class DataAndScriptTests: XCTestCase {
  /// Written without gnuplot: the data must read back exactly and the script must name it.
  func testDataFileRoundTripsEverySeries() throws {
    let directory = try makeOutputDirectory("roundtrip")
    var figure = Figure(
      title: "Hubble diagram", xLabel: "redshift z", yLabel: "distance modulus μ (mag)", xLog: true)
    let redshift = [0.01, 0.1, 0.5, 1.2]
    let modulus = [33.1, 38.3, 42.2, 44.1]
    let error = [0.15, 0.12, 0.2, 0.31]
    figure.add(.band(x: redshift, mean: modulus, std: error, label: "ensemble ±1σ"))
    figure.add(.line(x: redshift, y: modulus, label: "ensemble mean"))
    figure.add(.points(x: redshift, y: modulus, yError: error, label: "Pantheon+ SNe"))
    figure.add(.points(x: [1e-5, 2.5e20], y: [.nan, -0.0], label: "edge values"))
    let output = try PlotWriter(directory: directory, gnuplot: nil).write(figure, name: "hubble")

    XCTAssertEqual(output.dataFile.lastPathComponent, "hubble.dat")
    XCTAssertEqual(output.scriptFile.lastPathComponent, "hubble.gp")
    XCTAssertNil(output.image)
    let blocks = try parseDataFile(output.dataFile)
    XCTAssertEqual(blocks.count, 4)
    XCTAssertEqual(blocks[0].rows.map { $0[0] }, redshift)
    XCTAssertEqual(blocks[0].rows.map { $0[1] }, zip(modulus, error).map { $0 - $1 })
    XCTAssertEqual(blocks[0].rows.map { $0[2] }, zip(modulus, error).map { $0 + $1 })
    XCTAssertEqual(blocks[1].rows, zip(redshift, modulus).map { [$0, $1] })
    XCTAssertEqual(blocks[2].rows.map { $0[2] }, error)
    XCTAssertEqual(blocks[3].rows[0][0], 1e-5)
    XCTAssertTrue(blocks[3].rows[0][1].isNaN)
    XCTAssertEqual(blocks[3].rows[1][0], 2.5e20)
    // Header: column names and the axis labels that carry the units.
    XCTAssertTrue(blocks[2].comments.contains("# x y y_error"), "\(blocks[2].comments)")
    XCTAssertTrue(blocks[0].comments.contains("# x lower upper"))
    XCTAssertTrue(
      blocks[2].comments.contains { $0.contains("x = redshift z") && $0.contains("distance modulus μ (mag)") })

    let script = try String(contentsOf: output.scriptFile, encoding: .utf8)
    XCTAssertTrue(script.contains("set logscale x\n"))
    XCTAssertTrue(script.contains("unset logscale y\n"))
    XCTAssertTrue(script.contains("set xlabel 'redshift z'"))
    XCTAssertTrue(script.contains("'hubble.dat' index 0 using 1:2:3 with filledcurves"))
    XCTAssertTrue(script.contains("'hubble.dat' index 2 using 1:2:3 with yerrorbars"))
    XCTAssertTrue(script.contains("title 'Pantheon+ SNe'"))
    XCTAssertTrue(script.contains("set terminal pngcairo size 1000,700"))
    XCTAssertTrue(script.contains("outfile = 'hubble.png'"))
    // No temporary files are left behind.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
    XCTAssertEqual(leftovers, [])
  }

  func testMarkersQuotesAndEmptySeries() throws {
    let directory = try makeOutputDirectory("markers")
    var figure = Figure(title: "it's a loss curve", xLabel: "epoch", yLabel: "val_loss (mag²)", yLog: true)
    figure.add(.line(x: [], y: [], label: "empty"))
    figure.add(.line(x: [1, 2, 3], y: [3, 2, 1], label: "train"))
    figure.addVerticalMarker(x: 2, label: "overfitting onset (epoch 2)")
    let output = try PlotWriter(directory: directory, gnuplot: nil).write(figure, name: "loss")
    let script = try String(contentsOf: output.scriptFile, encoding: .utf8)
    XCTAssertTrue(script.contains("set title 'it''s a loss curve'"), script)
    XCTAssertTrue(script.contains("set arrow 1 from first 2.0, graph 0 to first 2.0, graph 1 nohead"))
    XCTAssertTrue(script.contains("set label 1 'overfitting onset (epoch 2)' at first 2.0, graph 0.03 rotate by 90"))
    XCTAssertTrue(script.contains("set logscale y\n"))
    // The empty series gets no block, so the train line is index 0.
    XCTAssertTrue(script.contains("'loss.dat' index 0 using 1:2 with lines"))
    XCTAssertFalse(script.contains("index 1"))
    XCTAssertEqual(try parseDataFile(output.dataFile).count, 1)
  }

  func testPanelsShareOneDataFileWithConsecutiveIndices() throws {
    let directory = try makeOutputDirectory("panels")
    var data = Figure(title: "fit", xLabel: "z", yLabel: "μ (mag)")
    data.add(.points(x: [0.1, 0.2], y: [38, 39.5], label: "data"))
    data.add(.line(x: [0.1, 0.2], y: [38.1, 39.4], label: "model"))
    var residuals = Figure(xLabel: "z", yLabel: "μ − model (mag)")
    residuals.add(.points(x: [0.1, 0.2], y: [-0.1, 0.1], yError: [0.1, 0.1], label: "residual"))
    let output = try PlotWriter(directory: directory, gnuplot: nil)
      .write(Panels(title: "Hubble fit", [data, residuals], heights: [3, 1]), name: "fit")
    let script = try String(contentsOf: output.scriptFile, encoding: .utf8)
    XCTAssertTrue(script.contains("set multiplot title 'Hubble fit'"))
    XCTAssertTrue(script.contains("unset multiplot"))
    XCTAssertTrue(script.contains("'fit.dat' index 2 using 1:2:3 with yerrorbars"))
    XCTAssertEqual(try parseDataFile(output.dataFile).map(\.rows.count), [2, 2, 2])
    XCTAssertTrue(script.contains("set size 1,0.7125"), script)  // 0.95 × 3/4
    XCTAssertTrue(script.contains("set origin 0,0.0000\nset size 1,0.2375"), script)
  }

  func testBadNameThrowsTypedError() {
    let directory = FileManager.default.temporaryDirectory
    XCTAssertThrowsError(try PlotWriter(directory: directory, gnuplot: nil).write(Figure(), name: "a/b")) {
      guard case PlotError.writeFailed = $0 else { return XCTFail("unexpected \($0)") }
    }
  }
}
