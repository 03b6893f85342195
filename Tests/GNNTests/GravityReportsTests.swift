import NN
import Orbits
import XCTest

@testable import GNN

/// The judgements the gnn reports record, in the library since the commands stopped making them:
/// the adopted exponent, the re-learned masses' grades, the rollout's targets, the learned masses.
final class GravityReportsTests: XCTestCase {
  func testAnExponentNearAHalfIntegerIsThatFraction() {
    XCTAssertEqual(LawDiscoveryReport.adoptedExponent(fitted: -2.00002, refit: -2.0001), -2)
    XCTAssertEqual(LawDiscoveryReport.adoptedExponent(fitted: -1.509, refit: -1.52), -1.5)
    // 0.02 from −2: not a fraction the network can be trusted to; the refit is used.
    XCTAssertEqual(LawDiscoveryReport.adoptedExponent(fitted: -2.02, refit: -2.013), -2.013)
  }

  func testRelearnedMassesAreGradedAgainstTheirTolerances() {
    let bodies = [
      EphemerisBody(id: 10, name: "Sun", gm: 100), EphemerisBody(id: 8, name: "Neptune Barycenter", gm: 10),
      EphemerisBody(id: 9, name: "Pluto Barycenter", gm: 1), EphemerisBody(id: 301, name: "Moon"),
    ]
    let fit = MassFit.Result(
      bodies: bodies, gm: [100.002, 10.005, 2, 3], uncertainty: [0, 0, 0, 0], identifiable: [true, true, false, true])
    let graded = LawDiscoveryReport.RelearnedMass.graded(fit)
    // Sun: 2e-5 > 1e-5; Neptune: 5e-4 ≤ 1e-3; Pluto has no tolerance; the Moon no true GM.
    XCTAssertEqual(graded.map(\.withinTarget), [false, true, nil, true])
    XCTAssertEqual(graded.map(\.targetRelativeError), [1e-5, 1e-3, nil, 1e-4])
    XCTAssertEqual(graded[2].relativeError, 1)
    XCTAssertNil(graded[3].relativeError)
    XCTAssertNil(graded[3].reference)
  }

  func testRolloutTargets() {
    func body(relearned: Double, newton: Double, integrator: Double = 0) -> RolloutReport.Body {
      RolloutReport.Body(
        body: "b", id: 1, networkKm: 0, relearnedKm: relearned, newtonKm: newton,
        integratorRelearnedKm: integrator, integratorNewtonKm: integrator)
    }
    XCTAssertTrue(body(relearned: 5, newton: 0.1).relearnedWithinTarget)  // the 5 km floor
    XCTAssertTrue(body(relearned: 20, newton: 10).relearnedWithinTarget)  // twice Newton's
    XCTAssertFalse(body(relearned: 20.5, newton: 10).relearnedWithinTarget)
    XCTAssertTrue(body(relearned: 1, newton: 10, integrator: 0.99).integratorSmall)
    XCTAssertFalse(body(relearned: 1, newton: 10, integrator: 1).integratorSmall)
    XCTAssertTrue(body(relearned: 1, newton: 0, integrator: 9e-4).integratorSmall)  // below a metre
    let report = RolloutReport(
      start: "2022-01-01", days: 1, lawStepSeconds: 1800, networkStepSeconds: 3600, lawExponent: -2,
      bodies: [body(relearned: 5, newton: 0.1), body(relearned: 20.5, newton: 10)])
    XCTAssertFalse(report.relearnedWithinTarget)
    XCTAssertTrue(report.integratorErrorBelow10PercentOfNewton)
  }

  func testLearnedMassesAreGMsInTheReferenceBodysUnits() {
    let bodies = [
      EphemerisBody(id: 10, name: "Sun", gm: 100), EphemerisBody(id: 399, name: "Earth", gm: 2),
      EphemerisBody(id: 4, name: "Mars Barycenter"),
    ]
    let records = LearnedMass.records(bodies, masses: [1, 0.021, 0.5], reference: 0)
    XCTAssertEqual(records.map(\.gm), [100, 2.1, 50])
    XCTAssertEqual(records[1].relativeError ?? 0, 0.05, accuracy: 1e-12)
    XCTAssertNil(records[2].reference)
    XCTAssertNil(LearnedMass.records([EphemerisBody(id: 10, name: "Sun")], masses: [1], reference: 0)[0].gm)
  }
}
