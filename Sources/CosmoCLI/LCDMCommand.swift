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
  }
}
