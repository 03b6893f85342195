import ArgumentParser
import CUDABackend
import CommandSupport
import Cosmology
import Foundation
import NN
import Plot
import Runs

/// `cosmo fit`: the cross-validated MLP regression of supernova magnitudes on redshift.
struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Regress supernova magnitudes on redshift with a small MLP: k-fold CV, ensembles, overfitting onset.",
    discussion: """
      Inputs are standardised per fold (log10 z for the redshift); the loss is the covariance-weighted \
      χ² in mag². Writes OUT/config.json, OUT/report.json, checkpoints, metrics CSV, TensorBoard logs \
      and plots (OUT/plots unless --plots says otherwise). Without --out each run gets a new folder \
      runs/cosmo-fit/version_N (N one more than the highest there, as PyTorch Lightning numbers its \
      runs); a folder that holds a file is refused unless --resume or --overwrite. \
      --config FILE (YAML or JSON, e.g. a run's config.json) gives the options config.json records, \
      --out and --plots; flags given beside it override it.
      """)

  @OptionGroup var data: DataOptions
  @Option(help: "Target column (default m_b_corr; mB when --features is given).") var target: String?
  @Option(help: "Extra input columns, comma separated (e.g. x1,c).") var features: String = ""
  @Option(help: "Redshift input column.") var z: RedshiftColumn = .zCMB
  @Option(parsing: .unconditional, help: "Hidden layer widths, comma separated (32: two linear layers 1→32→1).")
  var hidden: String = "32"
  @Option(help: "Activation of the hidden layers.") var activation: Activation = .tanh
  @Option(parsing: .unconditional, help: "Dropout probability between layers (enables Monte Carlo dropout in predict).")
  var dropout: Double = 0
  @Option(parsing: .unconditional, help: "Epochs of full-batch Adam.") var epochs: Int = 2000
  @Option(parsing: .unconditional, help: "Learning rate.") var lr: Double = 1e-2
  @Option(help: "Learning-rate schedule: constant, or cosine (decays to lr/100 by the last epoch).")
  var schedule: SupernovaRegression.Schedule = .constant
  @Option(parsing: .unconditional, help: "Decoupled weight decay (AdamW).") var weightDecay: Double = 0
  @Flag(inversion: .prefixedNo, help: "AMSGrad: divide Adam's steps by the largest second moment so far.") var amsgrad =
    false
  @Option(parsing: .unconditional, help: "Cross-validation folds (grouped by CID).") var folds: Int = 5
  @Option(parsing: .unconditional, help: "Ensemble members per fold.") var ensemble: Int = 4
  @Flag(inversion: .prefixedNo, help: "Stop a fold once validation χ² has not improved for --patience epochs.")
  var earlyStop = false
  @Option(parsing: .unconditional, help: "Patience for --early-stop.") var patience: Int = 200
  @Option(parsing: .unconditional, help: "Overfitting detector window W (epochs).") var overfitWindow: Int = 10
  @Option(parsing: .unconditional, help: "Overfitting detector threshold Δ (mag²).") var overfitThreshold: Double = 1.0
  @Option(parsing: .unconditional, help: "Seed for folds and initial weights.") var seed: UInt64 = 1
  @Option(help: "Compute device (auto: CUDA when it works, else cpu).") var device: ComputeDevice = .cpu
  @Option(help: "Run directory (default: a new runs/cosmo-fit/version_N).") var out: String?
  @Option(help: "Where the figures go: a folder (stable names), or none (default: OUT/plots).") var plots: String?
  @Flag(
    help: "Replace the run in --out: its checkpoints, metrics, TensorBoard logs, plots and reports are removed first.")
  var overwrite = false
  @Option(
    help: ArgumentHelp(
      "Options from a YAML or JSON file (keys as config.json spells them, e.g. a run's own config.json); flags given here override it.",
      valueName: "file"))
  var config: String?
  @Flag(help: "No progress output.") var quiet = false
  @Flag(help: "Continue an interrupted run in --out from its checkpoints (same options).") var resume = false
  @Flag(
    help:
      "Also write an animated GIF of fold 0's first member snapping onto the data (fit-animation.gif beside the figures)."
  )
  var animate = false
  @Option(parsing: .unconditional, help: "Epochs between animation frames.") var animateEvery: Int = 20
  @Option(
    help: ArgumentHelp(
      "Train only shard i of n: the folds k with k mod n = i, each exactly as in one run (default: "
        + "the launcher's variables, OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/SIZE, SLURM_ARRAY_TASK_ID/COUNT, "
        + "SLURM_PROCID/NTASKS; else all). Merge the shards' --out folders with cosmo gather.",
      valueName: "i/n"))
  var shard: String?
  @Option(
    help: ArgumentHelp(
      "Stream each epoch as a JSON line to this file, or - for standard output.",
      discussion:
        "Fields: fold, member, epoch, train_chi2_per_n, val_chi2_per_n, lr, elapsed_s; a last line with \"final\": true and the cross-validated metrics."
    ))
  var metricsJsonl: String?

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, got \(epochs)") }
    guard folds >= 2 else { throw ValidationError("--folds must be ≥ 2, got \(folds)") }
    guard ensemble >= 1 else { throw ValidationError("--ensemble must be ≥ 1, got \(ensemble)") }
    guard dropout.isFinite, (0..<1).contains(dropout) else {
      throw ValidationError("--dropout must be in [0, 1), got \(dropout)")
    }
    guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number, got \(lr)") }
    guard weightDecay.isFinite, weightDecay >= 0 else {
      throw ValidationError("--weight-decay must be ≥ 0, got \(weightDecay)")
    }
    guard patience >= 1 else { throw ValidationError("--patience must be ≥ 1 epoch, got \(patience)") }
    guard overfitWindow >= 1 else { throw ValidationError("--overfit-window must be ≥ 1 epoch, got \(overfitWindow)") }
    guard overfitThreshold.isFinite, overfitThreshold > 0 else {
      throw ValidationError("--overfit-threshold must be a positive number (mag²), got \(overfitThreshold)")
    }
    guard animateEvery >= 1 else { throw ValidationError("--animate-every must be ≥ 1 epoch, got \(animateEvery)") }
    try validateShard()
    try RunFolderOptions(out: out, plots: plots, resume: resume, overwrite: overwrite).validate()
    if animate && plots == RunFolderOptions.noPlots {
      throw ValidationError("--animate draws figures: drop --plots none")
    }
    if config != nil { throw ValidationError("--config is read before the other options; give it after `cosmo fit`") }
    guard metricsJsonl?.isEmpty != true else {
      throw ValidationError("--metrics-jsonl must name a file, or - for standard output")
    }
    let inputs = try featureNames()
    if let target, inputs.contains(target) || RedshiftColumn(rawValue: target) != nil {
      throw ValidationError("--target \(target) is also an input; the target must be another column")
    }
    try checkMemory(rows: 1, inputs: 1 + inputs.count)
  }

  /// The extra input columns: distinct, named, and none of them a redshift.
  private func featureNames() throws -> [String] {
    guard !features.isEmpty else { return [] }
    let names = features.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard names.allSatisfy({ !$0.isEmpty }) else {
      throw ValidationError("--features has an empty name in '\(features)'")
    }
    var seen = Set<String>()
    for name in names {
      guard seen.insert(name).inserted else { throw ValidationError("--features names \(name) twice") }
      guard RedshiftColumn(rawValue: name) == nil else {
        throw ValidationError("--features \(name): the redshift is always an input (choose which with --z)")
      }
    }
    return names
  }

  /// Refuses networks this machine cannot hold, before the data is read (rows: 1) and again,
  /// with the table's rows, before anything is trained.
  private func checkMemory(rows: Int, inputs: Int) throws {
    var estimate = MemoryEstimate(widths: [inputs] + (try widths()) + [1], members: ensemble, rows: rows)
    // Every fold keeps its per-epoch history (a few hundred bytes an epoch) until the report.
    estimate.bytes = MemoryEstimate.sum(estimate.bytes, MemoryEstimate.product([epochs, folds, 512]))
    do {
      try estimate.check(
        "--hidden \(hidden) with --ensemble \(ensemble), --epochs \(epochs) and --folds \(folds) on \(rows) rows")
    } catch {
      throw ValidationError("\(error)")
    }
  }

  private func widths() throws -> [Int] { try parseHiddenWidths(hidden, example: "32 or 32,32") }

  func run() throws {
    try fit(.train(try shardAssignment(environment: ProcessInfo.processInfo.environment)))
  }

  /// Trains this process's folds, or (`cosmo gather`) rebuilds every fold from the shards'
  /// checkpoints; a whole run then writes the report and figures.
  func fit(_ mode: FitMode) throws {
    let started = Date()
    let (backend, deviceSummary) = try device.makeBackend()
    if !quiet && device != .cpu { print(deviceSummary) }
    let featureList = try featureNames()
    let targetName = target ?? (featureList.isEmpty ? "m_b_corr" : "mB")
    let (problem, notes) = try RegressionData.load(
      data: try data.tableURL, covariance: .init(argument: data.cov), target: targetName, redshift: z.rawValue,
      features: featureList,
      zmin: data.zmin)
    for note in notes { print("note: \(note)") }
    try checkMemory(rows: problem.count, inputs: problem.inputs.count)
    // Diagonal errors are columns of this file: its fingerprint is their provenance.
    let dataFile = try LCDMReport.DataFile(fingerprinting: try data.tableURL)

    var options = SupernovaRegression.Options()
    options.hidden = try widths()
    options.activation = activation
    options.dropout = dropout
    options.epochs = epochs
    options.learningRate = lr
    options.schedule = schedule
    options.weightDecay = weightDecay
    options.amsgrad = amsgrad
    options.folds = folds
    options.ensemble = ensemble
    options.earlyStop = earlyStop
    options.patience = patience
    options.overfitWindow = overfitWindow
    options.overfitThreshold = overfitThreshold
    options.seed = seed
    options.showProgress = !quiet
    options.resume = resume
    options.finishedOnly = mode.isGather
    options.backend = backend
    let regression = SupernovaRegression(data: problem, options: options)
    // --resume continues only the run these options describe, and leaves its config.json as it is.
    let config = try configuration(targetName, featureList)
    let folders = RunFolderOptions(out: out, plots: plots, resume: resume, overwrite: overwrite)
    let run = try mode.runDirectory(folders, configuration: config)

    print("run folder: \(run.root.path)")
    print(
      "\(mode.verb) \(mode.foldsText(folds)) × \(ensemble) members, widths \(regression.widths), \(epochs) epochs, \(problem.count) rows"
    )
    var frames: [Figure] = []
    let snapshot = animate ? try FitAnimation(regression: regression, every: animateEvery) { frames.append($0) } : nil
    let telemetry = try FitTelemetry(
      metricsPath: metricsJsonl, run: run, config: config, regression: regression, start: started)
    // Ctrl-C or SIGTERM stops after the current epoch with a checkpoint written; --resume continues.
    let interrupt = InterruptCallback()
    interrupt.install()
    let results = try regression.crossValidate(
      run: run, shard: mode.shard,
      extraCallbacks: { k in
        [interrupt] + telemetry.callbacks(fold: k)
      }, modelCallbacks: { k in try snapshot.map { k == 0 ? [try $0.callback(fold: k)] : [] } ?? [] })
    try mode.recordShard(in: run, folds: folds)
    let writeTiming = {
      try RunTiming.record(
        command: mode.isGather ? "cosmo gather" : "cosmo fit", seconds: Date().timeIntervalSince(started),
        in: run.timing)
    }
    guard mode.shard.count == 1 else {
      try writeTiming()
      print(
        "shard \(mode.shard): \(mode.unitsText(folds)) done in \(run.root.path); "
          + "when every shard is done: cosmo gather RUN… --out DIR")
      return
    }
    let summary = try RegressionSummary(regression, results)
    if let folder = folders.plotsFolder(run) {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try FitPlots(regression: regression, summary: summary, directory: folder).write()
      if animate { _ = try PlotWriter(directory: folder).writeAnimation(frames, name: "fit-animation", frameDelay: 8) }
      try FitPlots.logImages(from: folder, to: run.tensorboard.appendingPathComponent("plots"))
    }

    printTable(summary)
    let tripp =
      featureList.contains("x1") || featureList.contains("c") ? try trippComparison(summary.meanSlopes, problem) : nil
    let report = CosmoFitReport(
      data: dataFile, target: targetName, features: featureList, redshiftInput: z.rawValue,
      covariance: problem.covariance, notes: notes, summary: summary, tripp: tripp,
      inputRanges: InputRange.ranges(of: problem))
    try report.write(to: run.report)
    try writeTiming()
    try telemetry.finish(summary)
    print("wrote \(run.report.path)")
  }

  /// `--config` keys: config.json's, and where the run and its figures go.
  static func configArguments() throws -> ConfigArguments {
    var keys = try ConfigArguments.keys(of: CosmoFitConfig())
    keys["out"] = .option("out")
    keys["plots"] = .option("plots")
    return ConfigArguments(subcommand: "fit", keys: keys)
  }

  /// config.json: what this run computes (not where it writes or how much it prints).
  func configuration(_ targetName: String, _ featureList: [String]) throws -> CosmoFitConfig {
    var c = CosmoFitConfig()
    (c.data, c.cov, c.zmin, c.target, c.features, c.z) = (
      try data.tableURL.path, data.cov, data.zmin, targetName, featureList, z.rawValue
    )
    (c.hidden, c.activation, c.dropout, c.epochs, c.lr, c.schedule) = (
      try widths(), activation.rawValue, dropout, epochs, lr, schedule.rawValue
    )
    (c.weightDecay, c.amsgrad, c.folds, c.ensemble, c.earlyStop, c.patience) = (
      weightDecay, amsgrad, folds, ensemble, earlyStop, patience
    )
    (c.overfitWindow, c.overfitThreshold, c.seed, c.device) = (
      overfitWindow, overfitThreshold, seed, device.description
    )
    return c
  }

  private func printTable(_ summary: RegressionSummary) {
    print("fold  train χ²/N  val χ²/N  best epoch  overfitting onset")
    for f in summary.folds {
      let onset = f.overfitting.onsetEpoch.map(String.init) ?? "none within \(f.history.count) epochs"
      print(
        String(
          format: "%4d  %10.4f  %8.4f  %10@  %@", f.fold, f.trainingChiSquarePerRow, f.validationChiSquarePerRow,
          f.bestEpoch.map(String.init) ?? "-", onset))
    }
    if summary.folds.allSatisfy({ $0.overfitting.onsetEpoch == nil }) {
      // The user asked to be shown when it starts; say where to look rather than leave a blank.
      print(
        "no fold started to overfit within \(epochs) epochs (validation χ² never rose by Δχ² ≥ \(overfitThreshold) for good: "
          + "the learning-curves figures' lower panels show it at that scale); runs that do, in the README: "
          + "--features x1,c (make run's second fit), --hidden 64,64 --epochs 6000")
    }
    print(
      String(
        format: "cross-validated χ²/N: MLP %.4f, flat ΛCDM on the same folds %.4f",
        summary.crossValidatedChiSquarePerRow, summary.lambdaCDMCrossValidatedChiSquarePerRow))
    let lcdm = summary.lambdaCDM
    print(
      String(
        format:
          "flat ΛCDM on all %d rows, z = %@ in the distance integral: Ωm = %.4f (−%.4f +%.4f), χ² = %.2f for %d dof (the release convention, zHD: cosmo lcdm)",
        lcdm.rows, z.rawValue,
        lcdm.matterDensity, lcdm.matterDensity - lcdm.matterDensityLow, lcdm.matterDensityHigh - lcdm.matterDensity,
        lcdm.chiSquare, lcdm.degreesOfFreedom))
    if !lcdm.coefficients.isEmpty {
      print(
        "  with the other inputs entering ΛCDM linearly, fitted beside Ωm and M: "
          + lcdm.coefficients.sorted { $0.key < $1.key }.map {
            String(format: "%@ %+.4f mag per unit", $0.key, $0.value)
          }
          .joined(separator: ", "))
    }
  }

  /// With target mB the network should learn the standardisation the release applied, bias
  /// correction included (`ReleaseStandardisation`): ∂mB/∂x1 ≈ −α and ∂mB/∂c ≈ +β in effect.
  private func trippComparison(_ slopes: [String: Double], _ data: RegressionData) throws -> CosmoFitReport.Tripp {
    let release = try ReleaseStandardisation(data)
    let network = (alpha: slopes["x1"].map { -$0 }, beta: slopes["c"])
    for (symbol, value, released, effective) in [
      ("α", network.alpha, ReleaseStandardisation.alpha, release?.effectiveAlpha),
      ("β", network.beta, ReleaseStandardisation.beta, release?.effectiveBeta),
    ] {
      guard let value else { continue }
      let applied = effective.map { String(format: ", with its bias correction on these rows %.4f", $0) } ?? ""
      print(String(format: "Tripp %@: network %.4f; release %.4f%@", symbol, value, released, applied))
    }
    return CosmoFitReport.Tripp(
      releaseAlpha: ReleaseStandardisation.alpha, releaseBeta: ReleaseStandardisation.beta,
      releaseEffectiveAlpha: release?.effectiveAlpha, releaseEffectiveBeta: release?.effectiveBeta,
      networkAlpha: network.alpha, networkBeta: network.beta)
  }
}
