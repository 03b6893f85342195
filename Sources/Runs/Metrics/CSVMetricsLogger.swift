import DurableFiles
import Foundation
import NN

/// Appends one CSV row of named metrics per epoch: `epoch,<column>,<column>,…`.
///
/// A fresh run replaces the file. A resumed run either gives the rows it resumes with (`rows:`,
/// rebuilt from its checkpoint's history: what the file should hold, whatever a kill left in
/// it) or `resumingAt: n`, which keeps the file's rows of epochs before n; either way rows
/// written after the checkpoint it resumes from (a run killed between checkpoints) are dropped
/// rather than repeated. A different header is an error rather than a silently mixed file.
/// Each row is written to the file as it is logged, so a killed run loses none it has logged.
/// Missing metrics are empty fields; NaN is written as `NaN` (pandas and numpy read it).
public final class CSVMetricsLogger {
  public let file: URL
  public let columns: [String]
  private let handle: FileHandle

  public convenience init(file: URL, columns: [String], resumingAt resumedEpoch: Int? = nil) throws {
    let header = Self.header(columns)
    var kept: [String] = []
    if let resumedEpoch, let existing = try? String(contentsOf: file, encoding: .utf8), !existing.isEmpty {
      let lines = existing.split(separator: "\n").map(String.init)
      guard lines[0] == header else {
        throw RunsError.writeFailed(
          path: file.path, reason: "existing header '\(lines[0])' differs from '\(header)'; choose another file")
      }
      kept = lines.dropFirst().filter { line in Int(line.prefix { $0 != "," }).map { $0 < resumedEpoch } ?? false }
    }
    try self.init(file: file, columns: columns, lines: kept)
  }

  /// Starts the file (atomically) with `rows`, e.g. a resumed fit's history up to its checkpoint.
  public convenience init(file: URL, columns: [String], rows: [(epoch: Int, metrics: [String: Double])]) throws {
    let lines = try rows.map { try Self.line(epoch: $0.epoch, $0.metrics, columns: columns, file: file) }
    try self.init(file: file, columns: columns, lines: lines)
  }

  private init(file: URL, columns: [String], lines: [String]) throws {
    precondition(!columns.isEmpty, "CSVMetricsLogger: needs at least one metric column")
    precondition(Set(columns).count == columns.count, "CSVMetricsLogger: duplicate column in \(columns)")
    precondition(!columns.contains("epoch"), "CSVMetricsLogger: 'epoch' is always the first column")
    self.file = file
    self.columns = columns
    try DurableFile.write(Data(([Self.header(columns)] + lines).map { $0 + "\n" }.joined().utf8), to: file)
    guard let handle = FileHandle(forWritingAtPath: file.path) else {
      throw RunsError.writeFailed(path: file.path, reason: "cannot open for appending")
    }
    self.handle = handle
    do {
      try handle.seekToEnd()
    } catch {
      throw RunsError.writeFailed(path: file.path, reason: error.localizedDescription)
    }
  }

  static func header(_ columns: [String]) -> String {
    (["epoch"] + columns).map(Self.escape).joined(separator: ",")
  }

  static func line(epoch: Int, _ metrics: [String: Double], columns: [String], file: URL) throws -> String {
    let unknown = metrics.keys.filter { !columns.contains($0) }.sorted()
    guard unknown.isEmpty else {
      throw RunsError.unknownMetrics(path: file.path, metrics: unknown, columns: columns)
    }
    let fields = columns.map { name in metrics[name].map(Self.format) ?? "" }
    return ([String(epoch)] + fields).joined(separator: ",")
  }

  deinit {
    try? handle.close()
  }

  /// Writes the row for `epoch` to the file (one write: a kill after it returns loses nothing).
  /// Every key of `metrics` must be one of `columns`.
  public func log(epoch: Int, _ metrics: [String: Double]) throws {
    let line = try Self.line(epoch: epoch, metrics, columns: columns, file: file)
    do {
      try handle.write(contentsOf: Data((line + "\n").utf8))
    } catch {
      throw RunsError.writeFailed(path: file.path, reason: error.localizedDescription)
    }
  }

  /// Rows are written as they are logged; kept for callers that flush at the end.
  public func flush() throws {}

  static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return "\(value)"
  }

  /// RFC 4180 quoting for names with commas, quotes or newlines.
  static func escape(_ field: String) -> String {
    guard field.contains(where: { ",\"\n\r".contains($0) }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
