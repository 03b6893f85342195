import BackendCheck
import Foundation
import GNN
import NN
import Orbits
import TensorCore
import XCTest

/// `gnn train --device` moves the data and the network to the backend and trains there: on a
/// device-typed backend (the fake device, standing in for CUDA on machines without a GPU) the
/// losses are the CPU's, bit for bit, so no step falls back to host memory or mixes backends.
final class GravityDeviceTests: XCTestCase {
  func testTrainingOnAnotherBackendMatchesTheCPU() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let kernel = try SPKKernel(contentsOf: repository.appendingPathComponent("Data/de421_1980_2030.bsp"))
    let gm = try GMTable(contentsOf: repository.appendingPathComponent("Data/gm.csv")).gm
    let bodies = [10, 399, 301, 5].map { EphemerisBody(id: $0, name: "\($0)", gm: gm[$0]) }
    let start = try CalendarDate.julianDate("2000-01-01")
    let all = try kernel.dataset(bodies: bodies, epochs: (0..<60).map { start + 5 * Double($0) })
    let (trainingSet, validationSet) = all.split(at: start + 200)
    let graph = GravityGraph(for: trainingSet)
    var options = GravityTrainingOptions()
    (options.hidden, options.epochs, options.batchSize, options.showProgress) = ([16, 16], 3, 8, false)

    func losses(on backend: Backend) throws -> (training: [Double], validation: [Double], backend: String) {
      let training = try GravitySplit(trainingSet, graph: graph, on: backend)
      let validation = try GravitySplit(validationSet, graph: graph, on: backend)
      let fit = try GravityTrainer(graph: graph, options: options).fit(
        training: training, validation: validation, run: nil)
      return (
        fit.history.map(\.trainingLoss), fit.history.compactMap(\.validationLoss), fit.model.parameters[0].backend.name
      )
    }
    let cpu = try losses(on: CPUBackend.shared)
    let device = try losses(on: FakeDeviceBackend())
    XCTAssertEqual(device.backend, "fake-device")
    XCTAssertEqual(device.training, cpu.training)
    XCTAssertEqual(device.validation, cpu.validation)
    XCTAssertEqual(cpu.training.count, 3)
  }
}
