import ArgumentParser
import Cosmology
import Foundation

/// `cosmo lcdm`: flat and non-flat ΛCDM fits to a supernova sample.
struct LCDMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lcdm",
    abstract: "Fit flat ΛCDM (Ωm with its Δχ² = 1 interval) and non-flat ΛCDM, and test ΩΛ = 0.")

  @Option(help: "Pantheon+ table (.dat) or a CosmoMC/cobaya .dataset.")
  var data = "Data/Pantheon+SH0ES.dat"

  @Option(help: "Covariance: auto (full if found, else diagonal), full, diag, or a .cov/.cov.gz path.")
  var cov = "auto"

  @Option(parsing: .unconditional, help: "Keep rows with redshift above this.")
  var zmin = 0.01

  @Option(help: "Directory for report.json.")
  var out = "runs/lcdm"

  @Option(help: "Folder for the figures (Ωm–ΩΛ regions, Δχ²(Ωm), Hubble residuals); default OUT/plots.")
  var plots: String?

  func validate() throws {
    guard zmin.isFinite, zmin >= 0 else { throw ValidationError("--zmin must be a non-negative redshift, got \(zmin)") }
    guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
  }

  func run() throws {
    let dataURL = URL(fileURLWithPath: data)
    let sample = try LCDMAnalysis.loadSample(data: dataURL, covariance: .init(argument: cov), zmin: zmin)
    let report = try LCDMAnalysis.run(sample, data: dataURL)
    report.lines.forEach { print($0) }
    print("wrote \(try report.write(to: URL(fileURLWithPath: out)).path)")
    let folder = plots.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: out).appendingPathComponent("plots")
    try writePlots(sample, dataURL: dataURL, to: folder)
  }

  /// The figures, with the diagonal errors' regions beside the full covariance's when it is in use.
  func writePlots(_ sample: SupernovaSample, dataURL: URL, to folder: URL) throws {
    let started = Date()
    let label = sample.covariance.kind == .full ? "full covariance" : "diagonal errors"
    var likelihoods = [try LCDMPlots.Likelihood(label: label, sample: sample)]
    if sample.covariance.kind == .full {
      let diagonal = try LCDMAnalysis.loadSample(data: dataURL, covariance: .diagonal, zmin: zmin)
      likelihoods.append(try LCDMPlots.Likelihood(label: "diagonal errors only", sample: diagonal))
    }
    let evaluated = likelihoods.map { "\($0.grid.matterDensity.count)×\($0.grid.darkEnergyDensity.count)" }
    let grid = likelihoods[0].grid.minimum
    print("χ² grids (\(evaluated.joined(separator: " + ")), each refined from 31×51)"
      + String(format: " and fits in %.1f s; grid minimum Ωm = %.3f, ΩΛ = %.3f",
               Date().timeIntervalSince(started), grid.matterDensity, grid.darkEnergyDensity))
    let name = dataURL.pathExtension == "dataset" ? dataURL.deletingLastPathComponent().lastPathComponent : dataURL.deletingPathExtension().lastPathComponent
    try LCDMPlots(likelihoods: likelihoods, sampleName: name).write(to: folder)
    print("wrote figures to \(folder.path)")
  }
}
