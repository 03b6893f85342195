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

  @Option(
    help: ArgumentHelp(
      "Pantheon+ table or CosmoMC/cobaya .dataset, or a folder holding \(DataOptions.table) (default: the shipped data).",
      discussion: DataOptions.search, valueName: "file-or-folder"))
  var data: String?

  @Option(help: "Covariance: auto (full if found, else diagonal), full, diag, or a .cov/.cov.gz path.")
  var cov = "auto"

  @Option(parsing: .unconditional, help: "Keep rows with redshift above this.")
  var zmin = 0.01

  @OptionGroup var output: OutputOptions

  @Option(help: "Draw the figures (Ωm–ΩΛ regions, Δχ²(Ωm), Hubble residuals) into this folder (default: none).")
  var plots: String?

  func validate() throws {
    guard zmin.isFinite, zmin >= 0 else { throw ValidationError("--zmin must be a non-negative redshift, got \(zmin)") }
    if plots?.isEmpty == true { throw ValidationError("--plots must name a folder, or none for no figures; got ''") }
  }

  /// Where the figures go: nowhere unless a folder is named (nothing is written unasked).
  private var plotsFolder: URL? {
    guard let plots, plots != RunFolderOptions.noPlots else { return nil }
    return URL(fileURLWithPath: plots)
  }

  func run() throws {
    let dataURL = try ShippedData.file(DataOptions.table, fileOrFolder: data, option: "--data")
    let sample = try LCDMAnalysis.loadSample(data: dataURL, covariance: .init(argument: cov), zmin: zmin)
    let report = try LCDMAnalysis.run(sample, data: dataURL)
    try output.emit(table: report.lines, csv: Self.csv(report), json: report)
    if let folder = plotsFolder { try writePlots(sample, dataURL: dataURL, to: folder) }
  }

  /// One row per model; a parameter a model does not have is an empty field (NaN to pandas).
  static func csv(_ r: LCDMReport) -> CSVTable {
    CSVTable(
      header: [
        "model", "omega_m", "omega_m_lo", "omega_m_hi", "omega_lambda", "chi2", "dof", "delta_chi2", "sigma", "p_value",
      ],
      rows: [
        [
          .text("flat"), .number(r.lcdm.omega_m), .number(r.lcdm.omega_m_lo), .number(r.lcdm.omega_m_hi),
          .number(1 - r.lcdm.omega_m),
          .number(r.lcdm.chi2), .integer(r.lcdm.dof), .number(nil), .number(nil), .number(nil),
        ],
        [
          .text("nonflat"), .number(r.nonflat.omega_m), .number(nil), .number(nil), .number(r.nonflat.omega_lambda),
          .number(r.nonflat.chi2), .integer(r.nonflat.dof), .number(nil), .number(nil), .number(nil),
        ],
        [
          .text("no_lambda"), .number(r.no_lambda.omega_m), .number(nil), .number(nil), .number(0),
          .number(r.no_lambda.chi2), .integer(r.nonflat.dof + 1), .number(r.no_lambda.delta_chi2),
          .number(r.no_lambda.sigma),
          .number(r.no_lambda.p_value),
        ],
      ])
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
    // On standard error: standard output may be the CSV or JSON report.
    Self.note(
      "χ² grids (\(evaluated.joined(separator: " + ")), each refined from 31×51)"
        + String(
          format: " and fits in %.1f s; grid minimum Ωm = %.3f, ΩΛ = %.3f",
          Date().timeIntervalSince(started), grid.matterDensity, grid.darkEnergyDensity))
    let name =
      dataURL.pathExtension == "dataset"
      ? dataURL.deletingLastPathComponent().lastPathComponent : dataURL.deletingPathExtension().lastPathComponent
    try LCDMPlots(likelihoods: likelihoods, sampleName: name).write(to: folder)
    Self.note("wrote figures to \(folder.path)")
  }

  private static func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}
