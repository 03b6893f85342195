import ArgumentParser
import Foundation
import GNN
import NN
import Orbits
import Plot
import Runs

/// `gnn rollout RUN`: integrate the system from a date with (a) the network, (b) the recovered
/// law with re-learned masses, (c) Newton with the true GMs, against the kernel.
struct RolloutCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollout",
    abstract: "Integrate the bodies forward with the network, the recovered law and Newton; compare with the kernel.")

  @Argument(help: "Run directory written by `gnn train` (and `gnn discover` for the re-learned masses).")
  var runDirectory: String
  @Option(help: "Start, TDB.") var start: String = "2022-01-01"
  @Option(parsing: .unconditional, help: "Years to integrate.") var years: Double = 1
  @Option(
    parsing: .unconditional,
    help: "RK4 step of the law rollouts (b) and (c), seconds; their integrator error is measured at half of it.")
  var step: Double = 1800
  @Option(parsing: .unconditional, help: "RK4 step of the network rollout (a), seconds.") var networkStep: Double = 3600
  @Option(help: "Where the figures go: a folder, or none (default: the run's plots folder).") var plots: String?

  func validate() throws {
    if let plots, plots.isEmpty { throw ValidationError("--plots must name a folder, or none for no figures; got ''") }
    guard years.isFinite, step.isFinite, networkStep.isFinite, years > 0, step > 0, networkStep > 0 else {
      throw ValidationError("--years, --step and --network-step must be positive numbers")
    }
    do { _ = try CalendarDate.julianDate(start) } catch { throw ValidationError("--start: \(error)") }
    // Every step of the three rollouts is kept (11 bodies × 6 numbers) for the report and plots.
    let steps = years * 365.25 * 86_400 / min(step / 2, networkStep)
    guard steps * 11 * 6 * 8 * 4 < Double(MemoryEstimate.budget) else {
      throw ValidationError(
        String(
          format: "--years %g at a %g s step is %.3g steps, more than this machine can hold", years,
          min(step / 2, networkStep), steps))
    }
    guard (86_400 / step).rounded() == 86_400 / step, (86_400 / networkStep).rounded() == 86_400 / networkStep else {
      throw ValidationError("--step and --network-step must divide a day")
    }
  }

  func run() throws {
    let started = Date()
    let trained = try TrainedRun(runDirectory)
    guard URL(fileURLWithPath: trained.config.source.data).pathExtension.lowercased() == "bsp" else {
      throw CommandFailure("rollout compares against a kernel; this run trained on \(trained.config.source.data)")
    }
    let discoverURL = trained.reportURL("discover.json")
    guard FileManager.default.fileExists(atPath: discoverURL.path) else {
      throw CommandFailure("\(runDirectory) has no discover.json; run `gnn discover \(runDirectory)` first")
    }
    let discovered = try LawDiscoveryReport.read(from: discoverURL)
    let exponent = discovered.law.exponentAdopted
    let relearned = discovered.masses.map(\.gm)
    let bodies = trained.dataset.bodies
    let trueGM = bodies.compactMap(\.gm)
    guard relearned.count == bodies.count, trueGM.count == bodies.count else {
      throw CommandFailure("rollout needs every body's re-learned and true GM (check \(trained.config.source.gm))")
    }

    let kernel = try SPKKernel(contentsOf: URL(fileURLWithPath: trained.config.source.data))
    let first = try CalendarDate.julianDate(start)
    let days = Int((years * 365.25).rounded())
    let truth = try kernel.dataset(bodies: bodies, epochs: (0...days).map { first + Double($0) })
    let n = bodies.count
    let reference = (0...days).map { Array(truth.positions[($0 * 3 * n)..<(($0 + 1) * 3 * n)]) }
    let (x0, v0) = (reference[0], Array(truth.velocities[0..<(3 * n)]))

    func integrate(_ rollout: Rollout, step h: Double) -> [[Double]] {
      let perDay = Int((86_400 / h).rounded())
      return rollout.run(positions: x0, velocities: v0, step: h, steps: perDay * days, sampleEvery: perDay)
    }
    let newton = Rollout(gm: trueGM)
    let law = Rollout(gm: relearned, exponent: exponent)
    let (newtonRun, lawRun) = (integrate(newton, step: step), integrate(law, step: step))
    let newtonCheck = Rollout.largestErrors(integrate(newton, step: step / 2), reference: newtonRun, bodies: n)
    let lawCheck = Rollout.largestErrors(integrate(law, step: step / 2), reference: lawRun, bodies: n)
    print("integrating the network (\(Int(networkStep)) s steps, \(days) days)…")
    let model = trained.model
    let graph = trained.config.graph
    let network = Rollout { x in model(graph.edgeFeatures(positions: x), context: .inference).scalars }
    let networkRun = integrate(network, step: networkStep)

    let errors = [networkRun, lawRun, newtonRun].map { Rollout.largestErrors($0, reference: reference, bodies: n) }
    print("largest position error over \(days) days from \(start), km")
    print("body                  (a) network   (b) law+masses  (c) Newton   integrator(b)  (b) ≤ max(2(c), 5 km)")
    let records = bodies.enumerated().map { b, body in
      RolloutReport.Body(
        body: body.name, id: body.id, networkKm: errors[0][b], relearnedKm: errors[1][b], newtonKm: errors[2][b],
        integratorRelearnedKm: lawCheck[b], integratorNewtonKm: newtonCheck[b])
    }
    for r in records {
      print(
        padded(r.body, 20)
          + String(
            format: "  %11.4g  %13.4g  %11.4g  %12.2e   %@", r.networkKm, r.relearnedKm, r.newtonKm,
            r.integratorRelearnedKm, r.relearnedWithinTarget ? "yes" : "NO"))
    }
    let report = RolloutReport(
      start: start, days: days, lawStepSeconds: step, networkStepSeconds: networkStep, lawExponent: exponent,
      bodies: records)
    let url = trained.reportURL("rollout.json")
    try report.write(to: url)
    try RunTiming.record(
      command: RolloutReport.command, seconds: Date().timeIntervalSince(started), in: trained.run.timing)
    if plots != "none" {
      try plot(
        bodies: bodies, runs: [networkRun, lawRun, newtonRun], reference: reference, truth: truth,
        writer: PlotWriter(directory: plots.map { URL(fileURLWithPath: $0) } ?? trained.run.plots))
    }
    print("wrote \(url.path) (\(String(format: "%.0f", Date().timeIntervalSince(started))) s)")
  }

  private func plot(
    bodies: [EphemerisBody], runs: [[[Double]]], reference: [[Double]], truth: EphemerisDataset, writer: PlotWriter
  ) throws {
    // Floored at a millimetre for the log axis.
    func error(_ positions: [[Double]], _ b: Int) -> [Double] {
      Rollout.errors(positions, reference: reference, body: b).map { max($0, 1e-6) }
    }
    let days = reference.indices.map(Double.init)
    var network = Figure(
      title: "(a) network rollout against DE421", xLabel: "days from \(start)", yLabel: "position error (km)",
      yLog: true, legend: .outside)
    for (b, body) in bodies.enumerated() { network.add(.line(x: days, y: error(runs[0], b), label: body.name)) }
    _ = try writer.write(network, name: "rollout-error-network")
    var laws = Figure(
      title: "(b) recovered law + re-learned masses, (c) Newton with true GMs, against DE421",
      xLabel: "days from \(start)", yLabel: "position error (km)", yLog: true, legend: .outside)
    for (b, body) in bodies.enumerated() where [199, 299, 399, 301].contains(body.id) {
      laws.add(.line(x: days, y: error(runs[1], b), label: "\(body.name) (b)"))
      laws.add(.line(x: days, y: error(runs[2], b), label: "\(body.name) (c)"))
    }
    _ = try writer.write(laws, name: "rollout-error")
    var rolled = truth
    rolled.positions = runs[0].flatMap { $0 }
    _ = try OrbitPlot.write(rolled, directory: writer.directory, name: "orbits")
  }
}
