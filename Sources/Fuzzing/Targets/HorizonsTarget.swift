import Foundation
import Orbits

/// A saved Horizons reply, parsed and made into a dataset as `orbits parse` does.
struct HorizonsTarget: FuzzTarget {
  let name = "horizons"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]

  /// Seeds: every recorded reply and stand-in in the test fixtures.
  init(corpus: FuzzCorpus) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus.horizonsReplies.path)
      .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".json") }.sorted()
    slots = [(try names.map { try read(corpus.horizonsReplies.appendingPathComponent($0)) }, .text)]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    let table: HorizonsTable
    do { table = try HorizonsParser.parse(String(decoding: input.bytes, as: UTF8.self)) } catch { return .rejected }
    for (k, row) in table.rows.enumerated() {
      try require(row.julianDate.isFinite, "row \(k): epoch \(row.julianDate)")
      try require(row.position.count == 3 && (row.velocity?.count ?? 3) == 3, "row \(k): not 3 components")
      try requireFinite(row.position + (row.velocity ?? []), "row \(k) state")
      if k > 0 {
        try require(
          row.julianDate > table.rows[k - 1].julianDate, "row \(k): epoch \(row.julianDate) does not increase")
      }
    }
    let dataset: EphemerisDataset
    do {
      dataset = try HorizonsDataset.dataset(from: [(EphemerisBody(id: 499, name: "Mars"), table)], provenance: [])
    } catch { return .rejected }
    try require(
      dataset.epochs == table.rows.map(\.julianDate),
      "dataset has \(dataset.epochs.count) of the reply's \(table.rows.count) epochs")
    try requireFinite(dataset.positions + dataset.velocities + (dataset.accelerations ?? []), "dataset state")
    try require(
      dataset.epochs.count < 3 || dataset.accelerations != nil, "no accelerations from \(dataset.epochs.count) epochs")
    return .accepted
  }
}
