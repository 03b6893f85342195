import Foundation
import Plot

/// Appends one CSV row of named metrics per epoch: `epoch,<column>,<column>,…`.
///
/// A fresh run replaces the file. A resumed run (`resumingAt: n`) keeps the rows of epochs
/// before n and appends after them: rows written after the checkpoint it resumes from (a run
/// killed between checkpoints) are dropped rather than repeated. A different header is an
/// error rather than a silently mixed file. Rows are buffered until `flush()`. Missing metrics
/// are empty fields; NaN is written as `NaN` (pandas and numpy read it).
public final class CSVMetricsLogger {
  public let file: URL
  public let columns: [String]
  private let handle: FileHandle
  private var pending = ""

  public init(file: URL, columns: [String], resumingAt resumedEpoch: Int? = nil) throws {
    precondition(!columns.isEmpty, "CSVMetricsLogger: needs at least one metric column")
    precondition(Set(columns).count == columns.count, "CSVMetricsLogger: duplicate column in \(columns)")
    precondition(!columns.contains("epoch"), "CSVMetricsLogger: 'epoch' is always the first column")
    self.file = file
    self.columns = columns
    let header = (["epoch"] + columns).map(Self.escape).joined(separator: ",")
    var kept = [header]
    if let resumedEpoch, let existing = try? String(contentsOf: file, encoding: .utf8), !existing.isEmpty {
      let lines = existing.split(separator: "\n").map(String.init)
      guard lines[0] == header else {
        throw NNError.writeFailed(
          path: file.path, reason: "existing header '\(lines[0])' differs from '\(header)'; choose another file")
      }
      kept += lines.dropFirst().filter { line in Int(line.prefix { $0 != "," }).map { $0 < resumedEpoch } ?? false }
    }
    try AtomicFile.write(Data((kept.joined(separator: "\n") + "\n").utf8), to: file)
    guard let handle = FileHandle(forWritingAtPath: file.path) else {
      throw NNError.writeFailed(path: file.path, reason: "cannot open for appending")
    }
    self.handle = handle
    do {
      try handle.seekToEnd()
    } catch {
      throw NNError.writeFailed(path: file.path, reason: error.localizedDescription)
    }
  }

  deinit {
    try? flush()
    try? handle.close()
  }

  /// Buffers the row for `epoch`. Every key of `metrics` must be one of `columns`.
  public func log(epoch: Int, _ metrics: [String: Double]) throws {
    let unknown = metrics.keys.filter { !columns.contains($0) }.sorted()
    guard unknown.isEmpty else {
      throw NNError.invalidArgument(
        "CSVMetricsLogger: metrics \(unknown) are not columns of \(file.lastPathComponent) (\(columns))")
    }
    let fields = columns.map { name in metrics[name].map(Self.format) ?? "" }
    pending += ([String(epoch)] + fields).joined(separator: ",") + "\n"
  }

  /// Writes buffered rows to the file.
  public func flush() throws {
    guard !pending.isEmpty else { return }
    do {
      try handle.write(contentsOf: Data(pending.utf8))
    } catch {
      throw NNError.writeFailed(path: file.path, reason: error.localizedDescription)
    }
    pending = ""
  }

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
