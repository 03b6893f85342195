import Foundation
import NN
import XCTest

@testable import CosmoCLI

/// `cosmo fit` as 1, 2 and 3 shards (the flag, and a faked Slurm array), gathered: the same
/// report.json as one run, byte for byte (wall time is timing.json's), the same checkpoints and metrics, byte for byte;
/// and gather refusing shards that are not one run.
final class GatherTests: XCTestCase {
  private var folder: URL!
  private let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Data/Pantheon+SH0ES.dat").standardizedFileURL

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("cosmo-gather-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// A small fit: 3 folds × 2 members, 60 epochs.
  private func fit(_ name: String, _ extra: [String] = [], environment: [String: String] = [:]) throws {
    let command = try FitCommand.parse(
      [
        "--data", table.path, "--cov", "diag", "--epochs", "60", "--folds", "3", "--ensemble", "2", "--hidden", "8",
        "--quiet",
        "--out", path(name), "--plots", path("\(name)-plots"),
      ] + extra)
    try command.fit(.train(try command.shardAssignment(environment: environment)))
  }

  private func gather(_ shards: [String], into name: String) throws {
    try GatherCommand.parse(shards.map(path) + ["--out", path(name), "--plots", path("\(name)-plots"), "--quiet"]).run()
  }

  /// Every file of the run that must not depend on how it was split, by relative path.
  private func files(_ name: String) throws -> [String: Data] {
    let root = folder.appendingPathComponent(name)
    var files: [String: Data] = [:]
    let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    while let url = walker?.nextObject() as? URL {
      guard ["safetensors", "csv", "json", "dat"].contains(url.pathExtension) else { continue }
      // Wall time (timing.json) is the one thing a gather cannot reproduce.
      guard url.lastPathComponent != "timing.json" else { continue }
      let data = try Data(contentsOf: url)
      files[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))] = data
    }
    return files
  }

  func testShardsGatheredEqualOneRun() throws {
    try fit("single")
    let expected = try files("single")
    XCTAssertNotNil(expected["/report.json"])
    XCTAssertEqual(expected.keys.filter { $0.hasPrefix("/checkpoints/") }.count, 6)

    try fit("one-0", ["--shard", "0/1"])
    try gather(["one-0"], into: "one")
    XCTAssertEqual(try files("one"), expected, "1 shard")

    for i in 0..<2 { try fit("two-\(i)", ["--shard", "\(i)/2"]) }
    XCTAssertFalse(FileManager.default.fileExists(atPath: path("two-0/report.json")), "a shard writes no report")
    try gather(["two-1", "two-0"], into: "two")
    XCTAssertEqual(try files("two"), expected, "2 shards")

    // sbatch --array=1-3, as Slurm sets it for each task.
    for id in 1...3 {
      try fit(
        "three-\(id)",
        environment: [
          "SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "3",
          "SLURM_JOB_ID": "7",
        ])
    }
    try gather((1...3).map { "three-\($0)" }, into: "three")
    XCTAssertEqual(try files("three"), expected, "3 shards from a Slurm array")
    let pngs = try FileManager.default.contentsOfDirectory(atPath: path("three/plots")).filter { $0.hasSuffix(".png") }
    XCTAssertEqual(
      Set(pngs),
      Set(try FileManager.default.contentsOfDirectory(atPath: path("single/plots")).filter { $0.hasSuffix(".png") }))
    // Event files are named by the time they were opened: compare the names with it masked.
    func tensorboardNames(_ run: String) throws -> Set<String> {
      Set(
        try FileManager.default.contentsOfDirectory(atPath: path("\(run)/tensorboard")).map {
          $0.hasPrefix("events.out.tfevents.") ? "events.out.tfevents.TIME" : $0
        })
    }
    XCTAssertEqual(try tensorboardNames("three"), try tensorboardNames("single"))

    // Refusals, one line each: a missing shard, a shard twice, another configuration, an unfinished shard.
    try fit("other-seed-1", ["--shard", "1/2", "--seed", "2"])
    let refusals: [([String], String)] = [
      (["two-0"], "fold 1 of 3 in no shard given (shards of 2): gather every shard's folder"),
      (["two-0", "two-1", "two-0"], "fold 0 is in both \(path("two-0")) and \(path("two-0")): give each shard once"),
      (
        ["two-0", "other-seed-1"],
        "\(path("other-seed-1")) is another configuration than \(path("two-0")): config.json differs in seed"
      ),
    ]
    for (shards, message) in refusals {
      XCTAssertThrowsError(try gather(shards, into: "refused")) { XCTAssertEqual("\($0)", message) }
    }
    try FileManager.default.removeItem(atPath: path("two-1/shard.json"))
    XCTAssertThrowsError(try gather(["two-0", "two-1"], into: "refused")) {
      XCTAssertEqual(
        "\($0)",
        "\(path("two-1")): no shard.json: not a finished cosmo fit (a shard killed mid-way: run it again with --resume)"
      )
    }
  }
}
