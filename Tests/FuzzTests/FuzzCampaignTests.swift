import Foundation
import Fuzzing
import XCTest

/// The test-suite form of the fuzz campaign: every reader, a few hundred inputs, in process
/// (a trap here fails the suite). CI also runs `gravitas-fuzz all --inputs 10000` in release.
final class FuzzCampaignTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  private func campaign(_ reader: String, inputs: Int = 300) throws {
    let target = try FuzzCorpus(root: Self.repository).target(reader)
    let scratch = scratchRoot().appendingPathComponent("fuzz-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let report = Campaign(target: target, seed: 7).run(inputs: inputs, scratch: scratch, findings: nil)
    print(report)
    XCTAssertEqual(report.garbage.map { "input \($0.index): \($0.reason)" }, [])
    XCTAssertEqual(report.inputs, inputs)
    XCTAssertGreaterThan(report.accepted, 0, "some mutated inputs are still valid: the seeds parse")
    XCTAssertGreaterThan(report.rejected, 0, "some are refused")
  }

  func testPantheonTable() throws { try campaign("pantheon") }
  func testCobayaDataset() throws { try campaign("cobaya") }
  func testCovariance() throws { try campaign("covmat") }
  func testHorizonsReply() throws { try campaign("horizons") }
  func testSPKKernel() throws { try campaign("spk") }
  func testEphemerisDataset() throws { try campaign("dataset") }
  func testCheckpoint() throws { try campaign("checkpoint", inputs: 150) }
  func testRunFolder() throws { try campaign("runfolder", inputs: 150) }

  /// The same seed gives the same inputs; another seed others.
  func testInputsAreReproducibleFromTheSeed() throws {
    let target = try FuzzCorpus(root: Self.repository).target("horizons")
    let a = Campaign(target: target, seed: 3)
    let b = Campaign(target: target, seed: 3)
    let c = Campaign(target: target, seed: 4)
    XCTAssertEqual((0..<50).map { a.input($0).bytes }, (0..<50).map { b.input($0).bytes })
    XCTAssertNotEqual((0..<50).map { a.input($0).bytes }, (0..<50).map { c.input($0).bytes })
  }
}
