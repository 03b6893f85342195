import ArgumentParser
import DurableFiles
import Foundation
import Runs

/// How a command's result is given: a table to read, or CSV or JSON for a program.
public enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
  case table, csv, json
}

/// `--format table|csv|json` and `--out FILE`. Without --out the chosen format goes to standard
/// output; with it, to the file (written atomically) and the table still to standard output.
public struct OutputOptions: ParsableArguments {
  @Option(help: "Output format (CSV has one header line of plain names; JSON is the report).")
  public var format: OutputFormat = .table
  @Option(help: ArgumentHelp("Write the output to this file (the table is still printed).", valueName: "file"))
  public var out: String?

  public init() {}

  public func validate() throws {
    if let out, out.isEmpty { throw ValidationError("--out must name a file, got ''") }
  }

  /// Prints or writes the result; `csv` is a header and rows, `json` an `Encodable` report.
  public func emit<Report: Encodable>(table: [String], csv: CSVTable, json report: Report) throws {
    let text: String
    switch format {
    case .table: text = table.joined(separator: "\n") + "\n"
    case .csv: text = csv.text
    case .json: text = String(decoding: try Self.json(report), as: UTF8.self)
    }
    guard let out else {
      print(text, terminator: "")
      return
    }
    for line in table { print(line) }
    let url = URL(fileURLWithPath: out)
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw RunsError.writeFailed(path: url.deletingLastPathComponent().path, reason: error.localizedDescription)
    }
    try DurableFile.write(Data(text.utf8), to: url)
    print("wrote \(url.path)")
  }

  /// Pretty JSON with sorted snake_case keys, as report.json: the same report, the same bytes.
  public static func json<Report: Encodable>(_ report: Report) throws -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(report) + Data("\n".utf8)
  }
}

/// A CSV table: a header of names without spaces (numpy's `names=True`, pandas), then rows of
/// numbers at full precision (shortest round-trip digits); nil is an empty field (NaN to pandas).
public struct CSVTable {
  public var header: [String]
  public var rows: [[CSVField]]

  public enum CSVField {
    case number(Double?)
    case integer(Int)
    case text(String)
  }

  public init(header: [String], rows: [[CSVField]]) {
    precondition(rows.allSatisfy { $0.count == header.count }, "CSVTable: a row's length differs from the header's")
    (self.header, self.rows) = (header, rows)
  }

  public var text: String {
    let lines =
      [header.joined(separator: ",")]
      + rows.map { row in
        row.map { field -> String in
          switch field {
          case .number(let x?) where x.isFinite: return "\(x)"
          case .number(let x?): return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")
          case .number(nil): return ""
          case .integer(let i): return "\(i)"
          case .text(let s):
            return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
              ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
          }
        }.joined(separator: ",")
      }
    return lines.joined(separator: "\n") + "\n"
  }
}
