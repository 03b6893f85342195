import Cosmology
import Foundation
import XCTest

@testable import CosmoCLI

/// `cosmo lcdm`'s figures on Union3 (22 bins, full covariance): the contour data lie on their
/// Δχ² levels, the full covariance's regions come with the diagonal's, and the bytes repeat.
final class LCDMPlotsTests: XCTestCase {
  private let union3 = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../CosmologyTests/Fixtures/union3/full_long.dataset").standardizedFileURL

  func testContoursLieOnTheirLevelsAndRepeatByteForByte() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-lcdm-plots-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    for run in ["a", "b"] {
      try LCDMCommand.parse(["--data", union3.path, "--plots", folder.appendingPathComponent("\(run)/plots").path])
        .run()
    }
    let plots = folder.appendingPathComponent("a/plots")
    for name in ["lcdm-contours", "lcdm-flat-profile", "lcdm-residuals"] {
      let first = try Data(contentsOf: plots.appendingPathComponent("\(name).dat"))
      XCTAssertEqual(
        first, try Data(contentsOf: folder.appendingPathComponent("b/plots/\(name).dat")),
        "\(name).dat differs between runs")
      XCTAssertTrue(FileManager.default.fileExists(atPath: plots.appendingPathComponent("\(name).gp").path))
    }

    let blocks = try dataBlocks(plots.appendingPathComponent("lcdm-contours.dat"))
    // 3 levels × (full, diagonal), the flat and q₀ = 0 lines, the two best fits.
    XCTAssertEqual(blocks.count, 10)
    XCTAssertTrue(blocks[0].header.contains("full covariance (1σ, 2σ, 3σ)"), blocks[0].header)
    XCTAssertTrue(blocks[3].header.contains("diagonal errors only (1σ, 2σ, 3σ)"), blocks[3].header)

    let chi2 = try ProfiledChiSquare(try SupernovaSample.cobaya(dataset: union3))
    let minimum = try LCDMFitter.fitNonFlat(chi2).chiSquare
    for (block, level) in zip(blocks.prefix(3), [2.30, 6.18, 11.83]) {
      let points = block.rows.filter { $0[0].isFinite }
      XCTAssertGreaterThan(points.count, 50)
      for point in stride(from: 0, to: points.count, by: 7).map({ points[$0] }) {
        let delta = chi2(LambdaCDM(matterDensity: point[0], darkEnergyDensity: point[1])) - minimum
        XCTAssertEqual(delta, level, accuracy: 0.02 * level, "Δχ² at Ωm = \(point[0]), ΩΛ = \(point[1])")
      }
    }
  }

  /// Blocks of a gnuplot data file: the `# index` header line and the numeric rows.
  private func dataBlocks(_ url: URL) throws -> [(header: String, rows: [[Double]])] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.components(separatedBy: "\n\n\n").map { block in
      let lines = block.split(separator: "\n").map(String.init)
      let header = lines.first { $0.hasPrefix("# index") } ?? ""
      let rows = lines.filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").map { Double(String($0)) ?? .nan } }
      return (header, rows)
    }
  }
}
