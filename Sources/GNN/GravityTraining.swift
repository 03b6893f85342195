import Foundation
import NN
import Orbits
import Runs
import TensorCore

/// What `gnn train` asks for; the run's config.json records it.
public struct GravityTrainingOptions: Sendable {
  /// The paper used 3 × 128 tanh; 3 × 64 SiLU reaches 3e-3 on every body in a quarter of the time.
  public var hidden = [64, 64, 64]
  public var activation = Activation.silu
  public var magnitude = ForceMagnitudeModel.separable
  public var epochs = 60
  /// Time steps per batch.
  public var batchSize = 64
  public var learningRate = 1e-3
  /// The cosine schedule ends at learningRate × this.
  public var finalLearningRateFactor = 1e-3
  public var warmupEpochs = 2
  public var seed: UInt64 = 1
  public var showProgress = true
  public var resume = false
  /// Write checkpoints, metrics and TensorBoard logs into the run (false on data-parallel ranks
  /// other than 0, which read the run only to resume).
  public var writesRun = true
  /// Time steps per gradient slice for `SlicedGradient` (nil: whole batches); recorded in config.json.
  public var gradientSlice: Int?

  public init() {}
}

/// A trained gravity network with its training record.
public struct GravityFit {
  public var model: GravityNetwork
  public var history: [EpochMetrics]
  public var bestEpoch: Int?
  public var stopReason: StopReason?
}

/// Trains `GravityNetwork` on a training split, selecting the epoch with the lowest loss on the
/// validation split, with the run directory's checkpoints, CSV and TensorBoard logs.
public struct GravityTrainer {
  public let options: GravityTrainingOptions
  public let graph: GravityGraph

  public init(graph: GravityGraph, options: GravityTrainingOptions) {
    self.graph = graph
    self.options = options
  }

  /// The untrained network, seeded, on the training data's backend; `forceOffset` centres
  /// log|F| on the data's accelerations at the initial masses.
  public func initialModel(training: GravitySplit) -> GravityNetwork {
    var generator = RandomGenerator(seed: options.seed)
    let a = training.accelerations
    let logMagnitude = Foundation.log((a * a).sum(alongAxes: [2]).mean().scalar.squareRoot())
    let initialLogMass = -10.0
    return GravityNetwork(
      graph: graph, hidden: options.hidden, activation: options.activation,
      magnitude: options.magnitude, initialLogMass: initialLogMass, forceOffset: logMagnitude + initialLogMass,
      generator: &generator
    ).moved(to: a.backend)
  }

  /// - Parameters:
  ///   - config: the run's configuration, recorded in each checkpoint (`model(from:)` checks it).
  ///   - extraCallbacks: e.g. an `InterruptCallback`, so Ctrl-C ends the fit after the current
  ///     epoch with a checkpoint written.
  ///   - dataParallel: each batch's gradient as the sum of its slices', in slice order, over
  ///     the communicator's ranks (every rank then takes the same step); nil: whole batches here.
  public func fit(
    training: GravitySplit, validation: GravitySplit, run: RunDirectory?,
    config: GravityRunConfig? = nil, extraCallbacks: [any TrainingCallback] = [],
    dataParallel: SlicedGradient? = nil
  ) throws -> GravityFit {
    var model = initialModel(training: training)
    let loss = PerBodyScaledLoss(trainingAccelerations: training.accelerations)
    let stopping = EarlyStoppingCallback(patience: options.epochs, stopsEarly: false)
    let schedule = CosineDecayWithWarmup(
      peak: options.learningRate, warmupEpochs: min(options.warmupEpochs, options.epochs - 1),
      totalEpochs: options.epochs,
      minimum: options.learningRate * options.finalLearningRateFactor)
    var callbacks: [any TrainingCallback] = [stopping, LearningRateCallback(schedule: schedule)]
    var resumeState: ResumeState?
    if let run {
      let saver = try ModelCheckpoint(
        directory: run.checkpoints, every: 5,
        metadata: try config.map { [GravityRunConfig.metadataKey: try $0.metadataValue()] } ?? [:])
      if options.resume { resumeState = try saver.resumeState(for: model, stopping: stopping) }
      if options.writesRun {
        callbacks += [
          saver,
          try CSVLoggerCallback(
            file: run.metrics.appendingPathComponent("training.csv"), resumingFrom: resumeState?.history ?? []),
          try TensorBoardCallback(logDirectory: run.tensorboard, histogramEvery: 10),
        ]
      }
    }
    if options.showProgress { callbacks.append(ProgressCallback()) }
    callbacks += extraCallbacks
    var trainer = Trainer<GravityNetwork>(
      epochs: options.epochs, rowCount: training.epochCount, batchSize: options.batchSize, callbacks: callbacks)
    if let dataParallel {
      trainer.batchGradient = { m, rows, context in
        try dataParallel.valueAndGradient(m, rows: rows ?? Array(0..<training.epochCount), context: context) {
          m, slice, batchEpochs, context in
          let batch = training.batch(slice)
          return loss.robust(m(batch.features, context: context), batch.accelerations, batchEpochs: batchEpochs)
        }
      }
    }
    let loop =
      try trainer
      .fit(
        model, optimizer: Adam(for: model.parameters, learningRate: options.learningRate),
        generator: RandomGenerator(seed: options.seed &+ 1), resume: resumeState,
        trainingLoss: { m, rows, context in
          let batch = training.batch(rows ?? Array(0..<training.epochCount))
          return loss.robust(m(batch.features, context: context), batch.accelerations)
        },
        validationLoss: { m in
          loss(Self.predict(m, validation.features), validation.accelerations).scalar
        })
    model = loop.model
    return GravityFit(model: model, history: loop.history, bestEpoch: stopping.bestEpoch, stopReason: loop.stopReason)
  }

  /// Accelerations [T, N, 3] for edge features [T, P, 10], in chunks so memory stays bounded.
  public static func predict(_ model: GravityNetwork, _ features: Tensor, chunk: Int = 256) -> Tensor {
    let t = features.shape[0]
    let parts = stride(from: 0, to: t, by: chunk).map { start in
      model(features.slice(alongAxis: 0, start..<min(start + chunk, t)), context: .inference).detached()
    }
    return parts.count == 1 ? parts[0] : Tensor.concatenate(parts, alongAxis: 0)
  }
}
