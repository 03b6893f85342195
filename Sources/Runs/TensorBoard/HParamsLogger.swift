import Foundation

/// TensorBoard's HParams tab for one run: its options as hyperparameters and its final metrics,
/// so that the runs of a sweep (`tensorboard --logdir SWEEP`) are listed and compared side by side.
///
/// The records are the `hparams` plugin's own (tensorboard/plugins/hparams/plugin_data.proto and
/// api.proto), hand-encoded: `Summary.Value`s tagged `_hparams_/experiment`,
/// `_hparams_/session_start_info` and `_hparams_/session_end_info` whose metadata carries
/// `PluginData { plugin_name: "hparams", content: HParamsPluginData }`, as TensorBoard's
/// `hparams.summary` and PyTorch's `add_hparams` write them. The folder the logger writes in is
/// the session: its metrics are scalars there, tagged `hparams/NAME`.
///
/// The experiment record is optional and off by default: one run cannot know which options a
/// sweep varies, and TensorBoard takes the first experiment record it finds over everything it
/// would compute from the sessions — which hyperparameters differ (the ones its table shows
/// first), their domains, and every scalar of the session folders as a metric.
public final class HParamsLogger {
  /// One hyperparameter's value (`google.protobuf.Value`: number, string or bool).
  public enum Value: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)

    /// A run document's value (`RunConfiguration.jsonObject()`): numbers, strings and bools as
    /// they are, arrays joined with commas, objects as key=value text. Non-finite numbers become
    /// strings (`google.protobuf.Value` cannot carry them).
    public init(_ value: JSONValue) {
      switch value {
      case .bool(let b): self = .bool(b)
      case .integer(let n): self = .number(Double(n))
      case .unsigned(let n): self = .number(Double(n))
      case .number(let x): self = x.isFinite ? .number(x) : .string("\(x)")
      case .string(let s): self = .string(s)
      case .array(let list): self = .string(list.map { Value($0).text }.joined(separator: ","))
      case .null: self = .string("null")
      case .object(let o):
        self = .string(o.keys.sorted().map { "\($0)=\(Value(o[$0] ?? .null).text)" }.joined(separator: ","))
      }
    }

    /// The value as text, as a list joins it.
    var text: String {
      switch self {
      case .number(let x): x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
      case .string(let s): s
      case .bool(let b): "\(b)"
      }
    }

    /// api.proto `DataType`: STRING 1, BOOL 2, FLOAT64 3.
    var dataType: Int64 {
      switch self {
      case .string: 1
      case .bool: 2
      case .number: 3
      }
    }

    func encode(into value: inout ProtobufWriter) {
      switch self {
      case .number(let x): value.double(2, x)
      case .string(let s): value.string(3, s)
      case .bool(let b): value.int(4, b ? 1 : 0)
      }
    }
  }

  /// api.proto `Status`.
  public enum Status: Int64, Sendable {
    case unknown = 0
    case success = 1
    case failure = 2
    case running = 3
  }

  static let experimentTag = "_hparams_/experiment"
  static let sessionStartTag = "_hparams_/session_start_info"
  static let sessionEndTag = "_hparams_/session_end_info"

  public let writer: TensorBoardWriter
  /// The metric names `finish` will log (declared up front in an experiment record).
  public let metricNames: [String]
  private let wallTime: () -> Double

  /// Opens a new event file in `logDirectory` and writes the session's start (so that a run in
  /// progress is listed) and, with `declaringExperiment`, the experiment: every hyperparameter and
  /// the metrics to come.
  public init(
    logDirectory: URL, hparams: [String: Value], metricNames: [String], declaringExperiment: Bool = false,
    wallTime: @escaping () -> Double = { Date().timeIntervalSince1970 }
  ) throws {
    writer = try TensorBoardWriter(logDirectory: logDirectory, wallTime: wallTime)
    self.metricNames = metricNames
    self.wallTime = wallTime
    let now = wallTime()
    let names = hparams.keys.sorted()
    if declaringExperiment {
      try declareExperiment(names: names, hparams: hparams, time: now)
    }
    try add(Self.sessionStartTag) { data in
      data.message(3) { start in
        for name in names {
          guard let value = hparams[name] else { continue }
          start.message(1) { entry in
            entry.string(1, name)
            entry.message(2) { value.encode(into: &$0) }
          }
        }
        start.double(5, now)
      }
    }
    try writer.flush()
  }

  public static func metricTag(_ name: String) -> String { "hparams/\(name)" }

  private func declareExperiment(names: [String], hparams: [String: Value], time: Double) throws {
    try add(Self.experimentTag) { data in
      data.message(2) { experiment in
        experiment.double(3, time)
        for name in names {
          experiment.message(4) { info in
            info.string(1, name)
            info.int(4, hparams[name]?.dataType ?? 1)
          }
        }
        for metric in metricNames {
          experiment.message(5) { info in info.message(1) { $0.string(2, Self.metricTag(metric)) } }
        }
      }
    }
  }

  /// Logs the final metrics at `step` (non-finite ones are skipped) and ends the session.
  public func finish(metrics: [String: Double], step: Int, status: Status = .success) throws {
    for name in metricNames {
      guard let value = metrics[name], value.isFinite else { continue }
      try writer.addScalar(tag: Self.metricTag(name), value: value, step: step)
    }
    let now = wallTime()
    try add(Self.sessionEndTag) { data in
      data.message(4) { end in
        end.int(1, status.rawValue)
        end.double(2, now)
      }
    }
    try writer.flush()
  }

  /// A `Summary.Value` with no value of its own: the `HParamsPluginData` is its metadata.
  private func add(_ tag: String, _ fill: (inout ProtobufWriter) -> Void) throws {
    var data = ProtobufWriter()
    fill(&data)  // version 0, the default, is left out as protobuf leaves it out
    try writer.addSummaryValue(tag: tag, step: 0) { value in
      value.message(9) { metadata in
        metadata.message(1) { plugin in
          plugin.string(1, "hparams")
          plugin.bytes(2, data.bytes)
        }
      }
    }
  }
}
