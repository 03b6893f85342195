import XCTest

@testable import Cosmology

final class PantheonTableTests: XCTestCase {
  func testRealFileCounts() throws {
    let table = try PantheonTable(
      contentsOf: TestPaths.pantheonTable,
      select: ["zHD", "IS_CALIBRATOR", "m_b_corr"])
    XCTAssertEqual(table.count, 1701)
    XCTAssertEqual(table.fileRowCount, 1701)
    XCTAssertEqual(table.droppedMissing, 0)
    XCTAssertEqual(table["zHD"].filter { $0 > 0.01 }.count, 1590)
    XCTAssertEqual(table["IS_CALIBRATOR"].filter { $0 == 1 }.count, 77)
    XCTAssertEqual(Set(table.names).count, 1543)
    XCTAssertEqual(table.names[0], "2011fe")
    XCTAssertEqual(table["m_b_corr"][0], 9.74571)
    XCTAssertEqual(table["zHD"].min(), 0.00122)
    XCTAssertEqual(table["zHD"].max(), 2.26137)
  }

  func testHostSentinelsDropRows() throws {
    let table = try PantheonTable(contentsOf: TestPaths.pantheonTable, select: ["zHD", "HOST_ANGSEP"])
    XCTAssertEqual(table.droppedMissing, 989)
    XCTAssertEqual(table.count, 1701 - 989)
    XCTAssertFalse(table["HOST_ANGSEP"].contains(-9))
    // Kept rows remember their place in the file, for the covariance.
    XCTAssertEqual(table.fileRows.count, table.count)
    XCTAssertTrue(zip(table.fileRows, table.fileRows.dropFirst()).allSatisfy { $0 < $1 })
  }

  // Malformed copies of the real file, one fault each.
  private func malformed(_ edit: (inout [String]) -> Void) throws -> URL {
    var lines = try String(contentsOf: TestPaths.pantheonTable, encoding: .utf8)
      .split(separator: "\n").map(String.init)
    edit(&lines)
    let url = try TestPaths.temporaryDirectory(self).appendingPathComponent("bad.dat")
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  private func replaceCell(_ lines: inout [String], line: Int, column: Int, with value: String) {
    var cells = lines[line - 1].split(separator: " ").map(String.init)
    cells[column] = value
    lines[line - 1] = cells.joined(separator: " ")
  }

  func testWrongColumnCount() throws {
    let url = try malformed { $0[213] = $0[213].split(separator: " ").prefix(12).joined(separator: " ") }
    XCTAssertThrowsError(try PantheonTable(contentsOf: url, select: ["zHD"])) { error in
      XCTAssertEqual("\(error)", "bad.dat:214: expected 47 columns, found 12")
    }
  }

  func testNonNumericCell() throws {
    let url = try malformed { replaceCell(&$0, line: 10, column: 8, with: "abc") }
    XCTAssertThrowsError(try PantheonTable(contentsOf: url, select: ["zHD"])) { error in
      XCTAssertEqual("\(error)", "bad.dat:10: column m_b_corr: 'abc' is not a number")
    }
  }

  func testNaNCell() throws {
    let url = try malformed { replaceCell(&$0, line: 1700, column: 2, with: "nan") }
    XCTAssertThrowsError(try PantheonTable(contentsOf: url, select: ["zHD"])) { error in
      XCTAssertEqual("\(error)", "bad.dat:1700: column zHD: 'nan' is not finite")
    }
  }

  func testUnknownColumnListsValidOnes() {
    XCTAssertThrowsError(try PantheonTable(contentsOf: TestPaths.pantheonTable, select: ["zHD", "ZHD_TYPO"])) { error in
      let text = "\(error)"
      XCTAssertTrue(text.hasPrefix("Pantheon+SH0ES.dat: unknown column 'ZHD_TYPO'; valid columns: IDSURVEY zHD "), text)
      XCTAssertTrue(text.hasSuffix("biasCor_m_b_COVADD"), text)
    }
  }
}
