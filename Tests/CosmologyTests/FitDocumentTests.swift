import Cosmology
import Foundation
import NN
import XCTest

/// cosmo fit's config.json as the previous format wrote it (no version, hidden as text) still
/// reads; its keys are named when one is missing.
final class FitDocumentTests: XCTestCase {
  private let previous = """
    {"activation":"tanh","amsgrad":false,"command":"cosmo fit","cov":"auto","data":"/d/Pantheon+SH0ES.dat","device":"cpu",
     "dropout":0,"early_stop":false,"ensemble":4,"epochs":2000,"features":["x1","c"],"folds":5,"hidden":"64,64","lr":0.01,
     "overfit_threshold":1,"overfit_window":10,"patience":200,"schedule":"constant","seed":3,"target":"mB","weight_decay":0,
     "z":"zCMB","zmin":0.01}
    """

  func testThePreviousFormatStillReads() throws {
    let config = try CosmoFitConfig.decode(Data(previous.utf8), file: "old/config.json")
    XCTAssertEqual(config.hidden, [64, 64])
    XCTAssertEqual(config.seed, 3)
    XCTAssertEqual(config.features, ["x1", "c"])
    // Written again, it is the current format, which reads back to the same value.
    XCTAssertEqual(try CosmoFitConfig.decode(try config.encoded(), file: "new/config.json"), config)
    XCTAssertTrue(String(decoding: try config.encoded(), as: UTF8.self).contains("\"version\" : 1"))
  }

  func testAMissingSeedIsAnErrorNotSeedOne() {
    let text = previous.replacingOccurrences(of: "\"seed\":3,", with: "")
    XCTAssertThrowsError(try CosmoFitConfig.decode(Data(text.utf8), file: "old/config.json")) {
      XCTAssertEqual("\($0)", "old/config.json: key 'seed' is missing")
    }
    let hidden = previous.replacingOccurrences(of: "\"64,64\"", with: "\"64,x\"")
    XCTAssertThrowsError(try CosmoFitConfig.decode(Data(hidden.utf8), file: "old/config.json")) {
      XCTAssertEqual("\($0)", "old/config.json: key 'hidden' must be comma-separated widths")
    }
  }

  /// report.json version 1 held the wall time, `seconds`; version 2 moved it to timing.json.
  func testAVersionOneReportLosesItsSecondsAndAVersionTwoOneIsRefused() throws {
    let v1 = """
      {"command": "cosmo fit", "version": 1, "covariance": {"kind": "diagonal"}, "cv_chi2_per_n": 0.45,
       "data": {"path": "t.dat", "sha256": "0"}, "features": [], "lcdm_cv_chi2_per_n": 0.45, "folds": [],
       "lcdm": {"omega_m": 0.35, "omega_m_lo": 0.33, "omega_m_hi": 0.37, "chi2": 7, "dof": 13, "rows": 15, "offset_mag": 43.1,
                "linear_terms": {}},
       "mean_slopes": {"zCMB": 2.1}, "notes": [], "redshift_input": "zCMB", "rows": 15, "seconds": 1, "target": "m_b_corr"}
      """
    let report = try CosmoFitReport.decode(Data(v1.utf8), file: "v1/report.json")
    XCTAssertEqual(report.cvChi2PerN, 0.45)
    let written = String(decoding: try report.encoded(), as: UTF8.self)
    XCTAssertTrue(written.contains("\"version\" : 2"), written)
    XCTAssertFalse(written.contains("seconds"), written)
    let v2 = v1.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2")
    XCTAssertThrowsError(try CosmoFitReport.decode(Data(v2.utf8), file: "v2/report.json")) {
      XCTAssertTrue("\($0)".contains("seconds"), "\($0)")
    }
  }
}
