import Foundation
import TensorCore
import XCTest

@testable import NN
@testable import Runs

/// A fit killed at every point where it writes a file (each checkpoint write, each epoch's end
/// after its CSV row) and then resumed ends with the same bytes as one that ran straight
/// through: `best` and `last` checkpoints, the metrics CSV, the final weights.
final class CrashConsistencyTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-crash-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

  struct SimulatedKill: Error {}

  /// Throws at the end of epoch `epoch` (after every other callback has handled it).
  final class KillAtEpoch: TrainingCallback {
    let epoch: Int
    init(_ epoch: Int) { self.epoch = epoch }
    func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
      if event == .validationEnd && loop.epoch == epoch { throw SimulatedKill() }
    }
  }

  static let epochs = 12

  /// One attempt at the fit in `folder`; `killAtWrite` counts checkpoint writes from 0.
  @discardableResult
  func attempt(
    in folder: URL, resume: Bool, killAtWrite: Int? = nil, killAtEpoch: Int? = nil,
    interruptAtEpoch: Int? = nil, writes: inout Int
  ) throws -> TrainingLoop<Sequential> {
    let xs = (0..<40).map { Double($0) / 10 }
    let x = Tensor(shape: [40, 1], scalars: xs)
    let y = Tensor(shape: [40, 1], scalars: xs.map(Foundation.cos))
    let xv = Tensor(shape: [8, 1], scalars: (0..<8).map { Double($0) / 2 + 0.05 })
    let yv = Tensor(shape: [8, 1], scalars: (0..<8).map { Foundation.cos(Double($0) / 2 + 0.05) })
    var g = RandomGenerator(seed: 8)
    let model = MLP(widths: [1, 8, 1], dropout: 0.1, generator: &g)
    let stopping = EarlyStoppingCallback(patience: 100)
    let saver = try ModelCheckpoint(directory: folder.appendingPathComponent("checkpoints"), every: 4)
    var count = writes
    saver.beforeWrite = { _ in
      defer { count += 1 }
      if count == killAtWrite { throw SimulatedKill() }
    }
    defer { writes = count }
    let state = resume ? try saver.resumeState(for: model, stopping: stopping) : nil
    var callbacks: [any TrainingCallback] = [
      stopping, saver,
      try CSVLoggerCallback(file: folder.appendingPathComponent("metrics.csv"), resumingFrom: state?.history ?? []),
    ]
    if let killAtEpoch { callbacks.append(KillAtEpoch(killAtEpoch)) }
    if let interruptAtEpoch { callbacks.append(InterruptAtEpoch(interruptAtEpoch)) }
    return try Trainer(epochs: Self.epochs, rowCount: 40, batchSize: 8, callbacks: callbacks)
      .fit(
        model, optimizer: Adam(for: model.parameters, learningRate: 0.05), generator: g, resume: state,
        trainingLoss: { m, rows, c in
          let i = Indices(rows!)
          return Loss.meanSquaredError(m(x.gathering(i), context: c), y.gathering(i))
        },
        validationLoss: { m in Loss.meanSquaredError(m(xv), yv).scalar })
  }

  /// Asks the fit to stop after epoch `epoch`, as `InterruptCallback` does on Ctrl-C.
  final class InterruptAtEpoch: TrainingCallback {
    let epoch: Int
    init(_ epoch: Int) { self.epoch = epoch }
    func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
      if event == .validationEnd && loop.epoch == epoch { loop.stopReason = .interrupted }
    }
  }

  /// Ctrl-C ends the fit through `fitEnd`, where the best weights are put back: `last` must
  /// still hold the weights the fit stopped with, or the resumed fit continues from the best
  /// epoch's weights with the last epoch's optimizer state.
  func testInterruptedThenResumedIsBitIdentical() throws {
    let straightFolder = directory.appendingPathComponent("straight")
    var writes = 0
    let straight = try attempt(in: straightFolder, resume: false, writes: &writes)
    let expected = try files(straightFolder)
    for epoch in [2, 6, 9] {
      let folder = directory.appendingPathComponent("interrupt-\(epoch)")
      writes = 0
      let stopped = try attempt(in: folder, resume: false, interruptAtEpoch: epoch, writes: &writes)
      XCTAssertEqual(stopped.stopReason, .interrupted)
      let resumed = try attempt(in: folder, resume: true, writes: &writes)
      XCTAssertEqual(try files(folder), expected, "interrupted after epoch \(epoch)")
      XCTAssertEqual(
        resumed.model.parameters.flatMap(\.scalars).map(\.bitPattern),
        straight.model.parameters.flatMap(\.scalars).map(\.bitPattern), "interrupted after epoch \(epoch)")
    }
  }

  func files(_ folder: URL) throws -> [String: Data] {
    try ["checkpoints/best.safetensors", "checkpoints/last.safetensors", "metrics.csv"].reduce(into: [:]) {
      $0[$1] = try Data(contentsOf: folder.appendingPathComponent($1))
    }
  }

  func testKillAtEveryWriteThenResumeIsBitIdentical() throws {
    let straightFolder = directory.appendingPathComponent("straight")
    var writes = 0
    let straight = try attempt(in: straightFolder, resume: false, writes: &writes)
    let expected = try files(straightFolder)
    let bestEpoch = try XCTUnwrap(
      ModelCheckpoint.bestEpoch(
        of: Checkpoint.read(from: straightFolder.appendingPathComponent("checkpoints/best.safetensors"))))
    // The test means something only if the best epoch is not simply the last one.
    XCTAssertLessThan(bestEpoch, Self.epochs - 1)
    XCTAssertGreaterThan(writes, 4)

    var kills: [(write: Int?, epoch: Int?)] = (0..<writes).map { ($0, nil) }
    kills += (0..<Self.epochs).map { (nil, $0) }
    for kill in kills {
      let folder = directory.appendingPathComponent("kill-\(kill.write ?? -1)-\(kill.epoch ?? -1)")
      var count = 0
      XCTAssertThrowsError(
        try attempt(in: folder, resume: false, killAtWrite: kill.write, killAtEpoch: kill.epoch, writes: &count))
      // Every file a kill leaves loads.
      for name in ["best", "last"] {
        let url = folder.appendingPathComponent("checkpoints/\(name).safetensors")
        if FileManager.default.fileExists(atPath: url.path) { XCTAssertNoThrow(try Checkpoint.read(from: url)) }
      }
      count = 0
      let resumed = try attempt(in: folder, resume: true, writes: &count)
      let got = try files(folder)
      for (name, bytes) in expected {
        XCTAssertEqual(got[name], bytes, "\(name) after a kill at \(kill)")
      }
      XCTAssertEqual(
        resumed.model.parameters.flatMap(\.scalars).map(\.bitPattern),
        straight.model.parameters.flatMap(\.scalars).map(\.bitPattern), "killed at \(kill)")
    }
  }

  /// A `best` older than the best epoch `last` records (what writing `last` before `best`
  /// left after a kill) is refused, not silently paired with it.
  func testResumeRefusesAStaleBest() throws {
    let folder = directory.appendingPathComponent("run")
    var writes = 0
    XCTAssertThrowsError(try attempt(in: folder, resume: false, killAtEpoch: 5, writes: &writes))
    let checkpoints = folder.appendingPathComponent("checkpoints")
    let stale = try Data(contentsOf: checkpoints.appendingPathComponent("best.safetensors"))
    writes = 0
    try attempt(in: folder, resume: true, writes: &writes)
    try stale.write(to: checkpoints.appendingPathComponent("best.safetensors"))
    let last = try Checkpoint.read(from: checkpoints.appendingPathComponent("last.safetensors"))
    XCTAssertNotEqual(
      last.metadata["best_epoch"],
      try Checkpoint.read(from: checkpoints.appendingPathComponent("best.safetensors")).metadata["best_epoch"])
    writes = 0
    XCTAssertThrowsError(try attempt(in: folder, resume: true, writes: &writes)) { error in
      XCTAssertTrue("\(error)".contains("cannot resume"), "\(error)")
      XCTAssertTrue("\(error)".contains("has its best at epoch \(last.metadata["best_epoch"] ?? "?")"), "\(error)")
    }
    try FileManager.default.removeItem(at: checkpoints.appendingPathComponent("best.safetensors"))
    XCTAssertThrowsError(try attempt(in: folder, resume: true, writes: &writes)) { error in
      XCTAssertTrue("\(error)".contains("best.safetensors: cannot resume: missing"), "\(error)")
    }
  }
}
