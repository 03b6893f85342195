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
}
