import Foundation
import NN

/// A JSON Lines stream of training progress for a driver (a sweep, a dashboard): one object per
/// line, each line handed to the OS as soon as it is written, so that a reader tailing the file
/// or the pipe sees every finished epoch at once.
///
/// Keys are written in the order given and numbers in Swift's shortest round-trip form, so the
/// same run writes the same lines (apart from values the caller makes of the clock). NaN and
/// infinities are written as `null`: JSON has no other spelling for them.
public final class MetricsStream {
  /// One JSON value of a line.
  public enum Value: Sendable, Equatable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)

    var json: String {
      switch self {
      case .number(let x): return x.isFinite ? "\(x)" : "null"
      case .integer(let n): return "\(n)"
      case .string(let s): return jsonStringLiteral(s)
      case .bool(let b): return b ? "true" : "false"
      }
    }
  }

  /// Where the lines go: `-` is standard output, anything else a file created (or emptied) now.
  public let destination: String
  private let handle: FileHandle?
  private let lock = NSLock()

  /// - Parameter destination: a file path, or `-` for standard output.
  public init(destination: String) throws {
    self.destination = destination
    if destination == "-" {
      handle = nil
      return
    }
    guard FileManager.default.createFile(atPath: destination, contents: nil),
      let handle = FileHandle(forWritingAtPath: destination)
    else {
      throw RunsError.writeFailed(path: destination, reason: "cannot create the metrics stream")
    }
    self.handle = handle
  }

  deinit { try? handle?.close() }

  /// Writes one line: `{"key": value, …}` in the order given.
  public func write(_ fields: KeyValuePairs<String, Value>) throws {
    try write(fields.map { ($0.key, $0.value) })
  }

  public func write(_ fields: [(String, Value)]) throws {
    let line = "{" + fields.map { "\(jsonStringLiteral($0.0)): \($0.1.json)" }.joined(separator: ", ") + "}\n"
    lock.lock()
    defer { lock.unlock() }
    guard let handle else {
      // Through print, so that the line keeps its place among the command's printed lines;
      // fflush(nil) flushes stdout without touching the C global (Swift 6 forbids it).
      print(line, terminator: "")
      fflush(nil)
      return
    }
    do {
      try handle.write(contentsOf: Data(line.utf8))
    } catch {
      throw RunsError.writeFailed(path: destination, reason: error.localizedDescription)
    }
  }
}

/// Writes each finished epoch (after validation) to a `MetricsStream`: the `context` fields
/// first (e.g. which fold), then `epoch`, the training and validation losses divided by
/// `trainingScale` and `validationScale` (e.g. the rows, for χ²/N) under the names given, the
/// learning rate, and `elapsed_s` since `start`, the one value that differs between runs.
public final class MetricsJSONLCallback: TrainingCallback {
  public typealias Naming = LossNaming

  private let stream: MetricsStream
  private let context: [(String, MetricsStream.Value)]
  private let naming: Naming
  private let start: Date

  public init(stream: MetricsStream, context: [(String, MetricsStream.Value)] = [], naming: Naming, start: Date) {
    self.stream = stream
    self.context = context
    self.naming = naming
    self.start = start
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
    guard event == .validationEnd, let m = loop.current else { return }
    let validation = m.validationLoss.map { MetricsStream.Value.number($0 / naming.validationScale) } ?? .number(.nan)
    try stream.write(
      context + [
        ("epoch", .integer(m.epoch)),
        (naming.training, .number(m.trainingLoss / naming.trainingScale)),
        (naming.validation, validation),
        ("lr", .number(m.learningRate)),
        ("elapsed_s", .number((Date().timeIntervalSince(start) * 1000).rounded() / 1000)),
      ])
  }
}
