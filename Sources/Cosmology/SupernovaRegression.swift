import Foundation
import NN
import Runs
import TensorCore

/// The supernova regressor: a small MLP from redshift (and light-curve features) to magnitude,
/// trained on the covariance-weighted χ², k-fold cross-validated with folds grouped by CID,
/// an ensemble of members per fold sharing one whitening pass.
public struct SupernovaRegression {
  public struct Options {
    public var hidden: [Int] = [32]
    public var activation: Activation = .tanh
    public var dropout = 0.0
    public var epochs = 2000
    public var learningRate = 1e-2
    /// How the learning rate moves over the epochs.
    public var schedule: Schedule = .constant
    public var weightDecay = 0.0
    /// Adam's AMSGrad variant (steps divided by the largest second moment so far).
    public var amsgrad = false
    public var folds = 5
    public var ensemble = 4
    public var earlyStop = false
    public var patience = 200
    public var overfitWindow = 10
    public var overfitThreshold = 1.0
    public var seed: UInt64 = 1
    /// Feed log10 z rather than z: the distance modulus is close to linear in log z.
    public var logRedshift = true
    public var showProgress = true
    /// Continue folds from their `last.safetensors` (a fold that finished is not retrained).
    public var resume = false
    /// Rebuild every fold from its finished checkpoints in the run (`cosmo gather`): nothing is
    /// trained and no file of the fold is written; a fold that would need training is an error.
    public var finishedOnly = false
    /// Where the models, inputs and covariance factors live (the CPU unless `--device` says otherwise).
    public var backend: Backend = CPUBackend.shared
    public init() {}
  }

  /// `cosine` decays the rate from `learningRate` to 1% of it by the last epoch, which calms
  /// Adam's late ringing at a constant rate (spikes in both χ² that fake validation minima).
  public enum Schedule: String, CaseIterable, Sendable { case constant, cosine }

  /// Standardisation of one fold: inputs and target to zero mean, unit variance on its training rows.
  public struct Standardisation: Codable, Equatable {
    public var inputMean: [Double], inputScale: [Double]
    public var targetMean: Double, targetScale: Double
  }

  /// One fold's outcome.
  public struct FoldResult {
    public var fold: Int
    public var trainingRows: [Int], validationRows: [Int]
    public var model: BatchedEnsemble
    public var standardisation: Standardisation
    public var history: [EpochMetrics]
    public var bestEpoch: Int?
    public var overfitting: OverfittingDetector.Report
    /// χ²/N of the ensemble-mean prediction at the selected epoch.
    public var trainingChiSquarePerRow: Double, validationChiSquarePerRow: Double
  }

  public let data: RegressionData
  public let options: Options

  public init(data: RegressionData, options: Options) {
    self.data = data
    self.options = options
  }

  public var widths: [Int] { [data.inputs.count] + options.hidden + [1] }

  /// Member m of fold k starts from seed·1000 + 100k + m: every member and fold is reproducible alone.
  public func memberSeeds(fold k: Int) -> [UInt64] {
    (0..<options.ensemble).map { options.seed &* 1000 &+ UInt64(100 * k + $0) }
  }

  /// Trains every fold of `shard` (fold k when k mod n = i; all by default); `run` receives
  /// checkpoints, metrics and TensorBoard logs per fold.
  /// - Parameters:
  ///   - extraCallbacks: further callbacks for fold k (e.g. telemetry).
  ///   - modelCallbacks: callbacks for fold k that read the ensemble itself (animation frames).
  public func crossValidate(
    run: RunDirectory?, shard: Shard = .whole,
    extraCallbacks: (Int) -> [any TrainingCallback] = { _ in [] },
    modelCallbacks: (Int) throws -> [any ModelTrainingCallback<BatchedEnsemble>] = { _ in [] }
  ) throws -> [FoldResult] {
    try folds().enumerated().filter { shard.owns($0.offset) }.map { k, fold in
      try trainFold(
        k, training: fold.training.sorted(), validation: fold.validation.sorted(), run: run,
        extraCallbacks: extraCallbacks(k), modelCallbacks: modelCallbacks(k))
    }
  }

  /// The folds, grouped by CID and seeded: the same for the same data and seed.
  public func folds() throws -> [KFold.Fold] {
    try KFold.split(groups: data.groups, folds: options.folds, seed: options.seed)
  }

  public func standardisation(for rows: [Int]) -> Standardisation {
    let x = data.inputMatrix(rows, logRedshift: options.logRedshift)
    let d = data.inputs.count
    let n = Double(rows.count)
    var mean = [Double](repeating: 0, count: d)
    var scale = mean
    for j in 0..<d {
      let column = stride(from: j, to: x.count, by: d).map { x[$0] }
      mean[j] = column.reduce(0, +) / n
      scale[j] = max((column.map { ($0 - mean[j]) * ($0 - mean[j]) }.reduce(0, +) / n).squareRoot(), 1e-12)
    }
    let y = rows.map { data.target[$0] }
    let yMean = y.reduce(0, +) / n
    let yScale = max((y.map { ($0 - yMean) * ($0 - yMean) }.reduce(0, +) / n).squareRoot(), 1e-12)
    return Standardisation(inputMean: mean, inputScale: scale, targetMean: yMean, targetScale: yScale)
  }

  /// The standardised input tensor of `rows`.
  public func inputs(_ rows: [Int], _ s: Standardisation) -> Tensor {
    s.standardise(data.inputMatrix(rows, logRedshift: options.logRedshift), rows: rows.count, on: options.backend)
  }

  /// How a fold's losses read everywhere a user sees them: the mean over members of each
  /// member's χ², per row of its split (the loss is the sum over rows; the table's χ²/N is per row).
  public static func chiSquarePerRow(trainingRows: Int, validationRows: Int) -> LossNaming {
    LossNaming(
      training: "train_chi2_per_n", validation: "val_chi2_per_n",
      trainingScale: Double(trainingRows), validationScale: Double(validationRows),
      trainingTag: "chi2_per_n/train", validationTag: "chi2_per_n/validation", label: "χ²/N")
  }

  /// Predicted magnitudes [n, M] of each member.
  public static func magnitudes(
    _ model: BatchedEnsemble, _ x: Tensor, _ s: Standardisation,
    context: ForwardContext = .inference
  ) -> Tensor {
    model(x, context: context) * s.targetScale + s.targetMean
  }

  private func trainFold(
    _ k: Int, training: [Int], validation: [Int], run: RunDirectory?,
    extraCallbacks: [any TrainingCallback],
    modelCallbacks: [any ModelTrainingCallback<BatchedEnsemble>]
  ) throws -> FoldResult {
    let s = standardisation(for: training)
    let (xTrain, xValid) = (inputs(training, s), inputs(validation, s))
    let chiTrain = try ChiSquareBlock(data, rows: training, on: options.backend)
    let chiValid = try ChiSquareBlock(data, rows: validation, on: options.backend)
    let initial = BatchedEnsemble(
      widths: widths, members: memberSeeds(fold: k), activation: options.activation,
      dropout: options.dropout)
    var model = initial.with(parameters: initial.parameters.map { $0.to(backend: options.backend) })
    let members = Double(options.ensemble)

    let stopping = EarlyStoppingCallback(
      patience: options.patience, stopsEarly: options.earlyStop, label: "fold \(k)",
      announce: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
    let naming = Self.chiSquarePerRow(trainingRows: training.count, validationRows: validation.count)
    let overfitting = OverfittingCallback(
      window: options.overfitWindow, threshold: options.overfitThreshold,
      trainingScale: naming.trainingScale, validationScale: naming.validationScale)
    var callbacks: [any TrainingCallback] = [stopping, overfitting]
    if options.schedule == .cosine, options.epochs > 1 {
      callbacks.append(
        LearningRateCallback(
          schedule: CosineDecayWithWarmup(
            peak: options.learningRate, warmupEpochs: 0, totalEpochs: options.epochs - 1,
            minimum: options.learningRate / 100)))
    }
    var resumeState: ResumeState?
    if let run {
      let name = "fold-\(k)"
      let saver = try ModelCheckpoint(
        directory: run.checkpoints.appendingPathComponent(name), every: 100,
        metadata: [
          FoldArchitecture.metadataKey: try FoldArchitecture(
            fold: k, widths: widths, activation: options.activation, dropout: options.dropout,
            members: options.ensemble,
            standardisation: s, seed: options.seed
          ).metadataValue()
        ])
      if options.resume || options.finishedOnly, let state = try saver.resumeState(for: model, stopping: stopping) {
        overfitting.resume(history: state.history)
        resumeState = state
      }
      if options.finishedOnly {
        guard resumeState != nil else {
          throw CosmologyError.fit(reason: "fold \(k) has no checkpoint in \(run.checkpoints.path)/\(name)")
        }
        callbacks.append(RefuseTraining(fold: k))
      } else {
        callbacks += [
          saver,
          try CSVLoggerCallback(
            file: run.metrics.appendingPathComponent("\(name).csv"), naming: naming,
            extraColumns: [OverfittingCallback.riseOnset], resumingFrom: resumeState?.history ?? []),
          try TensorBoardCallback(
            logDirectory: run.tensorboard.appendingPathComponent(name), histogramEvery: 100, naming: naming),
        ]
      }
    }
    if options.showProgress && !options.finishedOnly { callbacks.append(ProgressCallback(naming: naming)) }
    callbacks += extraCallbacks
    let optimizer = Adam(
      for: model.parameters, learningRate: options.learningRate, weightDecay: options.weightDecay,
      decoupledWeightDecay: true, amsgrad: options.amsgrad)
    let loop = try Trainer(
      epochs: options.epochs, rowCount: training.count, callbacks: callbacks, modelCallbacks: modelCallbacks
    )
    .fit(
      model, optimizer: optimizer, generator: RandomGenerator(seed: options.seed &+ UInt64(k)), resume: resumeState,
      trainingLoss: { m, _, context in
        // Mean over members of each member's χ² (mag²).
        chiTrain.chiSquare(Self.magnitudes(m, xTrain, s, context: context)) / members
      },
      validationLoss: { m in
        chiValid.chiSquare(Self.magnitudes(m, xValid, s)).scalar / members
      })
    if loop.stopReason == .interrupted {
      throw CosmologyError.fit(
        reason: "interrupted in fold \(k) after epoch \(loop.history.count - 1); run again with --resume to continue")
    }
    model = loop.model
    let ensembleMean = { (x: Tensor) in Self.magnitudes(model, x, s).mean(alongAxes: [1], keepingDimensions: true) }
    return FoldResult(
      fold: k, trainingRows: training, validationRows: validation, model: model, standardisation: s,
      history: loop.history, bestEpoch: stopping.bestEpoch, overfitting: overfitting.finalReport,
      trainingChiSquarePerRow: chiTrain.chiSquare(ensembleMean(xTrain)).scalar / Double(training.count),
      validationChiSquarePerRow: chiValid.chiSquare(ensembleMean(xValid)).scalar / Double(validation.count))
  }
}

/// χ² of predictions against the target on a block of rows, with the covariance restricted to
/// that block. A full covariance gives Σ_columns rᵀC⁻¹r with C⁻¹ formed once, so that a step's
/// value and gradient take one pass over the n×n matrix (whitening with the Cholesky factor takes
/// two triangular passes); diagonal errors give Σ r²/σ², with no n×n matrix at all.
public struct ChiSquareBlock {
  public enum Weight {
    /// C⁻¹ of the block [n, n].
    case precision(Tensor)
    /// 1/σ² of each row [n, 1].
    case inverseVariance(Tensor)
  }

  public let weight: Weight
  /// The observed magnitudes [n, 1].
  public let target: Tensor

  /// - Throws: the covariance's not-positive-definite error, naming the failing pivot.
  public init(_ data: RegressionData, rows: [Int], on backend: Backend = CPUBackend.shared) throws {
    let block = data.covariance.restricted(to: rows)
    let n = rows.count
    let weight: Weight =
      switch block.kind {
      case .full: .precision(Tensor(shape: [n, n], scalars: try block.precision(), on: backend))
      case .diagonal: .inverseVariance(Tensor(shape: [n, 1], scalars: try block.inverseVariances(), on: backend))
      }
    self.init(weight, target: Tensor(shape: [n, 1], scalars: rows.map { data.target[$0] }, on: backend))
  }

  public init(_ weight: Weight, target: Tensor) {
    self.weight = weight
    self.target = target
  }

  /// Σ over columns of the χ² of predictions [n, k] (k ensemble members).
  public func chiSquare(_ predictions: Tensor) -> Tensor {
    let r = predictions - target
    return switch weight {
    case .precision(let p): quadraticForm(r, precision: p)
    case .inverseVariance(let w): (r * r * w).sum()
    }
  }
}
