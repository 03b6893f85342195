import ArgumentParser
import CommandSupport
import Cosmology
import Foundation
import NN
import Runs
import TensorCore

/// `cosmo predict RUN_DIR --z 0.1,0.5 [--x1 0,1 --c 0,0.1]`: predictions of every fold's ensemble, with their spread
/// (and Monte Carlo dropout's, when the fit used dropout).
struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict", abstract: "Predict magnitudes at given redshifts (and features) with a fit's ensembles.")

  @Argument(help: "Run directory written by `cosmo fit`.") var runDirectory: String
  @Option(parsing: .unconditional, help: "Redshifts (each > 0), comma separated.") var z: String
  @Option(parsing: .unconditional, help: "Monte Carlo dropout samples per member (fits trained with --dropout).")
  var samples: Int = 100
  @Option(parsing: .unconditional, help: "Seed for Monte Carlo dropout.") var seed: UInt64 = 1
  @OptionGroup var output: OutputOptions
  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp(
      "Values of the fit's extra inputs, one per redshift: --NAME v1,v2 for each (e.g. --x1 0,1 --c 0,-0.1).",
      valueName: "--NAME values"))
  var inputValues: [String] = []

  /// The inputs' names come from the run's config.json, so they are checked here, where a bad one
  /// is reported with this command's usage.
  func validate() throws {
    guard samples >= 1 else { throw ValidationError("--samples must be ≥ 1, got \(samples)") }
    _ = try inputColumns()
  }

  func run() throws {
    let trained = try TrainedRun(URL(fileURLWithPath: runDirectory))
    let names = trained.configuration.features
    let columns = try inputColumns(names)
    for warning in InputRange.warnings(
      columns, names: ["--z"] + names.map { "--\($0)" }, ranges: trained.report.inputRanges ?? [])
    {
      FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
    }
    let redshifts = columns[0]
    let rows = redshifts.count
    var members: [[Double]] = []
    var dropoutSamples: [[Double]] = []
    let dropout = trained.folds.first?.model.dropout ?? 0
    if dropout > 0 {
      let members = trained.folds.map { $0.model.memberCount }.reduce(0, +)
      try MemoryEstimate(bytes: MemoryEstimate.product([samples, members, rows, 8 * 2]))
        .check("--samples \(samples) for \(members) members at \(rows) redshifts")
    }
    for fold in trained.folds {
      let s = fold.standardisation
      let x = s.inputs(redshifts: redshifts, extra: Array(columns.dropFirst()))
      let out = SupernovaRegression.magnitudes(fold.model, x, s)
      members += (0..<out.shape[1]).map { out.slice(alongAxis: 1, $0..<($0 + 1)).scalars }
      if dropout > 0 {
        for sample in fold.model.monteCarloDropout(x, samples: samples, seed: seed) {
          let o = sample * s.targetScale + s.targetMean  // as SupernovaRegression.magnitudes
          dropoutSamples += (0..<o.shape[1]).map { o.slice(alongAxis: 1, $0..<($0 + 1)).scalars }
        }
      }
    }
    let ensemble = EnsembleStatistics(members: members)
    let mc = dropout > 0 ? EnsembleStatistics(members: dropoutSamples) : nil
    let report = PredictionReport(
      run: trained.directory.root.path, target: trained.configuration.target, inputNames: names,
      folds: trained.folds.count,
      members: members.count,
      rows: (0..<rows).map { r in
        PredictionReport.Row(
          z: redshifts[r], inputs: columns.dropFirst().map { $0[r] }, predictionMag: ensemble.mean[r],
          ensembleStdMag: ensemble.standardDeviation[r], mcDropoutMeanMag: mc?.mean[r],
          mcDropoutStdMag: mc?.standardDeviation[r])
      })
    try output.emit(table: Self.table(report), csv: Self.csv(report), json: report)
  }

  /// The report as a table to read.
  static func table(_ report: PredictionReport) -> [String] {
    let dropout = report.rows.contains { $0.mcDropoutMeanMag != nil }
    var lines = [
      "z" + report.inputNames.map { "  \($0)" }.joined() + "  prediction (mag)  ensemble std"
        + (dropout ? "  MC-dropout mean  MC-dropout std" : "")
    ]
    for row in report.rows {
      var line = String(format: "%.5g", row.z) + row.inputs.map { String(format: "  %.4g", $0) }.joined()
      line += String(format: "  %.4f  %.4f", row.predictionMag, row.ensembleStdMag)
      if let mean = row.mcDropoutMeanMag, let std = row.mcDropoutStdMag {
        line += String(format: "  %.4f  %.4f", mean, std)
      }
      lines.append(line)
    }
    lines.append("(\(report.members) members: \(report.folds) folds × \(report.members / max(report.folds, 1)))")
    return lines
  }

  /// The report as CSV: z, the inputs by name, then the predictions in mag (names without spaces).
  static func csv(_ report: PredictionReport) -> CSVTable {
    let dropout = report.rows.contains { $0.mcDropoutMeanMag != nil }
    let header =
      ["z"] + report.inputNames + ["prediction_mag", "ensemble_std_mag"]
      + (dropout ? ["mc_dropout_mean_mag", "mc_dropout_std_mag"] : [])
    return CSVTable(
      header: header,
      rows: report.rows.map { row in
        ([row.z] + row.inputs + [row.predictionMag, row.ensembleStdMag]).map { .number($0) }
          + (dropout ? [.number(row.mcDropoutMeanMag), .number(row.mcDropoutStdMag)] : [])
      })
  }

  /// The fit's extra inputs and the columns to predict at: the redshifts, then each input's values.
  func inputColumns() throws -> (names: [String], columns: [[Double]]) {
    let run = try RunDirectory(existing: URL(fileURLWithPath: runDirectory))
    let names = try CosmoFitConfig.read(from: run.config).features
    return (names, try inputColumns(names))
  }

  /// The columns for the fit's extra inputs `names`.
  func inputColumns(_ names: [String]) throws -> [[Double]] {
    let redshifts = try parse(z, "--z")
    // The network reads log10 z: z ≤ 0 has none (z ≤ −1 is not a redshift at all).
    if let bad = redshifts.first(where: { $0 <= 0 }) {
      throw ValidationError("--z must be redshifts > 0, got \(bad)")
    }
    let given = try inputs(names)
    var columns = [redshifts]
    for name in names {
      guard let text = given[name] else { throw ValidationError("the fit used input \(name): give --\(name) v1,v2,…") }
      let values = try parse(text, "--\(name)")
      guard values.count == redshifts.count else {
        throw ValidationError("--\(name) needs \(redshifts.count) values, one per redshift")
      }
      columns.append(values)
    }
    return columns
  }

  /// `--NAME VALUES` or `--NAME=VALUES` for each of the fit's inputs, from what the options above
  /// left: the names are the fit's columns, known only once the run directory is read.
  private func inputs(_ names: [String]) throws -> [String: String] {
    var given: [String: String] = [:]
    var rest = inputValues[...]
    while let token = rest.popFirst() {
      guard token.hasPrefix("--"), token.count > 2 else { throw ValidationError("unexpected argument '\(token)'") }
      let option = token.dropFirst(2)
      let name: String
      let value: String
      if let equals = option.firstIndex(of: "=") {
        (name, value) = (String(option[..<equals]), String(option[option.index(after: equals)...]))
      } else {
        name = String(option)
        guard let next = rest.popFirst() else { throw ValidationError("--\(name) needs values, e.g. --\(name) 0,1") }
        value = next
      }
      guard names.contains(name) else {
        let inputs = names.isEmpty ? "none but --z" : names.map { "--\($0)" }.joined(separator: ", ")
        throw ValidationError("unknown option '--\(name)': the fit's extra inputs are \(inputs)")
      }
      guard given.updateValue(value, forKey: name) == nil else { throw ValidationError("--\(name) given twice") }
    }
    return given
  }

  private func parse(_ text: String, _ name: String) throws -> [Double] {
    let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    let numbers = values.compactMap { $0 }.filter(\.isFinite)
    guard !values.isEmpty, numbers.count == values.count else {
      throw ValidationError("\(name) must be comma-separated numbers, got '\(text)'")
    }
    return numbers
  }
}
