import XCTest

@testable import Cosmology

final class LCDMAnalysisTests: XCTestCase {
  func testUnion3ReportIsWrittenAndComplete() throws {
    let sample = try LCDMAnalysis.loadSample(data: TestPaths.union3Dataset, covariance: .automatic, zmin: 0.01)
    let report = try LCDMAnalysis.run(sample, data: TestPaths.union3Dataset)
    let dir = try TestPaths.temporaryDirectory(self)
    let url = try report.write(to: dir.appendingPathComponent("runs/lcdm"))
    let decoded = try JSONDecoder().decode(LCDMReport.self, from: Data(contentsOf: url))
    XCTAssertEqual(decoded, report)
    XCTAssertEqual(report.covariance.kind, "full")
    XCTAssertEqual(report.covariance.sha256, "64c79abd24bf5154bc1e38ad0c031e31dd6247cdcc5ca930829698169809a146")
    XCTAssertEqual(report.data.sha256, "f114d65692615d6bc89274c9d4e755d2a522f1545c439950966cec0d71f7cc1d")  // sha256sum
    XCTAssertEqual(report.lcdm.rows, 22)
    XCTAssertEqual(report.lcdm.omega_m, 0.3559, accuracy: 0.002)
    // No temporary file is left beside the report.
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["report.json"])
    XCTAssertTrue(report.lines.contains { $0.hasPrefix("flat ΛCDM: Ωm = 0.3559 (−0.0264 +0.0276") }, "\(report.lines)")
  }

  func testPantheonWithoutCovarianceSaysDiagonal() throws {
    let sample = try LCDMAnalysis.loadSample(data: TestPaths.pantheonTable, covariance: .diagonal, zmin: 0.01)
    XCTAssertEqual(sample.covariance.kind, .diagonal)
    XCTAssertNil(sample.covariance.path)
    XCTAssertTrue(sample.covariance.summary.contains("for plotting only"))
    XCTAssertTrue(sample.covariance.summary.contains("`cosmo data fetch`"), sample.covariance.summary)
    XCTAssertThrowsError(try LCDMAnalysis.loadSample(data: TestPaths.pantheonTable, covariance: .full, zmin: 0.01)) {
      XCTAssertTrue("\($0)".contains("full covariance not found"), "\($0)")
      // The way out is named as a command to type, with the folder --cov auto looks in.
      let folder = TestPaths.pantheonTable.deletingLastPathComponent().path
      XCTAssertTrue("\($0)".contains("`cosmo data fetch --to \(folder)`"), "\($0)")
    }
  }

  /// A 1701×1701 covariance in the release layout holding diag(m_b_corr_err_DIAG²) must give
  /// exactly the diagonal fit: checks the file path end to end, including the zHD mask on both axes.
  func testPantheonLayoutCovarianceFileMatchesDiagonalFit() throws {
    let table = try PantheonTable(contentsOf: TestPaths.pantheonTable, select: ["m_b_corr_err_DIAG"])
    let n = table.count
    let sigma = table["m_b_corr_err_DIAG"]
    var bytes = Array("\(n)\n".utf8)
    bytes.reserveCapacity(2 * n * n + 20 * n)
    for i in 0..<n {
      for j in 0..<n {
        if i == j { bytes += Array("\(sigma[i] * sigma[i])\n".utf8) } else { bytes += [UInt8(ascii: "0"), 10] }
      }
    }
    let url = try TestPaths.temporaryDirectory(self).appendingPathComponent("diag-as-full.cov")
    try Data(bytes).write(to: url)
    let fromFile = try SupernovaSample.pantheon(table: TestPaths.pantheonTable, covariance: .file(url))
    XCTAssertEqual(fromFile.covariance.kind, .full)
    XCTAssertEqual(fromFile.covariance.order, 1590)
    let a = try LCDMFitter.fitFlat(try ProfiledChiSquare(fromFile))
    let b = try LCDMFitter.fitFlat(
      try ProfiledChiSquare(
        try SupernovaSample.pantheon(
          table: TestPaths.pantheonTable,
          covariance: .diagonal)))
    XCTAssertEqual(a.matterDensity, b.matterDensity, accuracy: 1e-7)
    XCTAssertEqual(a.chiSquare, b.chiSquare, accuracy: 1e-6)
  }
}
