import TensorCore

/// Runs a fit: epochs of (shuffled) batches, one optimizer step per batch, validation after each
/// epoch, and events to callbacks in between.
///
/// The caller supplies the losses as closures of the model, which keeps the trainer ignorant of
/// the data: `trainingLoss(model, rows, context)` gets the rows of one batch (all rows for
/// full-batch training), `validationLoss(model)` the evaluation-mode loss on held-out data.
public struct Trainer<Model: Layer> {
  public var epochs: Int
  /// Rows per batch; nil for full-batch training.
  public var batchSize: Int?
  public var rowCount: Int
  /// Rescale gradients to this global norm when it is exceeded.
  public var gradientClipNorm: Double?
  public var callbacks: [any TrainingCallback]
  /// Callbacks that need the model as its own type; told after `callbacks`.
  public var modelCallbacks: [any ModelTrainingCallback<Model>]
  /// A batch's loss value and gradients, when not `trainingLoss` differentiated on the whole
  /// batch in this process (data-parallel training: `SlicedGradient`).
  public var batchGradient: ((Model, [Int]?, ForwardContext) throws -> (value: Double, gradients: [Tensor]))?

  public init(
    epochs: Int, rowCount: Int, batchSize: Int? = nil, gradientClipNorm: Double? = nil,
    callbacks: [any TrainingCallback] = [], modelCallbacks: [any ModelTrainingCallback<Model>] = []
  ) {
    precondition(epochs >= 0 && rowCount > 0, "Trainer: needs epochs ≥ 0 and rows > 0")
    self.epochs = epochs
    self.rowCount = rowCount
    self.batchSize = batchSize
    self.gradientClipNorm = gradientClipNorm
    self.callbacks = callbacks
    self.modelCallbacks = modelCallbacks
  }

  /// Trains `model` and returns the final loop state (model, optimizer, history).
  ///
  /// - Parameter resume: a loop state to continue from (see `Checkpoint`); its epoch count says
  ///   where to pick up.
  public func fit(
    _ model: Model, optimizer: any Optimizer, generator: RandomGenerator,
    resume: ResumeState? = nil,
    trainingLoss: (Model, [Int]?, ForwardContext) -> Tensor,
    validationLoss: ((Model) -> Double)? = nil
  ) throws -> TrainingLoop<Model> {
    let loop = TrainingLoop(model: model, optimizer: optimizer, generator: generator, epochs: epochs)
    if let resume {
      loop.model.parameters = resume.parameters
      loop.model.buffers = resume.buffers
      try loop.optimizer.restore(resume.optimizerState)
      loop.generator = resume.generator
      loop.history = resume.history
      loop.epoch = resume.history.count
    }
    try emit(.fitStart, loop)
    while loop.epoch < epochs && loop.stopReason == nil {
      try runEpoch(loop, trainingLoss: trainingLoss, validationLoss: validationLoss)
      loop.epoch += 1
    }
    try emit(.fitEnd, loop)
    return loop
  }

  private func runEpoch(
    _ loop: TrainingLoop<Model>, trainingLoss: (Model, [Int]?, ForwardContext) -> Tensor,
    validationLoss: ((Model) -> Double)?
  ) throws {
    let batches: [[Int]?]
    if let size = batchSize, size < rowCount {
      let order = loop.generator.permutation(rowCount)
      batches = stride(from: 0, to: rowCount, by: size).map { Array(order[$0..<min($0 + size, rowCount)]) }
    } else {
      batches = [nil]
    }
    loop.batchCount = batches.count
    loop.history.append(
      EpochMetrics(
        epoch: loop.epoch, trainingLoss: 0, validationLoss: nil,
        learningRate: loop.optimizer.learningRate))
    try emit(.epochStart, loop)
    var total = 0.0
    for (index, rows) in batches.enumerated() {
      loop.batch = index
      try emit(.batchStart, loop)
      let context = ForwardContext(training: true, generator: loop.generator)
      let model = loop.model
      let (value, rawGradients) =
        try batchGradient?(model, rows, context)
        ?? {
          let (value, gradients) = valueAndGradient(at: model.parameters) { p in
            trainingLoss(model.with(parameters: p), rows, context)
          }
          return (value.scalar, gradients)
        }()
      loop.generator = context.generator
      var gradients = rawGradients
      var unclippedNorm: Double?
      if let gradientClipNorm {
        // The norm is read back to the host only here; unclipped, only if a callback asks.
        let clipped = clipByGlobalNorm(gradients, maxNorm: gradientClipNorm)
        (gradients, unclippedNorm) = (clipped.gradients, clipped.norm)
      }
      var parameters = model.parameters
      loop.optimizer.update(&parameters, along: gradients)
      loop.model.parameters = parameters
      loop.gradients = gradients
      loop.unclippedNorm = unclippedNorm
      loop.batchLoss = value
      total += loop.batchLoss * Double(rows?.count ?? rowCount)
      try emit(.batchEnd, loop)
    }
    loop.history[loop.history.count - 1].trainingLoss = total / Double(rowCount)
    try emit(.epochEnd, loop)
    if let validationLoss {
      loop.history[loop.history.count - 1].validationLoss = validationLoss(loop.model)
    }
    try emit(.validationEnd, loop)
  }

  private func emit(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
    for callback in callbacks { try callback.handle(event, loop) }
    for callback in modelCallbacks { try callback.handle(event, loop) }
  }
}

/// Where an interrupted fit picks up: everything that decides its future.
public struct ResumeState {
  public var parameters: [Tensor]
  public var buffers: [String: Tensor]
  public var optimizerState: [String: Tensor]
  public var generator: RandomGenerator
  public var history: [EpochMetrics]

  public init(
    parameters: [Tensor], buffers: [String: Tensor], optimizerState: [String: Tensor],
    generator: RandomGenerator, history: [EpochMetrics]
  ) {
    self.parameters = parameters
    self.buffers = buffers
    self.optimizerState = optimizerState
    self.generator = generator
    self.history = history
  }
}
