import ArgumentParser
import CUDABackend
import Foundation
import GNN
import NN
import Orbits
import Plot

/// `gnn train`: fit the gravity network on the training years, pick the epoch by validation
/// loss, report per-body acceleration errors on the test years.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train the gravity graph network on an ephemeris (default: the DE421 kernel in Data/).",
    discussion: """
      Trains 1980–2014, validates 2015–2021 (best epoch), tests 2022–2029. Writes OUT/config.json, \
      OUT/report.json, checkpoints, metrics CSV, TensorBoard logs, and plots in --plots. \
      --quick trains a few epochs on 4-day steps (a smoke run: minutes → seconds, not accurate).
      """)

  @OptionGroup var data: DataOptions
  @Option(parsing: .unconditional, help: "Hidden widths of the edge MLP, comma separated.") var hidden: String = "64,64,64"
  @Option(help: "Activation of the edge MLP.") var activation: String = "silu"
  @Option(parsing: .unconditional, help: "Passes over the training epochs.") var epochs: Int = 60
  @Option(parsing: .unconditional, help: "Time steps per batch.") var batch: Int = 64
  @Option(parsing: .unconditional, help: "Peak learning rate (cosine decay; the masses' is 100× this).") var lr: Double = 1e-3
  @Option(parsing: .unconditional, help: "Seed for the initial weights and batch order.") var seed: UInt64 = 1
  @Option(help: "Compute device: cpu, cuda, cuda:N, or auto (CUDA when it works, else cpu).") var device: String = "cpu"
  @Option(help: "Run directory.") var out: String = "runs/gnn"
  @Option(help: "Also write the figures here.") var plots: String = "Plots/gnn"
  @Flag(help: "A short smoke run: 6 epochs on 4-day steps.") var quick = false
  @Flag(help: "Continue an interrupted run in --out from its last checkpoint (same options).") var resume = false
  @Flag(help: "No progress output.") var quiet = false
  @Option(help: ArgumentHelp("Stream each epoch as a JSON line to this file, or - for standard output.",
                             discussion: "Fields: epoch, train_loss, val_loss, lr, elapsed_s; a last line with \"final\": true and best_validation_loss."))
  var metricsJsonl: String?

  func validate() throws {
    do { _ = try ComputeDevice(parsing: device) } catch { throw ValidationError("\(error)") }
    guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, got \(epochs)") }
    guard batch >= 1 else { throw ValidationError("--batch must be ≥ 1 time step, got \(batch)") }
    guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number, got \(lr)") }
    guard Activation(rawValue: activation) != nil else {
      throw ValidationError("--activation must be one of \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard !out.isEmpty, !plots.isEmpty else { throw ValidationError("--out and --plots must name folders") }
    guard metricsJsonl?.isEmpty != true else { throw ValidationError("--metrics-jsonl must name a file, or - for standard output") }
    let widths = try parseWidths(hidden)
    // The edge MLP runs on every pair of every time step of a batch: refuse what cannot fit.
    let bodies = try data.bodyCount()
    let pairs = bodies * (bodies - 1) / 2
    let estimate = MemoryEstimate(widths: [3] + widths + [4], members: 1, rows: MemoryEstimate.product([batch, pairs]) ?? Int.max)
    do { try estimate.check("--hidden \(hidden) with --batch \(batch) on \(pairs) pairs") } catch { throw ValidationError("\(error)") }
  }

  func run() throws {
    let started = Date()
    var data = self.data
    var options = GravityTrainingOptions()
    options.hidden = try parseWidths(hidden)
    options.activation = Activation(rawValue: activation)!
    options.epochs = epochs
    options.batchSize = batch
    options.learningRate = lr
    options.seed = seed
    options.showProgress = !quiet
    options.resume = resume
    if quick { (data.step, options.epochs) = ("4d", min(epochs, 6)) }

    let (backend, deviceSummary) = try ComputeDevice(parsing: device).makeBackend()
    if !quiet && device != "cpu" { print(deviceSummary) }
    let dataset = try data.load()
    let (trainingSet, validationSet, testSet) = try data.split(dataset)
    let graph = GravityGraph(for: trainingSet)
    print("\(dataset.bodies.count) bodies, \(graph.pairCount) pairs; epochs: \(trainingSet.epochs.count) training, "
          + "\(validationSet.epochs.count) validation, \(testSet.epochs.count) test (every \(data.step))")
    let training = try GravitySplit(trainingSet, graph: graph, on: backend)
    let validation = try GravitySplit(validationSet, graph: graph, on: backend)
    let test = try GravitySplit(testSet, graph: graph, on: backend)

    let trainer = GravityTrainer(graph: graph, options: options)
    let config = GravityRunConfig(source: data.source, model: trainer.initialModel(training: training), options: options)
    // --resume continues only the run these options describe, and leaves its config.json as it is.
    let run = resume ? try RunDirectory(resuming: URL(fileURLWithPath: out), options: try config.jsonObject())
                     : try RunDirectory(starting: URL(fileURLWithPath: out)) { try config.write(to: $0.config) }
    let telemetry = try TrainTelemetry(metricsPath: metricsJsonl, run: run, hparams: [
      "data": data.data, "step": data.step, "hidden": hidden, "activation": activation, "epochs": options.epochs,
      "batch": batch, "lr": lr, "seed": seed, "device": device, "quick": quick], start: started)
    // Ctrl-C or SIGTERM stops after the current epoch with a checkpoint written; --resume continues.
    let fit = try trainer.fit(training: training, validation: validation, run: run,
                              extraCallbacks: [InterruptCallback()] + telemetry.callbacks)
    if fit.stopReason == "interrupted" {
      throw CommandFailure("interrupted at epoch \(fit.history.count); run again with --resume to continue")
    }

    let evaluation = try GravityEvaluation(model: fit.model, split: test, name: "test")
    evaluation.printTable()
    let masses = bodyRecords(dataset.bodies, masses: fit.model.masses, reference: graph.referenceBody)
    let report: [String: Any] = [
      "command": "train", "data": data.data, "bodies": dataset.bodies.map(\.name),
      "epochs_trained": fit.history.count, "best_epoch": fit.bestEpoch ?? -1,
      "best_validation_loss": fit.history.compactMap(\.validationLoss).min() ?? .nan,
      "test": evaluation.json, "learned_masses": masses,
      "seconds": Date().timeIntervalSince(started),
    ]
    try run.writeJSON(report, to: run.report)
    try telemetry.finish(fit)

    let writer = PlotWriter(directory: URL(fileURLWithPath: plots))
    _ = try writer.write(learningCurveFigure(fit.history, title: "gravity network: per-body scaled loss",
                                             lossLabel: "Σ|Δa|²/Σ|a|² (mean over bodies)", bestEpoch: fit.bestEpoch,
                                             overfitOnset: nil), name: "learning-curves")
    try evaluation.plot(to: writer)
    try GravityPlots.masses(learned: masses, writer: writer, title: "learned masses (network)", name: "masses-network")
    print("wrote \(run.report.path) and plots in \(plots) (\(String(format: "%.0f", Date().timeIntervalSince(started))) s)")
  }
}

func parseWidths(_ text: String) throws -> [Int] {
  let parts = text.split(separator: ",", omittingEmptySubsequences: false)
  let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  guard !values.isEmpty, values.count == parts.count, values.allSatisfy({ $0 > 0 }) else {
    throw ValidationError("--hidden must be comma-separated positive widths, e.g. 64,64,64; got '\(text)'")
  }
  return values
}
