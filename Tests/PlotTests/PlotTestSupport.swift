import Foundation
import Plot
import XCTest

extension XCTestCase {
  /// A fresh directory per test, removed when the test ends. Set GRAVITAS_KEEP_PLOTS=/some/dir
  /// to keep the output for inspection (each test writes into its own sub-folder there).
  func makeOutputDirectory(_ test: String) throws -> URL {
    if let kept = ProcessInfo.processInfo.environment["GRAVITAS_KEEP_PLOTS"] {
      return try freshDirectory(URL(fileURLWithPath: kept).appendingPathComponent(test))
    }
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-plot-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: base) }
    return try freshDirectory(base.appendingPathComponent(test))
  }
}

private func freshDirectory(_ directory: URL) throws -> URL {
  try? FileManager.default.removeItem(at: directory)
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  return directory
}

/// A data block read back from a `.dat` file: its `#` comments and numeric rows.
struct ParsedBlock {
  var comments: [String]
  var rows: [[Double]]
}

/// Parses gnuplot data the way gnuplot's `index` does: blocks split by two blank lines.
func parseDataFile(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [ParsedBlock] {
  let text = try String(contentsOf: url, encoding: .utf8)
  let lines = text.components(separatedBy: "\n")
  var blocks: [ParsedBlock] = []
  var current = ParsedBlock(comments: [], rows: [])
  var blankRun = 0
  for lineText in lines {
    if lineText.trimmingCharacters(in: .whitespaces).isEmpty {
      blankRun += 1
      if blankRun == 2 {
        blocks.append(current)
        current = ParsedBlock(comments: [], rows: [])
      }
      continue
    }
    blankRun = 0
    if lineText.hasPrefix("#") {
      current.comments.append(lineText)
      continue
    }
    let fields = lineText.split(separator: " ").map { Double(String($0)) }
    guard fields.allSatisfy({ $0 != nil }) else {
      XCTFail("unparseable data line: \(lineText)", file: file, line: line)
      continue
    }
    current.rows.append(fields.map { $0! })
  }
  if !current.rows.isEmpty || !current.comments.isEmpty { blocks.append(current) }
  return blocks
}

/// True when the file starts with the 8-byte PNG signature.
func hasPNGSignature(_ url: URL) throws -> Bool {
  let bytes = [UInt8](try Data(contentsOf: url).prefix(8))
  return bytes == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
}

func requireGnuplot() throws -> URL {
  guard let gnuplot = PlotWriter.gnuplotOnPath() else {
    print("skipping: gnuplot is not on PATH, so no image can be rendered")
    throw XCTSkip("gnuplot is not on PATH")
  }
  return gnuplot
}
