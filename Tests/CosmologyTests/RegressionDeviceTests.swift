import BackendCheck
import Cosmology
import NN
import TensorCore
import XCTest

/// `cosmo fit --device` trains the ensembles with inputs, models and covariance factors on the
/// chosen backend. On a device-typed backend (the fake device, standing in for CUDA on machines
/// without a GPU) every loss is the CPU's, bit for bit.
final class RegressionDeviceTests: XCTestCase {
  func testCrossValidationOnAnotherBackendMatchesTheCPU() throws {
    let (data, _) = try RegressionData.load(
      data: TestPaths.pantheonTable, covariance: .diagonal, target: "m_b_corr",
      redshift: "zCMB", features: [], zmin: 0.01)
    func run(on backend: Backend) throws -> [SupernovaRegression.FoldResult] {
      var options = SupernovaRegression.Options()
      (options.hidden, options.epochs, options.folds, options.ensemble, options.showProgress) = ([8], 15, 2, 2, false)
      options.backend = backend
      return try SupernovaRegression(data: data, options: options).crossValidate(run: nil)
    }
    let cpu = try run(on: CPUBackend.shared)
    let device = try run(on: FakeDeviceBackend())
    XCTAssertEqual(device[0].model.parameters[0].backend.name, "fake-device")
    for (a, b) in zip(cpu, device) {
      XCTAssertEqual(b.history.map(\.trainingLoss), a.history.map(\.trainingLoss))
      XCTAssertEqual(b.validationChiSquarePerRow, a.validationChiSquarePerRow)
    }
  }
}
