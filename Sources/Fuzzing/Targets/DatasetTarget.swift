import Foundation
import Orbits

/// The ephemeris dataset file (`orbits sample`/`fetch`/`parse` write it, `gnn train --data` reads
/// it), with accelerations differenced when the file has none, as `gnn` does.
struct DatasetTarget: FuzzTarget {
  let name = "dataset"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]

  /// Seeds: the Sun, the Earth and the Moon from the shipped kernel, 6 epochs 2 hours apart,
  /// with exact accelerations and without.
  init(corpus: FuzzCorpus) throws {
    let kernel = try SPKKernel(contentsOf: corpus.kernel)
    let bodies = [
      EphemerisBody(id: 10, name: "Sun", gm: 132712440040.9446),
      EphemerisBody(id: 399, name: "Earth", gm: 398600.435436),
      EphemerisBody(id: 301, name: "Moon"),
    ]
    var dataset = try kernel.dataset(bodies: bodies, epochs: (0..<6).map { 2_451_545 + Double($0) / 12 })
    let exact = Array(dataset.csv().utf8)
    dataset.accelerations = nil
    slots = [([exact, Array(dataset.csv().utf8)], .text)]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    let url = scratch.appendingPathComponent("dataset.csv")
    try put(input.bytes, url)
    var dataset: EphemerisDataset
    do { dataset = try EphemerisDataset(contentsOf: url) } catch { return .rejected }
    let count = 3 * dataset.bodies.count * dataset.epochs.count
    try require(
      dataset.positions.count == count && dataset.velocities.count == count
        && (dataset.accelerations?.count ?? count) == count,
      "state arrays do not hold 3 × bodies × epochs values")
    try require(Set(dataset.bodies.map(\.id)).count == dataset.bodies.count, "a body listed twice")
    try require(
      dataset.bodies.allSatisfy { $0.gm.map { $0.isFinite && $0 > 0 } ?? true }, "a GM that is not positive and finite")
    try requireFinite(
      dataset.epochs + dataset.positions + dataset.velocities + (dataset.accelerations ?? []), "dataset value")
    try require(zip(dataset.epochs, dataset.epochs.dropFirst()).allSatisfy { $0 < $1 }, "epochs do not increase")
    if dataset.accelerations == nil {
      do { dataset = try dataset.withCentralDifferenceAccelerations() } catch { return .rejected }
      try require(dataset.accelerations?.count == count, "differences lost epochs")
      try requireFinite(dataset.accelerations ?? [], "differenced acceleration")
    }
    return .accepted
  }
}
