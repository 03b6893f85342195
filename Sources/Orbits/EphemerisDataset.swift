import Foundation

/// A body in a dataset: its NAIF ID, its name and its GM (km³ s⁻²) when known.
public struct EphemerisBody: Equatable, Sendable {
  public var id: Int
  public var name: String
  public var gm: Double?

  public init(id: Int, name: String, gm: Double? = nil) {
    self.id = id
    self.name = name
    self.gm = gm
  }
}

/// N bodies × T epochs of barycentric states on one time grid: what training code reads,
/// whether the states came from a kernel (`orbits sample`) or from Horizons (`orbits fetch`).
///
/// Layout of `positions`, `velocities`, `accelerations`: [epoch][body][3]; km, km/s, km/s².
public struct EphemerisDataset: Equatable, Sendable {
  public var bodies: [EphemerisBody]
  /// TDB Julian dates, ascending.
  public var epochs: [Double]
  public var positions: [Double]
  public var velocities: [Double]
  /// nil when unknown (tabulated states before `withCentralDifferenceAccelerations()`).
  public var accelerations: [Double]?
  public var frame: String
  public var center: String
  public var timeScale: String
  /// Where the states came from, in the order written (`source`, `request`, `fetched` …).
  public var provenance: [(key: String, value: String)]

  public init(bodies: [EphemerisBody], epochs: [Double], positions: [Double], velocities: [Double],
              accelerations: [Double]?, frame: String = "ICRF", center: String = "0 Solar System Barycenter",
              timeScale: String = "TDB", provenance: [(key: String, value: String)] = []) {
    let count = 3 * bodies.count * epochs.count
    precondition(positions.count == count && velocities.count == count && (accelerations?.count ?? count) == count,
                 "EphemerisDataset: arrays must hold 3 × \(bodies.count) bodies × \(epochs.count) epochs = \(count) values")
    self.bodies = bodies
    self.epochs = epochs
    self.positions = positions
    self.velocities = velocities
    self.accelerations = accelerations
    self.frame = frame
    self.center = center
    self.timeScale = timeScale
    self.provenance = provenance
  }

  public static func == (a: EphemerisDataset, b: EphemerisDataset) -> Bool {
    a.bodies == b.bodies && a.epochs == b.epochs && a.positions == b.positions && a.velocities == b.velocities
      && a.accelerations == b.accelerations && a.frame == b.frame && a.center == b.center && a.timeScale == b.timeScale
      && a.provenance.map(\.key) == b.provenance.map(\.key) && a.provenance.map(\.value) == b.provenance.map(\.value)
  }

  /// Index of (epoch e, body b, axis k) in the state arrays.
  @inline(__always) public func index(_ e: Int, _ b: Int, _ k: Int = 0) -> Int { (e * bodies.count + b) * 3 + k }

  /// Accelerations by central differences of the velocities, a(tₖ) = (v(tₖ₊₁) − v(tₖ₋₁))/(tₖ₊₁ − tₖ₋₁),
  /// times in seconds; the first and last epochs, which have none, are dropped. (Never forward
  /// differences: they are first order, 4e-3 relative for the Moon on a 2-hour grid.)
  public func withCentralDifferenceAccelerations() throws -> EphemerisDataset {
    guard epochs.count >= 3 else {
      throw OrbitsError.invalidArgument("central differences need at least 3 epochs, the dataset has \(epochs.count)")
    }
    let width = 3 * bodies.count
    var a = [Double](repeating: 0, count: (epochs.count - 2) * width)
    for e in 1..<(epochs.count - 1) {
      let dt = (epochs[e + 1] - epochs[e - 1]) * Units.secondsPerDay
      for i in 0..<width { a[(e - 1) * width + i] = (velocities[(e + 1) * width + i] - velocities[(e - 1) * width + i]) / dt }
    }
    return EphemerisDataset(bodies: bodies, epochs: Array(epochs[1..<(epochs.count - 1)]),
                            positions: Array(positions[width..<(positions.count - width)]),
                            velocities: Array(velocities[width..<(velocities.count - width)]), accelerations: a,
                            frame: frame, center: center, timeScale: timeScale,
                            provenance: provenance + [("accelerations", "central differences of velocities")])
  }

  /// The epochs in `range` (TDB Julian dates, lower bound included, upper excluded).
  public func epochs(in range: Range<Double>) -> EphemerisDataset {
    let kept = epochs.indices.filter { range.contains(epochs[$0]) }
    return selecting(epochs: kept, bodies: Array(bodies.indices))
  }

  /// Splits by time: epochs before `julianDate` and from it on (train on earlier years, validate later).
  public func split(at julianDate: Double) -> (before: EphemerisDataset, after: EphemerisDataset) {
    (epochs(in: -Double.infinity..<julianDate), epochs(in: julianDate..<Double.infinity))
  }

  /// The same epochs for the bodies with these IDs, in the order given.
  public func subset(bodies ids: [Int]) throws -> EphemerisDataset {
    let indices = try ids.map { id in
      guard let i = bodies.firstIndex(where: { $0.id == id }) else {
        throw OrbitsError.invalidArgument("body \(id) is not in the dataset; it has \(bodies.map { String($0.id) }.joined(separator: ", "))")
      }
      return i
    }
    return selecting(epochs: Array(epochs.indices), bodies: indices)
  }

  private func selecting(epochs kept: [Int], bodies chosen: [Int]) -> EphemerisDataset {
    func pick(_ values: [Double]) -> [Double] {
      kept.flatMap { e in chosen.flatMap { b in (0..<3).map { values[index(e, b, $0)] } } }
    }
    return EphemerisDataset(bodies: chosen.map { bodies[$0] }, epochs: kept.map { epochs[$0] },
                            positions: pick(positions), velocities: pick(velocities), accelerations: accelerations.map(pick),
                            frame: frame, center: center, timeScale: timeScale, provenance: provenance)
  }
}

extension SPKKernel {
  /// Samples `bodies` (NAIF IDs) on `epochs` with exact accelerations.
  public func dataset(bodies: [EphemerisBody], epochs: [Double]) throws -> EphemerisDataset {
    let width = 3 * bodies.count
    var p = [Double](repeating: 0, count: width * epochs.count), v = p, a = p
    for (b, body) in bodies.enumerated() {
      let s = try states(of: body.id, at: epochs)
      for e in epochs.indices {
        for k in 0..<3 {
          p[e * width + 3 * b + k] = s.positions[3 * e + k]
          v[e * width + 3 * b + k] = s.velocities[3 * e + k]
          a[e * width + 3 * b + k] = s.accelerations[3 * e + k]
        }
      }
    }
    return EphemerisDataset(bodies: bodies, epochs: epochs, positions: p, velocities: v, accelerations: a,
                            provenance: [("source", "SPK kernel \(file.lastPathComponent)"),
                                         ("accelerations", "second derivative of the kernel's Chebyshev series")])
  }
}
