import Cosmology
import NN
import XCTest

/// `cosmo fit --schedule cosine`: the rate starts at --lr and reaches lr/100 on the last epoch; the
/// default keeps it constant.
final class RegressionScheduleTests: XCTestCase {
  func testCosineScheduleRunsFromLearningRateToOneHundredth() throws {
    let (data, _) = try RegressionData.load(
      data: TestPaths.pantheonTable, covariance: .diagonal, target: "m_b_corr",
      redshift: "zCMB", features: [], zmin: 0.01)
    func rates(_ schedule: SupernovaRegression.Schedule) throws -> [Double] {
      var options = SupernovaRegression.Options()
      (options.hidden, options.epochs, options.folds, options.ensemble, options.showProgress) = ([8], 21, 2, 1, false)
      options.learningRate = 0.02
      options.schedule = schedule
      return try SupernovaRegression(data: data, options: options).crossValidate(run: nil)[0].history.map(
        \.learningRate)
    }
    let cosine = try rates(.cosine)
    XCTAssertEqual(cosine.count, 21)
    XCTAssertEqual(cosine.first!, 0.02, accuracy: 1e-15)
    XCTAssertEqual(cosine[10], (0.02 + 0.0002) / 2, accuracy: 1e-15, "half way")
    XCTAssertEqual(cosine.last!, 0.0002, accuracy: 1e-15)
    XCTAssertEqual(try rates(.constant), [Double](repeating: 0.02, count: 21))
  }
}
