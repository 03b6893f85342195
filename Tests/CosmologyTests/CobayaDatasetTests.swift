import XCTest

@testable import Cosmology

final class CobayaDatasetTests: XCTestCase {
  func testUnion3ResolvesPathsByFileName() throws {
    let dataset = try CobayaDataset(contentsOf: TestPaths.union3Dataset)
    XCTAssertEqual(dataset.name, "Union3")
    XCTAssertEqual(dataset.dataFile.lastPathComponent, "lcparam_full.txt")
    XCTAssertEqual(dataset.magnitudeCovarianceFile?.lastPathComponent, "mag_covmat.txt")
    XCTAssertEqual(dataset.peculiarVelocityZ, 0)
    XCTAssertEqual(dataset.intrinsicDispersion, 0)
  }

  func testLCParamToleratesMissingTrailingColumn() throws {
    let table = try LCParamTable(contentsOf: try CobayaDataset(contentsOf: TestPaths.union3Dataset).dataFile)
    XCTAssertEqual(table.names.count, 22)
    XCTAssertEqual(table.absentColumns, ["biascor"])
    XCTAssertEqual(table.mb[21], 45.997159)
    XCTAssertEqual(table.zcmb, table.zhel)
    XCTAssertEqual(table.dmb, [Double](repeating: 0, count: 22))
  }

  func testRejectsStretchColourLikelihoodsAndMissingFiles() throws {
    let dir = try TestPaths.temporaryDirectory(self)
    let jla = dir.appendingPathComponent("jla.dataset")
    try "name = JLA\ndata_file = jla_lcparams.txt\nhas_mag_covmat = T\nhas_stretch_covmat = T\n"
      .write(to: jla, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try CobayaDataset(contentsOf: jla)) {
      XCTAssertTrue("\($0)".hasPrefix("jla.dataset:4: has_stretch_covmat = T needs stretch/colour"), "\($0)")
    }
    let missing = dir.appendingPathComponent("missing.dataset")
    try "data_file = Nowhere/lcparam.txt\n".write(to: missing, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try CobayaDataset(contentsOf: missing)) {
      XCTAssertTrue("\($0)".contains("data_file 'Nowhere/lcparam.txt' not found"), "\($0)")
    }
  }
}
