import Foundation
import GNN
import Orbits
import XCTest

/// One year from 2022-01-01 TDB under point-mass Newton with the true GMs, against DE421.
final class RolloutTests: XCTestCase {
  func testNewtonRolloutAgainstTheKernel() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let kernel = try SPKKernel(contentsOf: repository.appendingPathComponent("Data/de421_1980_2030.bsp"))
    let table = try GMTable(contentsOf: repository.appendingPathComponent("Data/gm.csv")).gm
    let ids = [10, 199, 299, 399, 301, 4, 5, 6, 7, 8, 9]
    let start = try CalendarDate.julianDate("2022-01-01")
    let days = (0...365).map { start + Double($0) }
    let truth = try kernel.dataset(bodies: ids.map { EphemerisBody(id: $0, name: "\($0)") }, epochs: days)
    let reference = days.indices.map { e in Array(truth.positions[(e * 33)..<((e + 1) * 33)]) }
    let rollout = Rollout(gm: ids.map { table[$0]! })
    let (x0, v0) = (reference[0], Array(truth.velocities[0..<33]))
    let coarse = rollout.run(positions: x0, velocities: v0, step: 3600, steps: 24 * 365, sampleEvery: 24)
    let fine = rollout.run(positions: x0, velocities: v0, step: 1800, steps: 48 * 365, sampleEvery: 48)
    let model = Rollout.largestErrors(fine, reference: reference, bodies: 11)
    let integrator = Rollout.largestErrors(coarse, reference: fine, bodies: 11)
    for (k, id) in ids.enumerated() {
      print(
        String(
          format: "body %3d: Newton vs DE421 %10.3f km, integrator (1 h vs 30 min) %.2e km", id, model[k], integrator[k]
        ))
      // Below a metre the comparison is with rounding (1e-15 of 30 AU is a few centimetres).
      XCTAssertLessThan(
        integrator[k], max(0.1 * model[k], 1e-3), "body \(id): the integrator's error must be small beside the model's")
    }
    // What point-mass Newton leaves out (GR, asteroids, figures): ~386 km for Mercury, 60–100 km
    // for Venus, Earth and the Moon, metres for the outer planets (the `gnn` issue's figures).
    XCTAssertEqual(model[1], 386, accuracy: 5)
    for k in [2, 3, 4] { XCTAssertTrue((55...105).contains(model[k]), "body \(ids[k]): \(model[k]) km") }
    XCTAssertLessThan(model[6], 1)  // Jupiter: 0.58 km

    // (b): the same law with masses re-learned from 2000–2010 accelerations; the target is
    // a largest error within max(2 × Newton-with-true-masses, 5 km) for every body.
    let training = (0..<1827).map { 2_451_544.5 + 2 * Double($0) }
    let fitted = try MassFit.fit(
      try kernel.dataset(bodies: ids.map { EphemerisBody(id: $0, name: "\($0)") }, epochs: training)
    ).gm
    let relearned = Rollout.largestErrors(
      Rollout(gm: fitted).run(positions: x0, velocities: v0, step: 1800, steps: 48 * 365, sampleEvery: 48),
      reference: reference, bodies: 11)
    for (k, id) in ids.enumerated() {
      print(String(format: "body %3d: re-learned masses %10.3f km (true masses %10.3f km)", id, relearned[k], model[k]))
      XCTAssertLessThanOrEqual(relearned[k], max(2 * model[k], 5), "body \(id)")
    }
    for k in 7...10 { XCTAssertLessThan(model[k], 0.1) }
  }
}
