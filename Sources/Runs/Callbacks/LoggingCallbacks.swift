import Foundation
import NN

/// Writes each epoch's metrics as a CSV row: epoch, training and validation loss, learning rate,
/// and the extra metrics named in `extraColumns`. Each row reaches the file at its epoch's end.
public final class CSVLoggerCallback: TrainingCallback {
  private let logger: CSVMetricsLogger
  private let naming: LossNaming
  private let extraColumns: [String]

  /// - Parameter history: the epochs a resumed fit continues after (its checkpoint's history):
  ///   the file is rebuilt from them, so rows a kill lost or left beyond the checkpoint are
  ///   neither missing nor repeated. Empty starts the file afresh.
  public init(
    file: URL, naming: LossNaming = .loss, extraColumns: [String] = [], resumingFrom history: [EpochMetrics] = []
  ) throws {
    self.naming = naming
    self.extraColumns = extraColumns
    logger = try CSVMetricsLogger(
      file: file, columns: [naming.training, naming.validation, "learning_rate"] + extraColumns,
      rows: history.map { ($0.epoch, Self.row($0, naming, extraColumns)) })
  }

  static func row(_ m: EpochMetrics, _ naming: LossNaming, _ extraColumns: [String]) -> [String: Double] {
    var row = [naming.training: naming.training(m), "learning_rate": m.learningRate]
    row[naming.validation] = naming.validation(m)
    for name in extraColumns { row[name] = m.extra[name] }
    return row
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
    guard event == .validationEnd, let m = loop.current else { return }
    try logger.log(epoch: m.epoch, Self.row(m, naming, extraColumns))
  }
}

/// Logs scalars every epoch, and histograms of each parameter and its gradient every
/// `histogramEvery` epochs, to TensorBoard event files.
public final class TensorBoardCallback: TrainingCallback {
  public let writer: TensorBoardWriter
  public let histogramEvery: Int
  public let naming: LossNaming

  public init(logDirectory: URL, histogramEvery: Int = 10, naming: LossNaming = .loss) throws {
    self.naming = naming
    writer = try TensorBoardWriter(logDirectory: logDirectory)
    self.histogramEvery = histogramEvery
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
    switch event {
    case .fitStart where !loop.history.isEmpty:
      try writer.addSessionStart(step: loop.history.count)
      try writer.flush()
    case .validationEnd:
      guard let m = loop.current else { return }
      try writer.addScalar(tag: naming.trainingTag, value: naming.training(m), step: m.epoch)
      if let v = naming.validation(m) { try writer.addScalar(tag: naming.validationTag, value: v, step: m.epoch) }
      try writer.addScalar(tag: "learning_rate", value: m.learningRate, step: m.epoch)
      try writer.addScalar(tag: "gradient_norm", value: loop.gradientNorm, step: m.epoch)
      for (name, value) in m.extra.sorted(by: { $0.key < $1.key }) {
        try writer.addScalar(tag: "metrics/\(name)", value: value, step: m.epoch)
      }
      if histogramEvery > 0 && m.epoch % histogramEvery == 0 {
        for (name, (p, g)) in zip(loop.model.parameterNames, zip(loop.model.parameters, loop.gradients)) {
          try writer.addHistogram(tag: "weights/\(name)", values: p.scalars, step: m.epoch)
          try writer.addHistogram(tag: "gradients/\(name)", values: g.scalars, step: m.epoch)
        }
      }
      try writer.flush()
    case .fitEnd: try writer.flush()
    default: break
    }
  }

  /// Adds a PNG (a rendered plot) at `step`; `width`/`height` in pixels.
  public func addImage(tag: String, png: Data, width: Int, height: Int, step: Int) throws {
    try writer.addImage(tag: tag, pngData: png, width: width, height: height, step: step)
  }
}

/// Shows epoch, loss, validation loss and ETA: redrawn in place on a terminal, plain lines in a log.
public final class ProgressCallback: TrainingCallback {
  private var bar: ProgressBar?
  private let makeBar: (Int) -> ProgressBar
  private let naming: LossNaming

  public init(naming: LossNaming = .loss, makeBar: @escaping (Int) -> ProgressBar = { ProgressBar(totalEpochs: $0) }) {
    self.naming = naming
    self.makeBar = makeBar
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
    switch event {
    case .fitStart: bar = makeBar(max(loop.epochs, 1))
    case .validationEnd:
      // Epochs done (a count), beside the losses at the scale every other output uses.
      if let m = loop.current {
        bar?.update(
          epoch: m.epoch + 1, loss: naming.training(m), validationLoss: naming.validation(m), label: naming.label)
      }
    case .fitEnd: bar?.finish()
    default: break
    }
  }
}

/// Calls `draw` every `every` epochs (and at the last), e.g. to write the current prediction plot
/// so a fit can be watched or turned into an animation.
public final class PlotEveryCallback<Model: Layer>: ModelTrainingCallback {
  public let every: Int
  private let draw: (TrainingLoop<Model>) throws -> Void

  public init(every: Int, draw: @escaping (TrainingLoop<Model>) throws -> Void) {
    precondition(every > 0, "PlotEveryCallback: every must be > 0")
    self.every = every
    self.draw = draw
  }

  public func handle(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
    guard event == .validationEnd else { return }
    if loop.epoch % every == 0 || loop.epoch == loop.epochs - 1 { try draw(loop) }
  }
}
