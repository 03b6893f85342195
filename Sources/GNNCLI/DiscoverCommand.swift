import ArgumentParser
import Foundation
import GNN
import Orbits
import Plot
import Runs

/// `gnn discover RUN`: the symbolic search on the trained network's edge messages, then the
/// masses re-learned with the recovered law fixed (linear least squares on exact accelerations).
struct DiscoverCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "discover",
    abstract: "Recover the force law from a trained network by symbolic regression, then re-learn the masses.")

  @Argument(help: "Run directory written by `gnn train`.") var runDirectory: String
  @Option(help: "Training epochs whose edge messages are searched (evenly spaced).") var samples: Int =
    LawDiscoveryConfig().samples
  @Option(help: "Generations of the genetic search.") var generations: Int = LawDiscoveryConfig().generations
  @Option(help: "Population of the genetic search.") var population: Int = LawDiscoveryConfig().population
  @Option(help: "Disjoint time blocks for the masses' uncertainties.") var blocks: Int = LawDiscoveryConfig().blocks
  @Option(help: "Independent populations whose fronts are merged.") var populations: Int = LawDiscoveryConfig()
    .populations
  @Option(
    help:
      "Consecutive time blocks of the searched epochs: constants fitted on the even ones, candidates judged on the odd ones."
  )
  var timeBlocks: Int = LawDiscoveryConfig().timeBlocks
  @Flag(
    inversion: .prefixedNo,
    help:
      "Check units (masses and distances; a constant carries G's): a tree that adds a mass to a length is not a law.")
  var units = LawDiscoveryConfig().units
  @Flag(help: "Search F = m1 * m2 * f(r) only (a template, as PySR users give one).") var massProductTemplate =
    LawDiscoveryConfig().massProductTemplate
  @Option(help: "Seed of the search.") var seed: UInt64 = LawDiscoveryConfig().seed
  @Option(help: "Where the figures go: a folder, or none (default: the run's plots folder).") var plots: String?

  func validate() throws {
    if let plots, plots.isEmpty { throw ValidationError("--plots must name a folder, or none for no figures; got ''") }
    guard samples >= 2, generations >= 1, population >= 4, blocks >= 2, (1...64).contains(populations),
      (1...samples).contains(timeBlocks)
    else {
      throw ValidationError(
        "--samples ≥ 2, --generations ≥ 1, --population ≥ 4, --blocks ≥ 2, --populations 1…64, --time-blocks 1…samples")
    }
  }

  func run() throws {
    let started = Date()
    let trained = try TrainedRun(runDirectory)
    let training = try trained.split(trained.training)
    let configuration = self.configuration
    let edgeSamples = LawDiscovery.samples(
      trained.model, training, epochs: configuration.pickedEpochs(of: training.epochCount))
    print(
      "symbolic search on \(edgeSamples.target.count) edge messages (\(samples) epochs), variables "
        + (massProductTemplate
          ? "r in the template m1 * m2 * f(r)" : LawDiscovery.variableNames.joined(separator: ", "))
        + (units ? ", units checked" : ", units not checked") + "; \(populations) populations")
    let law = try LawDiscovery.discover(
      edgeSamples, options: configuration.searchOptions, setup: configuration.setup, seed: seed)
    print(
      "constants fitted on \(law.fittedSamples) messages (even time blocks of \(timeBlocks)), candidates judged on \(law.heldOutSamples) held out"
    )
    print(law.search.table)
    print("picked: F = \(law.search.best.formula)   (masses in m☉, r in au, F in m☉ au day⁻²)")
    print(
      "populations agreeing on the pick: \(law.search.populationsAgreeing) of \(law.search.populationPicks.count); units "
        + (law.unitsConsistent ? "consistent" : "NOT consistent"))
    for (k, pick) in law.search.populationPicks.enumerated() {
      print(String(format: "  population %d: held-out loss %.4g  F = %@", k, pick.heldOutLoss, pick.formula))
    }
    print(
      String(
        format: "exponents at a Sun–planet edge: m1 %.4f, m2 %.4f, r %.4f", law.exponents.m1, law.exponents.m2,
        law.exponents.r))
    print(
      String(
        format:
          "GM☉ recovered %.6e km³ s⁻² (DE421 %.6e; relative %.1e); direction off the separation: median %.2g°, 95%% %.2g°",
        law.gmReference, LawDiscoveryReport.gmSunReference,
        abs(law.gmReference / LawDiscoveryReport.gmSunReference - 1),
        law.directionMedianDegrees, law.direction95Degrees))

    let refit = try MassFit.refineExponent(trained.training, near: law.exponents.r)
    let exponent = LawDiscoveryReport.adoptedExponent(fitted: law.exponents.r, refit: refit)
    print(
      String(
        format: "r exponent re-fitted with the masses on the training accelerations: %.8f; adopted: %.8f", refit,
        exponent))
    let fit = try MassFit.fit(trained.training, exponent: exponent, blocks: blocks)
    let report = LawDiscoveryReport(
      configuration: configuration, law: law, refit: refit, adopted: exponent,
      samples: edgeSamples.target.count, masses: fit, massFitEpochs: trained.training.epochs.count)
    print("body                 re-learned GM (km³ s⁻²)      ± blocks     DE421 GM        relative error  target")
    for mass in report.masses {
      print(
        padded(mass.body, 20)
          + String(
            format: " %.10e  %9.2e  %@  %@  %@%@", mass.gm, mass.uncertainty,
            mass.reference.map { String(format: "%.8e", $0) } ?? "—",
            mass.relativeError.map { String(format: "%9.2e", $0) } ?? "—",
            mass.targetRelativeError.map { String(format: "%.0e", $0) } ?? "—",
            mass.identifiable ? "" : "  not identifiable from these data"))
    }
    let url = trained.reportURL("discover.json")
    try report.write(to: url)
    try RunTiming.record(
      command: LawDiscoveryReport.command, seconds: Date().timeIntervalSince(started), in: trained.run.timing)

    guard plots != "none" else {
      print("wrote \(url.path) (\(String(format: "%.0f", Date().timeIntervalSince(started))) s)")
      return
    }
    let writer = PlotWriter(directory: plots.map { URL(fileURLWithPath: $0) } ?? trained.run.plots)
    var front = Figure(
      title: "Pareto front of the symbolic search", xLabel: "complexity", yLabel: "weighted MSE of ln|F|", yLog: true)
    front.add(
      .line(
        x: law.search.paretoFront.map { Double($0.complexity) }, y: law.search.paretoFront.map(\.loss), label: "front"))
    front.add(
      .points(
        x: [Double(law.search.best.complexity)], y: [law.search.best.loss], label: "pick: \(law.search.best.formula)"))
    _ = try writer.write(front, name: "pareto-front")
    try forceLawPlot(edgeSamples, law: law, writer: writer)
    try GravityPlots.masses(
      fitted: report.masses.map { ($0.reference, $0.gm) }, writer: writer,
      title: "masses re-learned with the recovered law", name: "masses")
    print("wrote \(url.path) (\(String(format: "%.0f", Date().timeIntervalSince(started))) s)")
  }

  /// The options as discover.json records them.
  var configuration: LawDiscoveryConfig {
    var c = LawDiscoveryConfig()
    (c.samples, c.generations, c.population, c.populations) = (samples, generations, population, populations)
    (c.timeBlocks, c.blocks, c.units, c.massProductTemplate, c.seed) = (
      timeBlocks, blocks, units, massProductTemplate, seed
    )
    return c
  }

  /// |F|/(m₁m₂) against r for the messages that matter (weight > 1e-3), with the picked law.
  private func forceLawPlot(_ s: LawDiscovery.Samples, law: LawDiscovery.Result, writer: PlotWriter) throws {
    let kept = s.weights.indices.filter { s.weights[$0] > 1e-3 }
    let r = kept.map { s.inputs[2][$0] }
    let scaled = kept.map { s.target[$0] / (s.inputs[0][$0] * s.inputs[1][$0]) }
    var figure = Figure(
      title: "network edge forces per unit masses", xLabel: "r (au)", yLabel: "|F| / (m₁ m₂)  (au day⁻², m☉ units)",
      xLog: true, yLog: true, legend: .topRight)
    figure.add(.points(x: r, y: scaled, label: "network messages"))
    guard let low = r.min(), let high = r.max() else { return }
    let grid = (0...50).map { low * Foundation.pow(high / low, Double($0) / 50) }
    let c = law.gmReference * Units.secondsPerDay * Units.secondsPerDay / Foundation.pow(Units.kilometresPerAU, 3)
    figure.add(
      .line(
        x: grid, y: grid.map { c * Foundation.pow($0, law.exponents.r) },
        label: String(format: "recovered: %.4g r^%.3f", c, law.exponents.r)))
    _ = try writer.write(figure, name: "force-law")
  }
}
