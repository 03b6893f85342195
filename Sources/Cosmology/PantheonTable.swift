import Foundation

/// The Pantheon+SH0ES distance table (`Pantheon+SH0ES.dat`): a one-line header naming 47
/// whitespace-separated columns, then one row per SN observation.
///
/// Every row is validated (column count, every numeric cell a finite number). Repeated `CID`s are
/// the same SN seen by different surveys and stay separate rows, because the covariance has a row
/// for each. In `HOST_*` columns −9 and −999 mean "missing": a row missing a selected column is
/// dropped and counted in `droppedMissing`.
public struct PantheonTable: Sendable {
  /// Candidate IDs (SN names), one per kept row.
  public let names: [String]
  /// Selected columns by header name, each aligned with `names`.
  public let columns: [String: [Double]]
  /// 0-based index of each kept row among the file's data rows: the covariance's row order.
  public let fileRows: [Int]
  /// Data rows in the file.
  public let fileRowCount: Int
  /// Rows dropped because a selected `HOST_*` column held a missing-value sentinel.
  public let droppedMissing: Int
  public let source: URL

  public static let sentinels: Set<Double> = [-9, -999]

  /// Parses `url`, keeping `select` columns (by header name).
  public init(contentsOf url: URL, select: [String]) throws {
    let text = try FileBytes.readText(url)
    let file = url.displayName
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
    guard let headerLine = lines.next(), !headerLine.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw CosmologyError.unreadable(file: url.path, reason: "empty file: expected a header line")
    }
    let header = headerLine.split(whereSeparator: \.isWhitespace).map(String.init)
    guard header.first == "CID" else {
      throw CosmologyError.malformedRow(
        file: file, line: 1, column: nil,
        reason: "header must start with CID, found '\(header.first ?? "")'")
    }
    let indices: [Int] = try select.map { name in
      guard let i = header.firstIndex(of: name), i > 0 else {
        throw CosmologyError.unknownColumn(file: file, name: name, valid: Array(header.dropFirst()))
      }
      return i
    }

    var names: [String] = []
    var values = [[Double]](repeating: [], count: select.count)
    var fileRows: [Int] = []
    var dropped = 0
    var dataRow = 0
    var lineNumber = 1
    while let raw = lines.next() {
      lineNumber += 1
      let cells = raw.split(whereSeparator: \.isWhitespace)
      if cells.isEmpty { continue }
      guard cells.count == header.count else {
        throw CosmologyError.malformedRow(
          file: file, line: lineNumber, column: nil,
          reason: "expected \(header.count) columns, found \(cells.count)")
      }
      var row = [Double](repeating: 0, count: header.count)
      for i in 1..<header.count {
        guard let v = Double(cells[i]) else {
          throw CosmologyError.malformedRow(
            file: file, line: lineNumber, column: header[i],
            reason: "'\(cells[i])' is not a number")
        }
        guard v.isFinite else {
          throw CosmologyError.malformedRow(
            file: file, line: lineNumber, column: header[i],
            reason: "'\(cells[i])' is not finite")
        }
        row[i] = v
      }
      defer { dataRow += 1 }
      let missing = indices.contains { header[$0].hasPrefix("HOST_") && Self.sentinels.contains(row[$0]) }
      if missing {
        dropped += 1
        continue
      }
      names.append(String(cells[0]))
      for (k, i) in indices.enumerated() { values[k].append(row[i]) }
      fileRows.append(dataRow)
    }
    self.names = names
    // A name selected twice: one column.
    self.columns = Dictionary(zip(select, values), uniquingKeysWith: { first, _ in first })
    self.fileRows = fileRows
    self.fileRowCount = dataRow
    self.droppedMissing = dropped
    self.source = url
  }

  public var count: Int { names.count }

  /// A selected column; asking for one not selected is a programmer error.
  public subscript(column: String) -> [Double] {
    guard let c = columns[column] else { preconditionFailure("PantheonTable: column \(column) was not selected") }
    return c
  }
}
