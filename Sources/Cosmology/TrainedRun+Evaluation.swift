import Foundation

extension TrainedRun {
  /// Each fold's validation χ²/N as the fit reported it and as the reloaded checkpoints give it
  /// now (`cosmo evaluate`). With the fit's table and covariance the two must agree
  /// (`reproducing`); with another table or covariance the folds are re-scored, and a note says why.
  /// - Parameters:
  ///   - data: the table, if it has moved since the fit (default: the fit's).
  ///   - covariance: auto, full, diag or a path (default: the fit's).
  ///   - name: how the report names the run.
  public func evaluation(data: URL? = nil, covariance: String? = nil, name: String) throws -> EvaluationReport {
    let config = configuration
    let dataURL = data ?? URL(fileURLWithPath: config.data)
    var reproducing = true
    var notes: [String] = []
    let fitted = report.data.sha256
    let now = try LCDMReport.DataFile(fingerprinting: dataURL).sha256
    if now != fitted {
      notes.append(
        "\(dataURL.path) is not the table the fit used (sha256 \(fitted.prefix(12))…, now \(now.prefix(12))…)")
      reproducing = false
    }
    let (table, _) = try RegressionData.load(
      data: dataURL, covariance: .init(argument: covariance ?? config.cov),
      target: config.target, redshift: config.z, features: config.features, zmin: config.zmin)
    let fittedCovariance = report.covariance
    if fittedCovariance.kind != table.covariance.kind.rawValue || fittedCovariance.sha256 != table.covariance.sha256 {
      let described = { (kind: String?, path: String?) in (kind ?? "?") + (path.map { " (\($0))" } ?? "") }
      notes.append(
        "scoring with the \(described(table.covariance.kind.rawValue, table.covariance.path)) covariance where the fit used "
          + "the \(described(fittedCovariance.kind, fittedCovariance.path)) one: re-scored, not reproduced")
      reproducing = false
    }
    let regression = SupernovaRegression(data: table, options: options())
    let splits = try regression.folds()
    var scores: [EvaluationReport.Fold] = []
    for (k, fold) in folds.enumerated() {
      let rows = splits[k].validation.sorted()
      let block = try ChiSquareBlock(table, rows: rows)
      let mean = SupernovaRegression.magnitudes(
        fold.model, regression.inputs(rows, fold.standardisation), fold.standardisation
      )
      .mean(alongAxes: [1], keepingDimensions: true)
      scores.append(
        .init(
          fold: k, valChi2PerNReported: report.folds[k].valChi2PerN,
          valChi2PerNNow: block.chiSquare(mean).scalar / Double(rows.count)))
    }
    return EvaluationReport(run: name, reproducing: reproducing, notes: notes, folds: scores)
  }
}
