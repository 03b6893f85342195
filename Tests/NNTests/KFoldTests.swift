import TensorCore
import XCTest

@testable import NN

final class KFoldTests: XCTestCase {
  private func assertPartition(_ folds: [KFold.Fold], rows: Int, line: UInt = #line) {
    let validation = folds.flatMap(\.validation)
    XCTAssertEqual(validation.sorted(), Array(0..<rows), "validation folds must cover every row once", line: line)
    for fold in folds {
      XCTAssertEqual(Set(fold.training).intersection(fold.validation), [], line: line)
      XCTAssertEqual((fold.training + fold.validation).sorted(), Array(0..<rows), line: line)
    }
  }

  func testFoldsAreDisjointCoveringAndBalanced() throws {
    let folds = try KFold.split(count: 23, folds: 5, seed: 7)
    assertPartition(folds, rows: 23)
    XCTAssertEqual(folds.map(\.validation.count), [5, 5, 5, 4, 4])
  }

  func testSeedDeterminesTheSplit() throws {
    XCTAssertEqual(try KFold.split(count: 50, folds: 5, seed: 1), try KFold.split(count: 50, folds: 5, seed: 1))
    XCTAssertNotEqual(try KFold.split(count: 50, folds: 5, seed: 1), try KFold.split(count: 50, folds: 5, seed: 2))
    // Shuffled, not sliced: the first fold is not simply rows 0..<10.
    XCTAssertNotEqual(try KFold.split(count: 50, folds: 5, seed: 1)[0].validation, Array(0..<10))
  }

  func testGroupsStayTogetherAndFoldsStayBalanced() throws {
    // 12 groups of sizes 1…12 (78 rows), interleaved.
    var groups: [String] = []
    for size in 1...12 { groups += Array(repeating: "host\(size)", count: size) }
    groups = groups.enumerated().sorted { ($0.offset * 37) % 78 < ($1.offset * 37) % 78 }.map(\.element)
    let folds = try KFold.split(groups: groups, folds: 3, seed: 11)
    assertPartition(folds, rows: groups.count)
    for fold in folds {
      let inValidation = Set(fold.validation.map { groups[$0] })
      let inTraining = Set(fold.training.map { groups[$0] })
      XCTAssertEqual(inValidation.intersection(inTraining), [], "a group was split across training and validation")
    }
    // Greedy largest-first on 12,11,…,1 gives 26 rows per fold.
    XCTAssertEqual(folds.map(\.validation.count), [26, 26, 26])
    XCTAssertEqual(try KFold.split(groups: groups, folds: 3, seed: 11), folds)
  }

  func testRejectsMoreFoldsThanRowsOrGroups() {
    XCTAssertThrowsError(try KFold.split(count: 3, folds: 4, seed: 0))
    XCTAssertThrowsError(try KFold.split(count: 10, folds: 1, seed: 0))
    XCTAssertThrowsError(try KFold.split(groups: ["a", "a", "b"], folds: 3, seed: 0)) {
      XCTAssertEqual("\($0)", "grouped k-fold: need 2 ≤ folds ≤ groups, got 3 folds for 2 groups")
    }
  }

  func testSplitMix64ReferenceValues() {
    // First outputs for seed 1234567 from the reference C implementation (splitmix64.c).
    var generator = SplitMix64(seed: 1_234_567)
    XCTAssertEqual(generator.next(), 6_457_827_717_110_365_317)
    XCTAssertEqual(generator.next(), 3_203_168_211_198_807_973)
  }
}
