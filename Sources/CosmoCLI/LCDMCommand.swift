import ArgumentParser
import CommandSupport
import Cosmology
import Foundation
import ShippedData

/// `cosmo lcdm`: flat and non-flat ΛCDM fits to a supernova sample.
struct LCDMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lcdm",
    abstract: "Fit flat ΛCDM (Ωm with its Δχ² = 1 interval) and non-flat ΛCDM, and test ΩΛ = 0.",
    discussion: "Prints the fits; --format json --out FILE writes the report (make run: runs/lcdm/report.json).")

  @Option(help: ArgumentHelp("Pantheon+ table or CosmoMC/cobaya .dataset, or a folder holding \(DataOptions.table) (default: the shipped data).",
                            discussion: DataOptions.search, valueName: "file-or-folder"))
  var data: String?

  @Option(help: "Covariance: auto (full if found, else diagonal), full, diag, or a .cov/.cov.gz path.")
  var cov = "auto"

  @Option(parsing: .unconditional, help: "Keep rows with redshift above this.")
  var zmin = 0.01

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard zmin.isFinite, zmin >= 0 else { throw ValidationError("--zmin must be a non-negative redshift, got \(zmin)") }
  }

  func run() throws {
    let dataURL = try ShippedData.file(DataOptions.table, fileOrFolder: data, option: "--data")
    let sample = try LCDMAnalysis.loadSample(data: dataURL, covariance: .init(argument: cov), zmin: zmin)
    let report = try LCDMAnalysis.run(sample, data: dataURL)
    try output.emit(table: report.lines, csv: Self.csv(report), json: report)
  }

  /// One row per model; a parameter a model does not have is an empty field (NaN to pandas).
  static func csv(_ r: LCDMReport) -> CSVTable {
    CSVTable(
      header: ["model", "omega_m", "omega_m_lo", "omega_m_hi", "omega_lambda", "chi2", "dof", "delta_chi2", "sigma", "p_value"],
      rows: [
        [.text("flat"), .number(r.lcdm.omega_m), .number(r.lcdm.omega_m_lo), .number(r.lcdm.omega_m_hi), .number(1 - r.lcdm.omega_m),
         .number(r.lcdm.chi2), .integer(r.lcdm.dof), .number(nil), .number(nil), .number(nil)],
        [.text("nonflat"), .number(r.nonflat.omega_m), .number(nil), .number(nil), .number(r.nonflat.omega_lambda),
         .number(r.nonflat.chi2), .integer(r.nonflat.dof), .number(nil), .number(nil), .number(nil)],
        [.text("no_lambda"), .number(r.no_lambda.omega_m), .number(nil), .number(nil), .number(0),
         .number(r.no_lambda.chi2), .integer(r.nonflat.dof + 1), .number(r.no_lambda.delta_chi2), .number(r.no_lambda.sigma),
         .number(r.no_lambda.p_value)],
      ])
  }
}
