import XCTest

@testable import NN

final class EnsembleStatisticsTests: XCTestCase {
  func testMeanAndSampleStandardDeviation() {
    let statistics = EnsembleStatistics(members: [[1, 2, 10], [3, 2, 20], [5, 2, 60]])
    XCTAssertEqual(statistics.mean, [3, 2, 30])
    // Point 0: deviations −2, 0, 2 → Σ = 8, /(3−1) = 4, std 2. Point 2: 400+100+900 = 1400/2.
    XCTAssertEqual(statistics.standardDeviation[0], 2, accuracy: 1e-12)
    XCTAssertEqual(statistics.standardDeviation[1], 0)
    XCTAssertEqual(statistics.standardDeviation[2], 700.0.squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(statistics.memberCount, 3)
  }

  func testLargeOffsetDoesNotCancel() {
    let statistics = EnsembleStatistics(members: [[1e9 + 1], [1e9 + 2], [1e9 + 3]] as [[Double]])
    XCTAssertEqual(statistics.standardDeviation[0], 1, accuracy: 1e-9)
  }

  func testFloatMembersAndSingleMember() {
    let floats = EnsembleStatistics(members: [[Float(1)], [Float(2)]])
    XCTAssertEqual(floats.mean, [1.5])
    XCTAssertEqual(floats.standardDeviation[0], 0.5.squareRoot(), accuracy: 1e-12)
    XCTAssertTrue(EnsembleStatistics(members: [[4.0]]).standardDeviation[0].isNaN)
  }
}
