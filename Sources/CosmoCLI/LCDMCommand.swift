import ArgumentParser
import Cosmology
import Foundation
import ShippedData

/// `cosmo lcdm`: flat and non-flat ΛCDM fits to a supernova sample.
struct LCDMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lcdm",
    abstract: "Fit flat ΛCDM (Ωm with its Δχ² = 1 interval) and non-flat ΛCDM, and test ΩΛ = 0.")

  @Option(help: ArgumentHelp("Pantheon+ table or CosmoMC/cobaya .dataset, or a folder holding \(DataOptions.table) (default: the shipped data).",
                            discussion: DataOptions.search, valueName: "file-or-folder"))
  var data: String?

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
    let dataURL = try ShippedData.file(DataOptions.table, fileOrFolder: data, option: "--data")
    let sample = try LCDMAnalysis.loadSample(data: dataURL, covariance: .init(argument: cov), zmin: zmin)
    let report = try LCDMAnalysis.run(sample, data: dataURL)
    report.lines.forEach { print($0) }
    print("wrote \(try report.write(to: URL(fileURLWithPath: out)).path)")
  }
}
