import ArgumentParser
import CUDABackend
import CommandSupport
import Foundation
import GNN
import NN
import Orbits
import Plot
import Runs
import TensorCore

/// `gnn train`: fit the gravity network on the training years, pick the epoch by validation
/// loss, report per-body acceleration errors on the test years.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train the gravity graph network on an ephemeris (default: the DE421 kernel in Data/).",
    discussion: """
      Trains 1980–2014, validates 2015–2021 (best epoch), tests 2022–2029. Writes OUT/config.json, \
      OUT/report.json, checkpoints, metrics CSV, TensorBoard logs, and plots (OUT/plots unless --plots \
      says otherwise). Without --out each run gets a new folder runs/gnn-train/version_N; a folder that \
      holds a file is refused unless --resume or --overwrite. --config FILE (YAML or JSON, e.g. a \
      run's config.json) gives the options config.json records, --out, --plots and --device; flags \
      given beside it override it. \
      --quick trains a few epochs on 4-day steps (a smoke run: minutes → seconds, not accurate).
      """)

  @OptionGroup var data: DataOptions
  @Option(parsing: .unconditional, help: "Hidden widths of the edge MLP, comma separated.") var hidden: String =
    "64,64,64"
  @Option(help: "Activation of the edge MLP.") var activation: Activation = .silu
  @Option(
    help:
      "log|F| from one MLP of (ln r, m₁, m₂) (joint), or a mass MLP plus one radial MLP shared by every pair (separable)."
  )
  var magnitude: ForceMagnitudeModel = .separable
  @Option(parsing: .unconditional, help: "Passes over the training epochs.") var epochs: Int = 60
  @Option(parsing: .unconditional, help: "Time steps per batch.") var batch: Int = 64
  @Option(parsing: .unconditional, help: "Peak learning rate (cosine decay; the masses' is 100× this).") var lr:
    Double = 1e-3
  @Option(parsing: .unconditional, help: "Seed for the initial weights and batch order.") var seed: UInt64 = 1
  @Option(help: "Compute device (auto: CUDA when it works, else cpu).") var device: ComputeDevice = .cpu
  @Option(help: "Run directory (default: a new runs/gnn-train/version_N).") var out: String?
  @Option(help: "Where the figures go: a folder, or none (default: OUT/plots).") var plots: String?
  @Flag(
    help: "Replace the run in --out: its checkpoints, metrics, TensorBoard logs, plots and reports are removed first.")
  var overwrite = false
  @Option(
    help: ArgumentHelp(
      "Options from a YAML or JSON file (keys as config.json spells them, e.g. a run's own config.json); flags given here override it.",
      valueName: "file"))
  var config: String?
  @Flag(help: "A short smoke run: 6 epochs on 4-day steps.") var quick = false
  @Flag(help: "Continue an interrupted run in --out from its last checkpoint (same options).") var resume = false
  @Flag(help: "No progress output.") var quiet = false
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Compute each batch's gradient in slices of this many time steps, summed in slice order: the same bits in one "
        + "process as over any number of mpirun ranks with the same --slice (under mpirun: default \(DataParallel.defaultSlice)).",
      valueName: "steps"))
  var slice: Int?
  @Option(
    help: ArgumentHelp(
      "Stream each epoch as a JSON line to this file, or - for standard output.",
      discussion:
        "Fields: epoch, train_loss, val_loss, lr, elapsed_s; a last line with \"final\": true and best_validation_loss."
    ))
  var metricsJsonl: String?

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, got \(epochs)") }
    guard batch >= 1 else { throw ValidationError("--batch must be ≥ 1 time step, got \(batch)") }
    guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number, got \(lr)") }
    if let slice, slice < 1 { throw ValidationError("--slice must be ≥ 1 time step, got \(slice)") }
    try RunFolderOptions(out: out, plots: plots, resume: resume, overwrite: overwrite).validate()
    if config != nil { throw ValidationError("--config is read before the other options; give it after `gnn train`") }
    guard metricsJsonl?.isEmpty != true else {
      throw ValidationError("--metrics-jsonl must name a file, or - for standard output")
    }
    let widths = try parseWidths(hidden)
    // The edge MLP runs on every pair of every time step of a batch: refuse what cannot fit.
    let bodies = try data.bodyCount()
    let pairs = bodies * (bodies - 1) / 2
    let estimate = MemoryEstimate(
      widths: GravityNetwork.edgeWidths(hidden: widths, magnitude: magnitude), members: 1,
      rows: MemoryEstimate.product([batch, pairs]) ?? Int.max)
    do { try estimate.check("--hidden \(hidden) with --batch \(batch) on \(pairs) pairs") } catch {
      throw ValidationError("\(error)")
    }
  }

  func run() throws {
    let parallel = try DataParallel(environment: ProcessInfo.processInfo.environment, slice: slice)
    do {
      try train(parallel)
      try parallel.world?.finish()
    } catch {
      // A rank that fails alone would leave the others waiting in a collective for ever.
      if let world = parallel.world {
        FileHandle.standardError.write(Data("rank \(world.rank): \(error)\n".utf8))
        world.abort(code: 1)
      }
      throw error
    }
  }

  /// Trains (every rank), then evaluates and writes the report and plots (rank 0 only).
  private func train(_ parallel: DataParallel) throws {
    let started = Date()
    let quiet = self.quiet || !parallel.isRoot
    var data = try self.data.resolved()
    var options = GravityTrainingOptions()
    options.hidden = try parseWidths(hidden)
    options.activation = activation
    options.magnitude = magnitude
    options.epochs = epochs
    options.batchSize = batch
    options.learningRate = lr
    options.seed = seed
    options.showProgress = !quiet
    options.resume = resume
    options.writesRun = parallel.isRoot
    options.gradientSlice = parallel.gradient?.sliceRows
    if quick { (data.step, options.epochs) = ("4d", min(epochs, 6)) }

    let (backend, deviceSummary) = try device.makeBackend()
    if !quiet && device != .cpu { print(deviceSummary) }
    let dataset = try data.load()
    let (trainingSet, validationSet, testSet) = try data.split(dataset)
    let graph = GravityGraph(for: trainingSet)
    if !quiet, let line = parallel.summary(batch: options.batchSize) { print(line) }
    if parallel.isRoot {
      print(
        "\(dataset.bodies.count) bodies, \(graph.pairCount) pairs; epochs: \(trainingSet.epochs.count) training, "
          + "\(validationSet.epochs.count) validation, \(testSet.epochs.count) test (every \(data.step))")
    }
    let training = try GravitySplit(trainingSet, graph: graph, on: backend)
    let validation = try GravitySplit(validationSet, graph: graph, on: backend)
    let test = try GravitySplit(testSet, graph: graph, on: backend)

    let trainer = GravityTrainer(graph: graph, options: options)
    let config = GravityRunConfig(
      source: data.source, model: trainer.initialModel(training: training), options: options)
    // --resume continues only the run these options describe, and leaves its config.json as it is.
    // Ranks other than 0 write nothing; they open the run only to resume from it (--resume needs --out,
    // so they never number a new folder of their own).
    let folders = RunFolderOptions(out: out, plots: plots, resume: resume, overwrite: overwrite)
    let run: RunDirectory? =
      resume
      ? try RunDirectory(resuming: try folders.runFolder(default: "runs/gnn-train"), configuration: config)
      : parallel.isRoot
        ? try RunDirectory(
          starting: try folders.runFolder(default: "runs/gnn-train"), configuration: config, overwrite: overwrite)
        : nil
    if parallel.isRoot, let run { print("run folder: \(run.root.path)") }
    let telemetry = try run.map { run in
      try TrainTelemetry(
        metricsPath: metricsJsonl, run: run,
        hparams: [
          "data": .string(data.source.data), "step": .string(data.step), "hidden": .string(hidden),
          "activation": .string(activation.rawValue),
          "magnitude": .string(magnitude.rawValue), "epochs": .integer(Int64(options.epochs)),
          "batch": .integer(Int64(batch)),
          "lr": .number(lr), "seed": .unsigned(seed), "device": .string(device.description), "quick": .bool(quick),
        ], start: started)
    }
    // Ctrl-C stops after the current epoch with a checkpoint written; --resume continues. Under
    // mpirun the ranks could see it at different epochs and wait on each other: there Ctrl-C ends
    // the job at once, and the last checkpoint (written atomically) is what --resume continues.
    let interrupt = parallel.world == nil ? InterruptCallback() : nil
    interrupt?.install()
    let fit = try trainer.fit(
      training: training, validation: validation, run: run, config: config,
      extraCallbacks: (interrupt.map { [$0] } ?? []) + (telemetry?.callbacks ?? []), dataParallel: parallel.gradient)
    interrupt?.uninstall()  // past the fit, Ctrl-C ends the command at once
    guard let run, let telemetry, parallel.isRoot else { return }
    if fit.stopReason == .interrupted {
      throw CommandFailure("interrupted at epoch \(fit.history.count); run again with --resume to continue")
    }

    let evaluation = try GravityEvaluation(model: fit.model, split: test, name: "test")
    evaluation.printTable()
    let masses = LearnedMass.records(dataset.bodies, masses: fit.model.masses, reference: graph.referenceBody)
    let report = GravityTrainReport(
      data: data.source.data, bodies: dataset.bodies.map(\.name), epochsTrained: fit.history.count,
      bestEpoch: fit.bestEpoch ?? -1,
      bestValidationLoss: fit.history.compactMap(\.validationLoss).min() ?? .nan, test: evaluation.report,
      learnedMasses: masses)
    try report.write(to: run.report)
    try RunTiming.record(
      command: GravityTrainReport.command, seconds: Date().timeIntervalSince(started), in: run.timing)
    try telemetry.finish(fit)

    guard let plotsFolder = folders.plotsFolder(run) else {
      print("wrote \(run.report.path) (\(String(format: "%.0f", Date().timeIntervalSince(started))) s)")
      return
    }
    let writer = PlotWriter(directory: plotsFolder)
    _ = try writer.write(
      learningCurveFigure(
        fit.history, title: "gravity network: per-body scaled loss",
        lossLabel: "Σ|Δa|²/Σ|a|² (mean over bodies)", bestEpoch: fit.bestEpoch,
        overfitOnset: nil), name: "learning-curves")
    try evaluation.plot(to: writer)
    try GravityPlots.masses(
      fitted: masses.map { ($0.reference, $0.gm) }, writer: writer, title: "learned masses (network)",
      name: "masses-network")
    print(
      "wrote \(run.report.path) and plots in \(plotsFolder.path) (\(String(format: "%.0f", Date().timeIntervalSince(started))) s)"
    )
  }
}

extension TrainCommand {
  /// `--config` keys: config.json's (its `source` options under `source.`), and where the run
  /// and its figures go. The graph and force scaling are recorded from the data and recomputed.
  static func configArguments() throws -> ConfigArguments {
    var generator = RandomGenerator(seed: 0)
    let graph = GravityGraph(bodyCount: 2, referenceBody: 0, logDistanceMean: 0, logDistanceScale: 1)
    let example = GravityRunConfig(
      source: try DataOptions.parse([]).source,
      model: GravityNetwork(graph: graph, hidden: [1], forceOffset: 0, generator: &generator),
      options: GravityTrainingOptions())
    var keys = try ConfigArguments.keys(of: example, renamed: ["batchSize": "batch", "learningRate": "lr"])
    for key in keys.keys where key.hasPrefix("graph.") { keys[key] = nil }
    keys["graph.*"] = .recorded
    keys["forceOffset"] = .recorded
    keys["forceScale"] = .recorded
    for name in ["out", "plots", "device"] { keys[name] = .option(name) }
    keys["gradientSlice"] = .option("slice")
    return ConfigArguments(subcommand: "train", keys: keys)
  }
}

func parseWidths(_ text: String) throws -> [Int] { try parseHiddenWidths(text, example: "64,64,64") }

extension ForceMagnitudeModel: ExpressibleByArgument {}
