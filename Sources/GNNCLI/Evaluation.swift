import Foundation
import GNN
import Orbits
import Plot

/// Per-body relative acceleration errors of a network on one split, against the 1 %
/// (`AccelerationErrorReport`), as a table and a figure.
struct GravityEvaluation {
  static let target = AccelerationErrorReport.target
  let split: GravitySplit
  let errors: AccelerationErrors
  let name: String

  init(model: GravityNetwork, split: GravitySplit, name: String) throws {
    self.split = split
    self.name = name
    errors = AccelerationErrors(predicted: GravityTrainer.predict(model, split.features), truth: split.accelerations)
  }

  var bodies: [EphemerisBody] { split.dataset.bodies }

  var report: AccelerationErrorReport { AccelerationErrorReport(errors, split: split, name: name) }

  func tableLines() -> [String] {
    var lines = [
      "\(name): |Δa|/|a| per body over \(split.epochCount) epochs", "body                   median      95%",
    ]
    for (b, body) in bodies.enumerated() {
      lines.append(padded(body.name, 20) + String(format: "  %9.2e  %9.2e", errors.medians[b], errors.percentile95[b]))
    }
    let worst = errors.medians.max() ?? .nan
    lines.append(
      String(format: "largest median %.2e: %@ the 1%% target", worst, worst < Self.target ? "below" : "NOT below"))
    return lines
  }

  func printTable() { for line in tableLines() { print(line) } }

  /// Relative error against time, one line per body (log y).
  func plot(to writer: PlotWriter) throws {
    var figure = Figure(
      title: "network acceleration error, \(name) years", xLabel: "year (TDB)",
      yLabel: "|Δa| / |a|", yLog: true, legend: .outside)
    let years = split.dataset.epochs.map { 2000 + ($0 - 2_451_545.0) / 365.25 }
    for (b, body) in bodies.enumerated() {
      figure.add(.line(x: years, y: errors.relative.map { max($0[b], 1e-12) }, label: body.name))
    }
    _ = try writer.write(figure, name: "acceleration-error")
  }
}

enum GravityPlots {
  /// Fitted against true GM (log–log) with y = x.
  /// `fitted` pairs a body's true GM with its fitted one, where both are known.
  static func masses(fitted: [(truth: Double?, gm: Double?)], writer: PlotWriter, title: String, name: String) throws {
    let pairs = fitted.compactMap { r -> (Double, Double)? in
      guard let gm = r.gm, let truth = r.truth, gm > 0 else { return nil }
      return (truth, gm)
    }
    guard let low = pairs.map({ min($0.0, $0.1) }).min(), let high = pairs.map({ max($0.0, $0.1) }).max() else {
      return
    }
    var figure = Figure(
      title: title, xLabel: "true GM (km³ s⁻², DE421)", yLabel: "fitted GM (km³ s⁻²)",
      xLog: true, yLog: true, legend: .topLeft)
    figure.add(.line(x: [low / 2, high * 2], y: [low / 2, high * 2], label: "fitted = true"))
    figure.add(.points(x: pairs.map(\.0), y: pairs.map(\.1), label: "bodies"))
    _ = try writer.write(figure, name: name)
  }
}
