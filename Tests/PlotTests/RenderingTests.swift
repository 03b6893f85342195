import Foundation
import Plot
import XCTest

/// These need gnuplot on PATH and skip with a printed reason otherwise (except the one that
/// uses a stand-in script).
final class RenderingTests: XCTestCase {
  func testRendersPNGOfLossCurvesWithBandAndMarker() throws {
    let gnuplot = try requireGnuplot()
    let directory = try makeOutputDirectory("loss")
    let epochs = (1...60).map(Double.init)
    let train = epochs.map { 5 * exp(-$0 / 12) + 0.9 }
    let validation = epochs.map { 5 * exp(-$0 / 12) + 1.0 + max(0, $0 - 30) * 0.04 }
    let spread = epochs.map { 0.3 * exp(-$0 / 30) }
    var figure = Figure(
      title: "MLP on Pantheon+: loss per epoch", xLabel: "epoch", yLabel: "χ² per SN (mag²)", yLog: true)
    figure.add(.band(x: epochs, mean: validation, std: spread, label: "validation ±1σ (5 seeds)"))
    figure.add(.line(x: epochs, y: validation, label: "validation"))
    figure.add(.line(x: epochs, y: train, label: "training"))
    figure.addVerticalMarker(x: 30, label: "validation minimum")
    figure.addVerticalMarker(x: 36, label: "overfitting onset")
    let output = try PlotWriter(directory: directory, gnuplot: gnuplot).write(figure, name: "loss")
    let image = try XCTUnwrap(output.image)
    XCTAssertEqual(image.lastPathComponent, "loss.png")
    XCTAssertTrue(try hasPNGSignature(image))
  }

  func testRendersStackedPanelsWithErrorBars() throws {
    let gnuplot = try requireGnuplot()
    let directory = try makeOutputDirectory("hubble")
    let redshift = (1...40).map { 0.01 * pow(1.1, Double($0)) }
    let model = redshift.map { 5 * log10(4283 * $0 * (1 + 0.5 * $0)) + 25 }
    let noise = redshift.indices.map { sin(Double($0) * 1.7) * 0.15 }
    let observed = zip(model, noise).map { $0 + $1 }
    let error = redshift.map { 0.1 + 0.1 * $0 }
    var data = Figure(
      title: "", xLabel: "redshift z", yLabel: "distance modulus μ (mag)", xLog: true, legend: .topLeft)
    data.add(.points(x: redshift, y: observed, yError: error, label: "supernovae"))
    data.add(.line(x: redshift, y: model, label: "ΛCDM, H0 = 70 km/s/Mpc"))
    var residuals = Figure(xLabel: "redshift z", yLabel: "residual (mag)", xLog: true)
    residuals.add(.points(x: redshift, y: noise, yError: error, label: "data − model"))
    let output = try PlotWriter(directory: directory, gnuplot: gnuplot)
      .write(Panels(title: "Hubble diagram", [data, residuals], heights: [2, 1]), name: "hubble")
    XCTAssertTrue(try hasPNGSignature(XCTUnwrap(output.image)))
    // The same figure as vector graphics, for papers and slides.
    let pdf = try XCTUnwrap(output.vectorImage)
    XCTAssertEqual(pdf.lastPathComponent, "hubble.pdf")
    XCTAssertEqual(String(decoding: try Data(contentsOf: pdf).prefix(5), as: UTF8.self), "%PDF-")
  }

  func testRendersAnimatedGIF() throws {
    let gnuplot = try requireGnuplot()
    let directory = try makeOutputDirectory("animation")
    let x = stride(from: 0.0, through: 6.3, by: 0.1).map { $0 }
    let frames = (0..<5).map { epoch -> Figure in
      var frame = Figure(title: "epoch \(epoch)", xLabel: "x (rad)", yLabel: "y")
      let fit = x.map { sin($0) * Double(epoch) / 4 }
      frame.add(.band(x: x, lower: fit.map { $0 - 0.2 }, upper: fit.map { $0 + 0.2 }, label: "±0.2"))
      frame.add(.line(x: x, y: fit, label: "prediction"))
      frame.add(.points(x: x, y: x.map(sin), label: "target"))
      return frame
    }
    let output = try PlotWriter(directory: directory, gnuplot: gnuplot)
      .writeAnimation(frames, name: "fit", frameDelay: 30)
    let image = try XCTUnwrap(output.image)
    XCTAssertEqual(image.lastPathComponent, "fit.gif")
    let header = [UInt8](try Data(contentsOf: image).prefix(6))
    XCTAssertEqual(String(decoding: header, as: UTF8.self), "GIF89a")
    // Five frames: count the image descriptors' graphic control extensions (0x21 0xF9).
    let bytes = [UInt8](try Data(contentsOf: image))
    let frameCount = zip(bytes, bytes.dropFirst()).filter { $0 == 0x21 && $1 == 0xF9 }.count
    XCTAssertGreaterThanOrEqual(frameCount, 5)
    let script = try String(contentsOf: output.scriptFile, encoding: .utf8)
    XCTAssertTrue(script.contains("set terminal gif animate delay 30"))
    XCTAssertEqual(script.components(separatedBy: "set yrange [*:*]").count, 1, "frames must fix y range")
  }

  func testRendersLogLogScatterWithLegendBottomRight() throws {
    let gnuplot = try requireGnuplot()
    let directory = try makeOutputDirectory("loglog")
    let batch = (0..<12).map { pow(2.0, Double($0)) }
    var figure = Figure(
      title: "Epoch time against batch size", xLabel: "batch size (rows)", yLabel: "time per epoch (s)",
      xLog: true, yLog: true, legend: .bottomRight)
    figure.add(.points(x: batch, y: batch.map { 40 / $0 + 0.02 * $0 }, label: "CPU"))
    figure.add(.points(x: batch, y: batch.map { 300 / $0 + 0.001 * $0 }, label: "GPU"))
    figure.add(.line(x: batch, y: batch.map { 300 / $0 }, label: "ideal 1/batch"))
    let output = try PlotWriter(directory: directory, gnuplot: gnuplot).write(figure, name: "timing")
    XCTAssertTrue(try hasPNGSignature(XCTUnwrap(output.image)))
    let script = try String(contentsOf: output.scriptFile, encoding: .utf8)
    XCTAssertTrue(script.contains("set key bottom right"))
    XCTAssertTrue(script.contains("'timing.dat' index 0 using 1:2 with points"))
  }

  func testRealGnuplotErrorLeavesNoImage() throws {
    let gnuplot = try requireGnuplot()
    let directory = try makeOutputDirectory("log-of-negative")
    var figure = Figure(title: "negative values on a log axis", xLabel: "x", yLabel: "y", yLog: true)
    figure.add(.line(x: [1, 2, 3], y: [-1, -2, -3], label: "negative"))
    XCTAssertThrowsError(try PlotWriter(directory: directory, gnuplot: gnuplot).write(figure, name: "bad")) { error in
      guard case PlotError.renderFailed(_, let status, let stderr) = error else { return XCTFail("\(error)") }
      XCTAssertNotEqual(status, 0)
      XCTAssertTrue(stderr.contains("all points y value undefined"), stderr)
      XCTAssertFalse("\(error)".contains("\n"), "the description must be one line")
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    XCTAssertEqual(left, ["bad.dat", "bad.gp"], "no image and no temporary file may remain")
  }

  func testGnuplotFailureIsReportedWithItsStderr() throws {
    let directory = try makeOutputDirectory("failure")
    // A stand-in "gnuplot" that fails the way gnuplot does on a bad script.
    let fake = directory.appendingPathComponent("fake-gnuplot")
    try "#!/bin/sh\necho 'line 3: unknown or ambiguous terminal type' >&2\nexit 1\n"
      .write(to: fake, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
    var figure = Figure()
    figure.add(.line(x: [1, 2], y: [1, 2]))
    XCTAssertThrowsError(try PlotWriter(directory: directory, gnuplot: fake).write(figure, name: "bad")) { error in
      guard case PlotError.renderFailed(_, let status, let stderr) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(status, 1)
      XCTAssertTrue(stderr.contains("unknown or ambiguous terminal type"))
      XCTAssertTrue("\(error)".contains("bad.gp: gnuplot exited with status 1"))
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad.png").path))
  }
}
